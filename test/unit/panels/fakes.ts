// Fakes for the panels' data sources: just enough behaviour to drive the feeds, recording every call.
import type { LabEvent } from '../../../src/core/logs/labEvent';
import type { HistogramBucket, TailCursor, TailResult, TopValue } from '../../../src/core/logs/logStore';
import type { EventFilter, EventKind, TimeRange } from '../../../src/core/logs/queries';
import type { RangeOptions, Series } from '../../../src/core/metrics/prometheusClient';
import type { ScenarioRecord } from '../../../src/core/scenarios/records';
import type { ContainerSample, StatsSource } from '../../../src/core/docker/statsSampler';
import type { EventStore, MetricsStore } from '../../../src/vscode/panels/panelDeps';
import type { Timers } from '../../../src/vscode/panels/poller';

export function labEvent(id: string, timestamp: number, extra: Partial<LabEvent> = {}): LabEvent {
  return {
    id,
    timestamp,
    level: 'warning',
    message: 'login failed',
    action: 'login-failed',
    userName: 'admin',
    sourceIp: '10.0.0.5',
    userAgent: 'hydra',
    ...extra,
  };
}

export class FakeEventStore implements EventStore {
  /** Events each tail() call of a kind returns, in order; an Error entry is thrown instead. */
  readonly tails: Record<string, Array<LabEvent[] | Error>> = { 'failed-logins': [], errors: [] };
  readonly calls: string[] = [];
  histogramBuckets: HistogramBucket[] = [];
  topValues: TopValue[] = [];
  searchResult: LabEvent[] = [];
  /** When set, search() reads these instead of `searchResult`, as a store would: the kind's events in the range, oldest first. */
  stored: Partial<Record<EventKind, LabEvent[]>> | undefined;
  /** Thrown by the next search() calls instead of answering. */
  searchError: Error | undefined;
  lastSearch: { range: Partial<TimeRange>; filter?: EventFilter } | undefined;

  async tail(kind: EventKind, cursor: TailCursor): Promise<TailResult> {
    this.calls.push(`tail ${kind} from ${cursor.newest}`);
    const next = this.tails[kind]?.shift() ?? [];
    if (next instanceof Error) throw next;
    const newest = next.reduce((m, e) => Math.max(m, e.timestamp), cursor.newest);
    return { events: next, cursor: { newest, recent: [] }, more: false };
  }

  async histogram(kind: EventKind, range: TimeRange, bucketSeconds: number): Promise<HistogramBucket[]> {
    this.calls.push(`histogram ${kind} ${range.from}..${range.to} ${bucketSeconds}s`);
    return this.histogramBuckets;
  }

  async top(kind: EventKind, _range: Partial<TimeRange>, field: 'source.ip' | 'user.name', size: number): Promise<TopValue[]> {
    this.calls.push(`top ${kind} ${field} ${size}`);
    return this.topValues;
  }

  async search(kind: EventKind, range: Partial<TimeRange>, limit: number, filter?: EventFilter): Promise<LabEvent[]> {
    this.calls.push(`search ${kind} ${limit}`);
    this.lastSearch = { range, ...(filter ? { filter } : {}) };
    if (this.searchError) throw this.searchError;
    if (!this.stored) return this.searchResult;
    return (this.stored[kind] ?? [])
      .filter((e) => e.timestamp >= (range.from ?? -Infinity) && e.timestamp < (range.to ?? Infinity))
      .sort((a, b) => a.timestamp - b.timestamp)
      .slice(0, limit);
  }
}

export class FakeMetricsStore implements MetricsStore {
  readonly queries: Array<{ query: string; range: RangeOptions }> = [];
  result: (query: string) => Series[] = () => [];
  failWith: Error | undefined;

  async queryRange(query: string, range: RangeOptions): Promise<Series[]> {
    this.queries.push({ query, range });
    if (this.failWith) throw this.failWith;
    return this.result(query);
  }
}

export class FakeStats implements StatsSource {
  listeners: Array<(samples: ContainerSample[]) => void> = [];
  subscribe(listener: (samples: ContainerSample[]) => void) {
    this.listeners.push(listener);
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== listener);
      },
    };
  }
  emit(samples: ContainerSample[]): void {
    for (const l of this.listeners) l(samples);
  }
}

export function fakeRecords(records: ScenarioRecord[] = []) {
  return { inRange: async (from: number, to: number) => records.filter((r) => r.startedAt <= to && (r.endedAt ?? to) >= from) };
}

export const settle = async (rounds = 5) => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** Timers a test advances by hand. */
export class ManualTimers implements Timers {
  private pending: Array<{ id: number; fn: () => void; ms: number }> = [];
  private nextId = 1;

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.push({ id, fn, ms });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((t) => t.id !== handle);
  }

  get delays(): number[] {
    return this.pending.map((t) => t.ms);
  }

  /** Fires the pending timers set with this delay (and only those). */
  fireDelay(ms: number): void {
    const due = this.pending.filter((t) => t.ms === ms);
    this.pending = this.pending.filter((t) => t.ms !== ms);
    for (const t of due) t.fn();
  }

  /** Fires every pending timer once. */
  fireAll(): void {
    const due = this.pending;
    this.pending = [];
    for (const t of due) t.fn();
  }
}
