// Synthetic evidence sources and a manual clock for the detection unit tests. The fakes answer like the
// real stores (server-side min_doc_count, range filtering, query_range points) and count their requests.
import type { TopValue } from '../../../../src/core/logs/logStore';
import type { EventKind, TimeRange } from '../../../../src/core/logs/queries';
import type { RangeOptions, Series } from '../../../../src/core/metrics/prometheusClient';
import type { ScenarioRecord } from '../../../../src/core/scenarios/records';
import type { Clock, TimerHandle, Timers } from '../../../../src/core/detect/clock';
import type { LogCounts, MetricRanges, ScenarioLookup } from '../../../../src/core/detect/sources';

export const T0 = Date.parse('2026-11-27T10:00:00.000Z');

export interface FakeLogEvent {
  time: number;
  action: 'login-failed' | 'login-locked-out' | 'login-succeeded';
  sourceIp?: string;
  level?: 'info' | 'warning' | 'error';
}

export class FakeLogs implements LogCounts {
  events: FakeLogEvent[] = [];
  requests: Array<{ kind: string; range: Partial<TimeRange>; minCount?: number; size?: number }> = [];
  failWith: Error | undefined;

  failedLogins(count: number, sourceIp: string, at: number, spacingMs = 10): void {
    for (let i = 0; i < count; i++) this.events.push({ time: at + i * spacingMs, action: 'login-failed', sourceIp, level: 'warning' });
  }

  errors(count: number, at: number, spacingMs = 10): void {
    for (let i = 0; i < count; i++) this.events.push({ time: at + i * spacingMs, action: 'login-succeeded', level: 'error' });
  }

  async failedAttemptsBySource(range: Partial<TimeRange>, minCount: number, size: number): Promise<TopValue[]> {
    this.requests.push({ kind: 'failed-attempts-by-source', range, minCount, size });
    if (this.failWith) throw this.failWith;
    const counts = new Map<string, number>();
    for (const e of this.inRange(range)) {
      if ((e.action === 'login-failed' || e.action === 'login-locked-out') && e.sourceIp) counts.set(e.sourceIp, (counts.get(e.sourceIp) ?? 0) + 1);
    }
    return [...counts.entries()]
      .filter(([, c]) => c >= minCount)
      .sort((a, b) => b[1] - a[1])
      .slice(0, size)
      .map(([value, count]) => ({ value, count }));
  }

  async count(kind: EventKind, range: Partial<TimeRange>): Promise<number> {
    this.requests.push({ kind, range });
    if (this.failWith) throw this.failWith;
    if (kind !== 'errors') throw new Error(`fake supports only errors, got ${kind}`);
    return this.inRange(range).filter((e) => e.level === 'error').length;
  }

  private inRange(range: Partial<TimeRange>): FakeLogEvent[] {
    return this.events.filter((e) => (range.from === undefined || e.time >= range.from) && (range.to === undefined || e.time < range.to));
  }
}

/** Prometheus answering a ratio (0..1) as a function of time in unix seconds; undefined = no sample then. */
export class FakePrometheus implements MetricRanges {
  requests: Array<{ query: string; range: RangeOptions }> = [];
  failWith: Error | undefined;
  constructor(public ratioAt: (unixSeconds: number) => number | undefined) {}

  async queryRange(query: string, range: RangeOptions): Promise<Series[]> {
    this.requests.push({ query, range });
    if (this.failWith) throw this.failWith;
    const points: Array<[number, number]> = [];
    for (let t = range.start; t <= range.end; t += range.stepSeconds) {
      const v = this.ratioAt(t);
      if (v !== undefined) points.push([t, v]);
    }
    return points.length ? [{ labels: {}, points }] : [];
  }
}

export class FakeScenarios implements ScenarioLookup {
  constructor(public records: ScenarioRecord[] = []) {}
  async inRange(from: number, to: number): Promise<ScenarioRecord[]> {
    return this.records.filter((r) => r.startedAt <= to && (r.endedAt ?? Number.POSITIVE_INFINITY) >= from);
  }
}

export function record(kind: ScenarioRecord['kind'], startedAt: number, endedAt?: number): ScenarioRecord {
  return { id: `${kind}-${startedAt}`, kind, params: {}, startedAt, outcome: endedAt ? 'completed' : 'running', counts: {}, ...(endedAt ? { endedAt } : {}) };
}

/** A clock and timers that move only when told; `advance` runs due timers in order and lets promises settle. */
export class ManualTime implements Clock, Timers {
  private current: number;
  private timers: Array<{ id: number; due: number; callback: () => void }> = [];
  private nextId = 1;
  constructor(start = T0) {
    this.current = start;
  }
  now(): number {
    return this.current;
  }
  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.push({ id, due: this.current + ms, callback });
    return id;
  }
  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  get pendingTimers(): number {
    return this.timers.length;
  }
  /** Moves time forward without running timers (time passing during a request). */
  skip(ms: number): void {
    this.current += ms;
  }
  async advance(ms: number): Promise<void> {
    const end = this.current + ms;
    await settle();
    for (let guard = 0; guard < 100_000; guard++) {
      const next = this.timers.filter((t) => t.due <= end).sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = Math.max(this.current, next.due);
      next.callback();
      await settle();
    }
    this.current = end;
  }
}

/** Lets every chained promise of a tick run (each await is a microtask turn; setImmediate drains them all). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
}
