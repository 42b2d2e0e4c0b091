// How a command's failure is told: one mapping from typed errors to one message style, for every command
// (src/vscode/registerCommand.ts shows it). No 'vscode' here, so the mapping is unit-tested in plain node.
import { LabConfigError } from '../core/config';
import { EngineUnreachableError } from '../core/docker/client';
import { LabNotRunningError } from '../core/lab/scenarioTarget';
import { ScenarioStepError } from '../core/scenarios/catalog';
import { ScenarioParamError } from '../core/scenarios/params';
import { ComposeError } from '../core/stack/compose/errors';
import { ServiceFailedError, StackCancelledError } from '../core/stack/engine/errors';
import { PortInUseError } from '../core/stack/plan/portCheck';
import { t } from '../core/l10n';

/** What a button on the message does (an id: the button's label is failureActionLabel's). */
export type FailureAction = 'Open Settings' | 'Retry' | 'Show Output' | 'Start Monitoring Lab';

/** The button's label in the current language (the choice is compared with this same value). */
export function failureActionLabel(action: FailureAction): string {
  switch (action) {
    case 'Open Settings':
      return t('Open Settings');
    case 'Retry':
      return t('Retry');
    case 'Show Output':
      return t('Show Output');
    case 'Start Monitoring Lab':
      return t('Start Monitoring Lab');
  }
}

export interface FailureMessage {
  /** A cancelled operation is not an error: it is logged as cancelled, and told (if at all) as information. */
  outcome: 'cancelled' | 'failed';
  severity: 'information' | 'warning' | 'error';
  /** Undefined: nothing to tell (the user cancelled and knows it). */
  text?: string;
  actions: FailureAction[];
}

/** The user backed out (closed a prompt, pressed Cancel): the command ends quietly. */
export class UserCancelledError extends Error {
  constructor() {
    super('cancelled by the user');
    this.name = 'UserCancelledError';
  }
}

/**
 * An error raised inside a named operation ("Starting Monitoring Lab", "Simulate Brute Force"): the message names
 * the operation rather than the command.
 */
export class OperationError extends Error {
  constructor(
    readonly operation: string,
    readonly error: unknown,
  ) {
    super(error instanceof Error ? error.message : String(error));
    this.name = 'OperationError';
  }
}

/** Runs `body`; an error it throws is told as a failure of `operation`. */
export async function inOperation<T>(operation: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    throw err instanceof OperationError ? err : new OperationError(operation, err);
  }
}

/** The operation an error names (its own, or the command's title) and the error itself. */
export function unwrap(err: unknown, title: string): { title: string; error: unknown } {
  return err instanceof OperationError ? { title: err.operation, error: err.error } : { title, error: err };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** AbortSignal aborts, VS Code's CancellationError and a user backing out: none is a failure. */
export function isQuietCancellation(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return err instanceof UserCancelledError || name === 'AbortError' || name === 'Canceled';
}

/** The message for `err`, raised by the command or operation called `title`. */
export function describeFailure(err: unknown, title: string): FailureMessage {
  if (isQuietCancellation(err)) return { outcome: 'cancelled', severity: 'information', actions: [] };
  if (err instanceof StackCancelledError) {
    return {
      outcome: 'cancelled',
      severity: 'information',
      text: t('Monitoring Lab: {0} was cancelled. Nothing is half-made: run it again to resume.', title.toLowerCase()),
      actions: [],
    };
  }
  if (err instanceof PortInUseError || err instanceof LabConfigError || err instanceof ComposeError) {
    return { outcome: 'failed', severity: 'error', text: err.message, actions: ['Open Settings'] };
  }
  if (err instanceof EngineUnreachableError) return { outcome: 'failed', severity: 'error', text: err.message, actions: ['Retry'] };
  if (err instanceof ServiceFailedError) {
    // The whole text (container log excerpts) goes to the output channel; the message gets its first line.
    return { outcome: 'failed', severity: 'error', text: t('Monitoring Lab: {0}', err.message.split('\n')[0] ?? ''), actions: ['Show Output'] };
  }
  if (err instanceof LabNotRunningError) {
    return { outcome: 'failed', severity: 'warning', text: t('Monitoring Lab: {0} Start it first.', err.message), actions: ['Start Monitoring Lab'] };
  }
  // Messages that already say what is wrong and which value to change.
  if (err instanceof ScenarioParamError || err instanceof ScenarioStepError)
    return { outcome: 'failed', severity: 'error', text: t('Monitoring Lab: {0}', err.message), actions: [] };
  return { outcome: 'failed', severity: 'error', text: t('Monitoring Lab: {0} failed: {1}', title, messageOf(err)), actions: ['Show Output'] };
}

/** The one log line of an invocation: command id, outcome, duration (and, for a failure, what failed). */
export function invocationLogLine(id: string, outcome: 'done' | 'cancelled' | 'failed', ms: number, err?: unknown): string {
  const detail = err === undefined ? '' : `: ${err instanceof Error ? (err.stack ?? err.message) : messageOf(err)}`;
  return `command ${id} ${outcome} in ${Math.round(ms)} ms${detail}`;
}
