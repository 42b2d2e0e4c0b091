// Errors of stack operations, each saying what failed in words a user can act on.

import { t } from '../../l10n';
/** An operation was cancelled; the message is the whole sentence ("starting the lab was cancelled"). */
export class StackCancelledError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StackCancelledError';
  }
}

/** A wait ran out of time; the message (a whole sentence) names what it waited for. */
export class StackTimeoutError extends Error {
  constructor(
    message: string,
    readonly timeoutMs: number,
  ) {
    super(message);
    this.name = 'StackTimeoutError';
  }
}

/** A service did not come up: which one, why, and the last lines it printed. */
export class ServiceFailedError extends Error {
  constructor(
    readonly service: string,
    readonly reason: string,
    readonly logTail: string,
  ) {
    super(
      logTail.trim()
        ? `${t('{0} failed: {1}', service, reason)}\n${t('--- last log lines of {0} ---', service)}\n${logTail.trimEnd()}`
        : t('{0} failed: {1}', service, reason),
    );
    this.name = 'ServiceFailedError';
  }
}

/** `message`: the whole sentence, e.g. t('starting the lab was cancelled'). */
export function throwIfAborted(signal: AbortSignal | undefined, message: string): void {
  if (signal?.aborted) throw new StackCancelledError(message);
}

/** True for the errors an aborted dockerode request or stream raises. */
export function isAbortError(err: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (err as Error | undefined)?.name === 'AbortError';
}

/** Docker's "no such object" and "already in that state" answers, which idempotent steps ignore. */
export function isNotFound(err: unknown): boolean {
  return (err as { statusCode?: number } | undefined)?.statusCode === 404;
}

export function isNotModified(err: unknown): boolean {
  return (err as { statusCode?: number } | undefined)?.statusCode === 304;
}

/** Awaits a removal; "not found" means it is already done. */
export async function ignoreNotFound(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** Awaits a stop; "not modified" (not running) and "not found" (gone) both mean it is stopped. */
export async function ignoreAlreadyStopped(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (err) {
    if (!isNotModified(err) && !isNotFound(err)) throw err;
  }
}
