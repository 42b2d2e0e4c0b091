// The narrow views of Elasticsearch and Prometheus that rules need. LogStore and PrometheusClient satisfy
// them as they are; unit tests pass fakes. Rules ask by meaning; query text stays in core/logs and core/metrics.
import type { TopValue } from '../logs/logStore';
import type { EventKind, TimeRange } from '../logs/queries';
import type { RangeOptions, Series } from '../metrics/prometheusClient';
import type { ScenarioRecord } from '../scenarios/records';

export interface LogCounts {
  /** Sources with at least `minCount` failed login attempts in the range, most first (one terms aggregation). */
  failedAttemptsBySource(range: Partial<TimeRange>, minCount: number, size: number): Promise<TopValue[]>;
  /** Matching events in the range (one _count request). */
  count(kind: EventKind, range: Partial<TimeRange>): Promise<number>;
}

export interface MetricRanges {
  queryRange(query: string, range: RangeOptions): Promise<Series[]>;
}

/** Scenario records, for attribution only (never for detection). ScenarioRecords satisfies it. */
export interface ScenarioLookup {
  inRange(from: number, to: number): Promise<ScenarioRecord[]>;
}
