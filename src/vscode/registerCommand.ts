// The one way the extension registers a command (after Container Tools' registerCommand): every invocation is
// logged once to the output channel (command id, outcome, duration), a cancelled operation is not an error,
// and every failure becomes one message in one style (src/vscode/commandFailure.ts) with its buttons wired.
import * as vscode from 'vscode';
import type { CommandId } from './commandIds';
import { COMMANDS } from './commandIds';
import { type FailureAction, describeFailure, failureActionLabel, invocationLogLine, unwrap } from './commandFailure';

export interface CommandHost {
  /** The extension's output channel. */
  output: vscode.LogOutputChannel;
  /** Turns raw engine errors into ones that say what to do (e.g. "Docker is not running at …"). */
  explain?(err: unknown): unknown;
  /** Command titles by id (package.json), for messages about a command that has no operation name of its own. */
  titles?: { get(id: string): string | undefined };
}

let host: CommandHost | undefined;

/** Called once from activate(), before any command is registered. */
export function initCommands(h: CommandHost): void {
  host = h;
}

/**
 * Titles from package.json's contributes.commands. A localized manifest holds "%key%" placeholders: `nls` (the
 * package.nls*.json of the current language, read when asked so a language change applies) resolves them.
 */
export function commandTitles(packageJson: unknown, nls: () => Record<string, string> = () => ({})): { get(id: string): string | undefined } {
  const commands = (packageJson as { contributes?: { commands?: Array<{ command: string; title: string }> } } | undefined)?.contributes?.commands ?? [];
  const raw = new Map(commands.map((c) => [c.command, c.title]));
  return {
    get: (id) => {
      const title = raw.get(id);
      const key = title && /^%(.+)%$/.exec(title)?.[1];
      return key ? (nls()[key] ?? title) : title;
    },
  };
}

/** What the buttons of a failure message do. */
async function act(action: FailureAction): Promise<void> {
  switch (action) {
    case 'Open Settings':
      await vscode.commands.executeCommand('workbench.action.openSettings', 'monitoringLab');
      return;
    case 'Retry':
      await vscode.commands.executeCommand(COMMANDS.refresh);
      return;
    case 'Start Monitoring Lab':
      await vscode.commands.executeCommand(COMMANDS.start);
      return;
    case 'Show Output':
      host?.output.show(true);
      return;
  }
}

/**
 * Tells the user about a failure of `title` (a command's or an operation's). Not awaited by callers: a message may
 * stay open for minutes, and the operation must end when it does, not when the user dismisses the message.
 * Returns whether it was a real failure (false: a cancellation).
 */
export function reportFailure(raw: unknown, title: string): boolean {
  const unwrapped = unwrap(raw, title);
  const err = host?.explain ? host.explain(unwrapped.error) : unwrapped.error;
  const message = describeFailure(err, unwrapped.title);
  if (message.text) {
    const show =
      message.severity === 'error'
        ? vscode.window.showErrorMessage
        : message.severity === 'warning'
          ? vscode.window.showWarningMessage
          : vscode.window.showInformationMessage;
    const labels = message.actions.map((action) => ({ action, label: failureActionLabel(action) }));
    void show(message.text, ...labels.map((l) => l.label))
      .then((choice) => {
        const picked = labels.find((l) => l.label === choice);
        return picked ? act(picked.action) : undefined;
      })
      .then(undefined, () => undefined);
  }
  return message.outcome === 'failed';
}

/** Registers `id`; the returned disposable belongs in context.subscriptions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- command arguments are whatever the caller passes
export function registerCommand(id: CommandId, handler: (...args: any[]) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    const started = Date.now();
    try {
      const result = await handler(...args);
      host?.output.info(invocationLogLine(id, 'done', Date.now() - started));
      return result;
    } catch (err) {
      const failed = reportFailure(err, host?.titles?.get(id) ?? id);
      const line = invocationLogLine(id, failed ? 'failed' : 'cancelled', Date.now() - started, failed ? unwrap(err, id).error : undefined);
      if (failed) host?.output.error(line);
      else host?.output.info(line);
      return undefined;
    }
  });
}
