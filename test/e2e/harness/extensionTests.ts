/**
 * Runs a test module inside the real extension host (extensionTestsPath) and returns what the workbench reported:
 * the exit code from codeAutomationExit (the only trustworthy result) and the output from codeAutomationLog.
 */
import type { Session, WorkbenchOptions } from './workbench';
import { withTimeout } from './wait';

export interface ExtensionTestResult {
  exitCode: number;
  /** All codeAutomationLog lines. */
  output: string[];
  /** ms from navigation to codeAutomationExit. */
  durationMs: number;
  /** ms from navigation until the workbench rendered. */
  loadMs: number;
}

/**
 * The lines a test entry printed, told apart from the workbench's own log: everything from the first line containing
 * `startMarker` to the last line containing `endMarker` (both included). Falls back to all lines.
 */
export function sliceOutput(lines: string[], startMarker: string, endMarker: string): string[] {
  const start = lines.findIndex((l) => l.includes(startMarker));
  let end = -1;
  for (let i = lines.length - 1; i >= 0; i--)
    if (lines[i].includes(endMarker)) {
      end = i;
      break;
    }
  if (start < 0 || end < start) return lines;
  return lines.slice(start, end + 1);
}

export async function runExtensionHostTests(
  session: Session,
  extensionTestsPath: string,
  options: Omit<WorkbenchOptions, 'extensionTestsPath'> & { timeoutMs?: number } = {},
): Promise<ExtensionTestResult> {
  const wb = await session.openWorkbench({ ...options, extensionTestsPath });
  try {
    const exitCode = await withTimeout(
      `codeAutomationExit from the extension host running ${extensionTestsPath}`,
      wb.automation.exit,
      options.timeoutMs ?? 120_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n--- codeAutomationLog so far ---\n${wb.automation.lines.slice(-60).join('\n')}`);
    });
    return { exitCode, output: [...wb.automation.lines], durationMs: Date.now() - wb.startedAt, loadMs: wb.loadMs };
  } finally {
    await wb.close();
  }
}
