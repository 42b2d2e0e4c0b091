/**
 * code-server (real VS Code, served to a browser) on a free 127.0.0.1 port, in its own process group,
 * with its own user-data, extensions, XDG and TMPDIR folders. stop() kills the whole group
 * (a file-watcher child outlives the main pid) and removes the temp folders.
 */
import type { ChildProcess } from 'child_process';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { onExitCleanup } from './cleanup';
import { codeServerInstall } from './paths';
import { freePort } from './port';
import { writeUserSettings } from './settings';
import type { TempDirs } from './tempdirs';
import { makeTempDirs } from './tempdirs';
import { sleep, waitFor, WaitAborted } from './wait';

export interface CodeServerOptions {
  /** Extra user settings merged over the clean defaults. */
  settings?: Record<string, unknown>;
  /** Extra environment for the server (and so for the extension host). */
  env?: Record<string, string>;
  /** How long to wait for the server to answer, ms (default 60 s). */
  startTimeoutMs?: number;
}

export interface CodeServer {
  port: number;
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  /** The authority the workbench uses for vscode-remote:// URIs. */
  authority: string;
  dirs: TempDirs;
  /** The temp workspace folder. */
  workspace: string;
  /** The server's stdout+stderr. */
  logFile: string;
  pid: number;
  /** Last lines of the server log, for error messages. */
  logTail(lines?: number): string;
  /** Kills the process group and removes the temp folders. Idempotent, never throws. */
  stop(): Promise<void>;
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

function httpStatus(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/** The environment for code-server: ours minus anything that would tie it to another VS Code. */
function serverEnv(dirs: TempDirs, nodeBin: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE' || k.startsWith('npm_') || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  return {
    ...env,
    // Node 24 first in PATH only for code-server and its children.
    PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
    EXTENSIONS_GALLERY: '{}',
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    TMPDIR: dirs.tmp,
    ...extra,
  };
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const install = codeServerInstall();
  const dirs = makeTempDirs();
  writeUserSettings(dirs.userData, options.settings);
  const port = await freePort();
  const logFile = path.join(dirs.root, 'code-server.log');
  const logFd = fs.openSync(logFile, 'a');
  const args = [
    install.codeServerEntry,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
    '--vscode-option',
    'enable-smoke-test-driver',
    dirs.workspace,
  ];
  let child: ChildProcess;
  try {
    child = spawn(install.node, args, {
      cwd: dirs.root,
      env: serverEnv(dirs, install.node, options.env ?? {}),
      detached: true, // own process group: stop() kills the group
      stdio: ['ignore', logFd, logFd],
    });
  } finally {
    fs.closeSync(logFd);
  }
  const pid = child.pid;
  if (!pid) {
    dirs.remove();
    throw new Error(`e2e: could not spawn code-server (${install.node} ${install.codeServerEntry})`);
  }
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = `code ${code ?? '-'} signal ${signal ?? '-'}`;
  });
  const unregister = onExitCleanup(() => killGroup(pid, 'SIGKILL'));

  const logTail = (lines = 40): string => {
    try {
      return fs.readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  };

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    killGroup(pid, 'SIGTERM');
    for (let i = 0; i < 40 && groupAlive(pid); i++) await sleep(250);
    if (groupAlive(pid)) killGroup(pid, 'SIGKILL');
    for (let i = 0; i < 20 && groupAlive(pid); i++) await sleep(250);
    unregister();
    const keep = process.env.MLAB_E2E_KEEP_TMP === '1';
    if (keep) console.log(`[e2e] kept ${dirs.root}`);
    else {
      try {
        dirs.remove();
      } catch {
        /* best effort */
      }
    }
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      `code-server to answer on ${baseUrl}/healthz`,
      async () => {
        if (exited) throw new WaitAborted(`code-server exited early (${exited})`);
        return (await httpStatus(`${baseUrl}/healthz`, 2000)) === 200;
      },
      options.startTimeoutMs ?? 60_000,
      200,
    );
  } catch (err) {
    const tail = logTail();
    await stop();
    throw new Error(`e2e: ${(err as Error).message}\n--- code-server log (tail) ---\n${tail}`, { cause: err });
  }

  return { port, baseUrl, authority: `127.0.0.1:${port}`, dirs, workspace: dirs.workspace, logFile, pid, logTail, stop };
}
