// Scenarios that are HTTP traffic to the lab app: brute force (failed logins) and an error burst.
// Bounded by validated parameters, cancellable through an AbortSignal (no request starts after abort,
// and in-flight ones are aborted), and reporting progress as plain numbers.
import { randomBytes } from 'node:crypto';
import type { LabAppClient } from '../app/labAppClient';
import { DEFAULT_DEMO_USER } from '../app/labAppClient';
import type { BruteForceParams, ErrorBurstParams } from './params';
import { sleep } from '../util/sleep';

export interface ScenarioProgress {
  done: number;
  total: number;
  /** Responses so far by HTTP status ("401": 12), plus "error" for requests that failed outright. */
  counts: Record<string, number>;
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ScenarioProgress) => void;
}

export interface HttpScenarioResult {
  counts: Record<string, number>;
  sent: number;
  cancelled: boolean;
}

/** A password the demo account cannot have: random, so no run repeats one. */
function wrongPassword(): string {
  return `wrong-${randomBytes(6).toString('hex')}`;
}

/** Runs `total` jobs with at most `concurrency` in flight; stops starting new jobs once aborted. */
async function pool(total: number, concurrency: number, job: (index: number) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < total && !signal?.aborted) {
      const index = next++;
      await job(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
}

function tally(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

async function send(counts: Record<string, number>, request: () => Promise<number>, signal?: AbortSignal): Promise<boolean> {
  try {
    tally(counts, String(await request()));
    return true;
  } catch (err) {
    if (signal?.aborted) return false;
    tally(counts, 'error');
    return true;
  }
}

/**
 * Failed logins against the demo app: `count` wrong passwords, round-robin over `usernames`
 * (one name = brute force, several = password spraying), optionally one final correct login
 * with the demo account (the only account there is: `demo.user`, the app's default when absent).
 */
export async function runBruteForce(
  app: LabAppClient,
  params: BruteForceParams,
  demo: { password: string; user?: string },
  options: RunOptions = {},
): Promise<HttpScenarioResult> {
  const { signal, onProgress } = options;
  const counts: Record<string, number> = {};
  const total = params.count + (params.finalCorrectPassword ? 1 : 0);
  let done = 0;
  const report = () => onProgress?.({ done, total, counts: { ...counts } });
  await pool(
    params.count,
    params.concurrency,
    async (i) => {
      const user = params.usernames[i % params.usernames.length]!;
      if (await send(counts, () => app.login(user, wrongPassword(), signal), signal)) done++;
      report();
      await sleep(params.delayMs, signal);
    },
    signal,
  );
  if (params.finalCorrectPassword && !signal?.aborted) {
    // The "successful attacker" ending: the demo account with its right password. Not `usernames[0]`: with the
    // default 'admin' that login could only ever fail, and a run meant to end in a 200 would end in a 401.
    if (await send(counts, () => app.login(demo.user ?? DEFAULT_DEMO_USER, demo.password, signal), signal)) done++;
    report();
  }
  return { counts, sent: done, cancelled: signal?.aborted ?? false };
}

/** `count` requests to /error, spread evenly over `spreadSeconds`. */
export async function runErrorBurst(app: LabAppClient, params: ErrorBurstParams, options: RunOptions = {}): Promise<HttpScenarioResult> {
  const { signal, onProgress } = options;
  const counts: Record<string, number> = {};
  const gapMs = params.count > 1 ? (params.spreadSeconds * 1000) / (params.count - 1) : 0;
  let done = 0;
  for (let i = 0; i < params.count && !signal?.aborted; i++) {
    if (i > 0) await sleep(gapMs, signal);
    if (signal?.aborted) break;
    if (await send(counts, () => app.triggerError(signal), signal)) done++;
    onProgress?.({ done, total: params.count, counts: { ...counts } });
  }
  return { counts, sent: done, cancelled: signal?.aborted ?? false };
}
