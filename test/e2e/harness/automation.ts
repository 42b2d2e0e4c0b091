/**
 * The smoke-test-driver hooks of the web workbench: `codeAutomationLog(type, args)` receives the workbench's log
 * (and, while extension tests run, the extension host's console output); `codeAutomationExit(code, logs)` is called
 * once when the extension host running extensionTestsPath exits. Only that exit code is trustworthy: the server's
 * own log always says the host exited 0.
 */
import type { Page } from 'playwright-core';
import { format } from 'util';

export interface AutomationHooks {
  /** Every line received through codeAutomationLog, in order, as "[type] text". */
  readonly lines: string[];
  /** Resolves with the exit code passed to codeAutomationExit. */
  readonly exit: Promise<number>;
  /** The exit code, once known. */
  exitCode(): number | undefined;
}

/** console-style formatting: the first argument may be a printf-like format ("%s%s", "%d passing (%s)", "%c"). */
export function formatConsoleArgs(args: unknown[]): string {
  return format(...args).replace(/\s+$/, '');
}

/** Must be called before the page navigates to the workbench. */
export async function exposeAutomationHooks(page: Page, onLine?: (line: string) => void): Promise<AutomationHooks> {
  const lines: string[] = [];
  let code: number | undefined;
  let resolveExit: (code: number) => void = () => undefined;
  const exit = new Promise<number>((resolve) => (resolveExit = resolve));
  await page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
    const line = `[${String(type)}] ${formatConsoleArgs(Array.isArray(args) ? args : [args])}`;
    lines.push(line);
    onLine?.(line);
  });
  await page.exposeFunction('codeAutomationExit', (exitCode: unknown) => {
    if (code !== undefined) return;
    code = typeof exitCode === 'number' ? exitCode : Number(exitCode);
    resolveExit(code);
  });
  return { lines, exit, exitCode: () => code };
}
