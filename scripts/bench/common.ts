// What the benchmarks share: a target lab (an existing one by URL, or one started on the test bed) and
// the statistics they print.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { LabAppClient } from '../../src/core/app/labAppClient';
import { LogStore } from '../../src/core/logs/logStore';

export interface BenchTarget {
  app: LabAppClient;
  logs: LogStore;
  /** The app's base URL (http://127.0.0.1:PORT). */
  appUrl: string;
  /** Host process ids of a service's container (test bed only: its engine shares this machine's process table). */
  containerPid?(service: string): Promise<number | undefined>;
  teardown(): Promise<void>;
}

/**
 * An existing lab when `--app` and `--es` are given; otherwise a lite lab on the test bed, started exactly as the
 * integration suites start theirs (needs DOCKER_HOST from the bed's env), and removed by `teardown`.
 */
export async function benchTarget(options: { suite: string; app?: string; es?: string; index?: string; behindProxy?: boolean }): Promise<BenchTarget> {
  if (options.app && options.es) {
    const logs = new LogStore({ url: options.es, index: options.index ?? 'lab-logs' });
    return { app: new LabAppClient(options.app), logs, appUrl: options.app, teardown: () => logs.close() };
  }
  const { startTestLab } = await import('../../test/integration/fixtures/lab');
  process.stderr.write('starting a lab on the test bed…\n');
  // The bundle does not live where the fixture expects compiled tests; name the stack folder explicitly.
  const stackSourceDir = path.join(process.cwd(), 'resources', 'stack');
  const lab = await startTestLab(options.suite, { stackSourceDir, ...(options.behindProxy ? { behindProxy: true } : {}) });
  return {
    app: lab.app(),
    logs: lab.logStore(),
    appUrl: lab.url('app'),
    containerPid: async (service) => (await (await lab.container(service)).inspect()).State.Pid || undefined,
    teardown: () => lab.teardown(),
  };
}

/**
 * A load generator for throughput: `count` failed logins over `concurrency` kept-alive connections (node:http with a
 * keep-alive agent). fetch() costs about 1 ms of CPU per request on this machine, as much as the app spends answering
 * it, so a rate measured through it is half the load generator's; this costs about a quarter of that. Resolves with
 * the count of each HTTP status; a request that fails outright rejects.
 */
export async function loginLoad(appUrl: string, count: number, concurrency: number, user = 'ingest'): Promise<Map<number, number>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const body = JSON.stringify({ username: user, password: 'x' });
  const url = new URL('/login', appUrl);
  const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'monitoring-lab-bench/1' };
  const one = () =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(url, { method: 'POST', agent, headers, timeout: 10_000 }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('login request timed out after 10 s')));
      req.on('error', reject);
      req.end(body);
    });
  const statuses = new Map<number, number>();
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: Math.min(concurrency, count) }, async () => {
        while (next < count) {
          next++;
          const status = await one();
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  return statuses;
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

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  ticks: number;
}

/** Every process's parent, command name and CPU ticks (user + system) from /proc; empty where there is none. */
function readProcs(): ProcStat[] {
  let dirs: string[];
  try {
    dirs = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  return dirs.flatMap((d) => {
    try {
      const text = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      // The command name (field 2) may hold spaces and parentheses: fields are counted after the last ')'.
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      return [{ pid: Number(d), ppid: Number(f[1]), comm: text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')), ticks: Number(f[11]) + Number(f[12]) }];
    } catch {
      return []; // the process ended while we looked
    }
  });
}

// USER_HZ: the clock ticks per second of /proc/<pid>/stat on every Linux architecture Node runs on.
const TICK_MS = 10;

/** CPU time (user + system, ms) of a process and all its descendants (Linux only; 0 elsewhere). */
export function processTreeCpuMs(rootPid: number): number {
  const procs = readProcs();
  const children = new Map<number, number[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const ticks = new Map(procs.map((p) => [p.pid, p.ticks]));
  let total = 0;
  const todo = [rootPid];
  while (todo.length) {
    const pid = todo.pop()!;
    total += ticks.get(pid) ?? 0;
    todo.push(...(children.get(pid) ?? []));
  }
  return total * TICK_MS;
}

/**
 * CPU time (ms) of the Docker engine's own processes on this machine: dockerd, containerd and the per-container
 * shims (without the containers below them). On the test bed these carry the containers' stdout to the log files.
 */
export function engineCpuMs(): number {
  return readProcs()
    .filter((p) => p.comm === 'dockerd' || p.comm === 'containerd' || p.comm.startsWith('containerd-shim'))
    .reduce((sum, p) => sum + p.ticks * TICK_MS, 0);
}

/** The whole machine's busy CPU time (ms, all cores) from /proc/stat; 0 where there is none. */
export function machineBusyCpuMs(): number {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: busy = all but idle and iowait.
    const busy = f.slice(0, 8).reduce((a, b) => a + b, 0) - f[3]! - f[4]!;
    return busy * TICK_MS;
  } catch {
    return 0;
  }
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
