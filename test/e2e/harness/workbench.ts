/**
 * A VS Code workbench in a browser page: one code-server + one chromium per Session, any number of workbench pages.
 *
 *   const session = await Session.start();            // before()
 *   const wb = await session.openWorkbench();          // the repo loaded as the extension under development
 *   ...
 *   await session.dispose();                           // after(): kills the server group, closes chromium, removes temp dirs
 *
 * or, for one-shot use, `const wb = await openWorkbench(); ... await wb.dispose()`.
 */
import type { BrowserContext, Page } from 'playwright-core';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame } from 'playwright-core';
import type { AutomationHooks } from './automation';
import { exposeAutomationHooks } from './automation';
import { runCommand } from './commands';
import { screenshot } from './screenshot';
import { findWebviewFrame } from './webview';
import { closeBrowser, launchBrowser } from './browser';
import type { CodeServer, CodeServerOptions } from './codeServer';
import { startCodeServer } from './codeServer';
import { extensionUnderTest } from './paths';
import { workbenchUrl } from './payload';
import { withTimeout } from './wait';

export interface WorkbenchOptions {
  /** Folder to open (default: the session's temp workspace). */
  folder?: string;
  /** Extension under development (default: the repository root; null: none). */
  extensionDevelopmentPath?: string | null;
  /** Absolute path of a compiled test entry exporting run(); runs inside the extension host. */
  extensionTestsPath?: string;
  /** Environment for the extension host. */
  extensionEnvironment?: Record<string, string>;
  /** Echo codeAutomationLog lines to this process's console as they arrive. */
  echoAutomationLog?: boolean | ((line: string) => boolean);
  /** How long to wait for the workbench to render, ms (default 60 s). */
  loadTimeoutMs?: number;
}

export interface Workbench {
  page: Page;
  session: Session;
  url: string;
  automation: AutomationHooks;
  /** ms from navigation start until the workbench shell rendered. */
  loadMs: number;
  /** Date.now() when navigation started. */
  startedAt: number;
  /** Runs a command by its palette title, e.g. "Monitoring Lab: Start Monitoring Lab". */
  runCommand(title: string): Promise<void>;
  /** Writes artifacts/e2e/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  /** The first (nested) webview frame for which `predicate` holds. */
  findWebviewFrame(predicate: (frame: Frame) => Promise<boolean> | boolean, timeoutMs?: number): Promise<Frame>;
  /** Closes the page (the session stays). */
  close(): Promise<void>;
  /** Closes the page; if the session was made for this workbench alone, disposes it too. */
  dispose(): Promise<void>;
}

export interface SessionOptions extends CodeServerOptions {
  viewport?: { width: number; height: number };
  /** User keybindings (keybindings.json entries), e.g. NOTIFICATION_KEYBINDINGS. */
  keybindings?: Array<{ key: string; command: string; when?: string }>;
}

export class Session {
  private disposed = false;

  private constructor(
    readonly server: CodeServer,
    readonly context: BrowserContext,
  ) {}

  static async start(options: SessionOptions = {}): Promise<Session> {
    const server = await startCodeServer(options);
    if (options.keybindings) {
      fs.writeFileSync(path.join(server.dirs.userData, 'User', 'keybindings.json'), JSON.stringify(options.keybindings, null, 2));
    }
    let context: BrowserContext | undefined;
    try {
      context = await launchBrowser({ profileDir: server.dirs.browserProfile, ...(options.viewport ? { viewport: options.viewport } : {}) });
    } catch (err) {
      await server.stop();
      throw err;
    }
    return new Session(server, context);
  }

  get userDataDir(): string {
    return this.server.dirs.userData;
  }

  async openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
    const devPath = options.extensionDevelopmentPath === undefined ? extensionUnderTest() : options.extensionDevelopmentPath;
    const url = workbenchUrl({
      baseUrl: this.server.baseUrl,
      authority: this.server.authority,
      folder: options.folder ?? this.server.workspace,
      ...(devPath ? { extensionDevelopmentPath: path.resolve(devPath) } : {}),
      ...(options.extensionTestsPath ? { extensionTestsPath: path.resolve(options.extensionTestsPath) } : {}),
      ...(options.extensionEnvironment ? { extensionEnvironment: options.extensionEnvironment } : {}),
    });
    const page = await this.context.newPage();
    const echo = options.echoAutomationLog;
    const automation = await exposeAutomationHooks(page, (line) => {
      if (echo === true || (typeof echo === 'function' && echo(line))) console.log(`    [host] ${line}`);
    });
    const startedAt = Date.now();
    const loadTimeoutMs = options.loadTimeoutMs ?? 60_000;
    try {
      await page.goto(url, { timeout: loadTimeoutMs, waitUntil: 'domcontentloaded' });
      await page.locator('.monaco-workbench .part.activitybar').first().waitFor({ state: 'visible', timeout: loadTimeoutMs });
    } catch (err) {
      await page.close().catch(() => undefined);
      throw new Error(
        `e2e: the workbench did not render within ${loadTimeoutMs} ms at ${url}: ${(err as Error).message}\n` +
          `--- code-server log (tail) ---\n${this.server.logTail()}`,
        { cause: err },
      );
    }
    const loadMs = Date.now() - startedAt;
    const close = async (): Promise<void> => {
      if (!page.isClosed()) await withTimeout('the workbench page to close', page.close(), 15_000).catch(() => undefined);
    };
    return {
      page,
      session: this,
      url,
      automation,
      loadMs,
      startedAt,
      runCommand: (title) => runCommand(page, title),
      screenshot: (name) => screenshot(page, name),
      findWebviewFrame: (predicate, timeoutMs) => findWebviewFrame(page, predicate, timeoutMs ? { timeoutMs } : {}),
      close,
      dispose: close,
    };
  }

  /** Kills code-server's process group, closes chromium, removes temp dirs. Idempotent, never throws. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await closeBrowser(this.context);
    await this.server.stop();
  }
}

/** One-shot: a fresh session with one workbench; `dispose()` tears the whole session down. */
export async function openWorkbench(options: WorkbenchOptions & SessionOptions = {}): Promise<Workbench> {
  const session = await Session.start(options);
  try {
    const wb = await session.openWorkbench(options);
    return {
      ...wb,
      dispose: async () => {
        await wb.close();
        await session.dispose();
      },
    };
  } catch (err) {
    await session.dispose();
    throw err;
  }
}
