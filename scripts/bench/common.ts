// What the benchmarks share: a target lab (an existing one by URL, or one started on the test bed) and
// the statistics they print.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LabAppClient } from '../../src/core/app/labAppClient';
import { LogStore } from '../../src/core/logs/logStore';

export interface BenchTarget {
  app: LabAppClient;
  logs: LogStore;
  teardown(): Promise<void>;
}

/**
 * An existing lab when `--app` and `--es` are given; otherwise a lite lab on the test bed, started exactly as the
 * integration suites start theirs (needs DOCKER_HOST from the bed's env), and removed by `teardown`.
 */
export async function benchTarget(options: { suite: string; app?: string; es?: string; index?: string; behindProxy?: boolean }): Promise<BenchTarget> {
  if (options.app && options.es) {
    const logs = new LogStore({ url: options.es, index: options.index ?? 'lab-logs' });
    return { app: new LabAppClient(options.app), logs, teardown: () => logs.close() };
  }
  const { startTestLab } = await import('../../test/integration/fixtures/lab');
  process.stderr.write('starting a lab on the test bed…\n');
  // The bundle does not live where the fixture expects compiled tests; name the stack folder explicitly.
  const stackSourceDir = path.join(process.cwd(), 'resources', 'stack');
  const lab = await startTestLab(options.suite, { stackSourceDir, ...(options.behindProxy ? { behindProxy: true } : {}) });
  return { app: lab.app(), logs: lab.logStore(), teardown: () => lab.teardown() };
}

/** Sends `count` failed logins, `concurrency` at a time; every answer must be 401. Resolves when the last arrived. */
export async function failedLoginBurst(
  app: LabAppClient,
  count: number,
  concurrency: number,
  user = 'admin',
  headers: Record<string, string> = {},
): Promise<number> {
  let next = 0;
  const statuses = new Set<number>();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        next++;
        statuses.add(await app.login(user, `wrong-${Math.random()}`, undefined, headers));
      }
    }),
  );
  if (statuses.size !== 1 || !statuses.has(401)) throw new Error(`expected only 401 answers, got ${[...statuses].join(', ')}`);
  return Date.now();
}

/** Nearest-rank percentile of ascending samples: the smallest value with at least p % of them at or below it. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function median(sorted: number[]): number {
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Waits until `check()` holds, polling every 10 ms; fails naming what it waited for. */
export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

type FlagKind = 'number' | 'string' | 'boolean';
type FlagValues<S extends Record<string, FlagKind>> = {
  [K in keyof S]?: S[K] extends 'number' ? number : S[K] extends 'string' ? string : boolean;
};

/**
 * Reads `--name value` flags (a 'boolean' flag takes no value) as `spec` names them. An unknown flag, or one
 * without its value, is an error that shows `usage`. Range checks stay with each benchmark.
 */
export function readFlags<S extends Record<string, FlagKind>>(argv: string[], spec: S, usage: string): FlagValues<S> {
  const values: Record<string, number | string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const name = flag.startsWith('--') ? flag.slice(2) : '';
    const kind = Object.prototype.hasOwnProperty.call(spec, name) ? spec[name] : undefined;
    if (!kind) throw new Error(`unknown argument ${flag} (use ${usage})`);
    if (kind === 'boolean') {
      values[name] = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    values[name] = kind === 'number' ? Number(value) : value;
  }
  return values as FlagValues<S>;
}

/** One measured figure, as docs/benchmarks.md shows it (written by scripts/bench/all.mjs, never by hand). */
export interface Figure {
  /** Stable key, e.g. "tail-latency.every-event". */
  id: string;
  /** What is measured, for people. */
  figure: string;
  unit: 'ms' | 'events/s' | 'KiB' | 'ratio' | 'requests/min';
  median: number;
  /** Absent where the figure is one number (a size). */
  p95?: number;
  samples: number;
  /** The goal as text ("p95 ≤ 1000 ms") and whether this run met it. */
  goal?: string;
  met?: boolean;
  /** The command that measured it. */
  command: string;
  note?: string;
}

/**
 * Records a figure: one `FIGURE {json}` line on stdout, and the same JSON appended to $MLAB_BENCH_RESULTS when
 * set (scripts/bench/all.mjs collects them into docs/benchmarks.md).
 */
export function recordFigure(figure: Figure): void {
  const line = JSON.stringify(figure);
  process.stdout.write(`FIGURE ${line}\n`);
  const file = process.env.MLAB_BENCH_RESULTS;
  if (file) fs.appendFileSync(file, `${line}\n`);
}

/** Runs a benchmark's main (async, or synchronous when it waits for nothing); a failure prints its stack and exits 1. */
export function runBench(main: () => Promise<void> | void): void {
  new Promise<void>((resolve) => resolve(main())).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
