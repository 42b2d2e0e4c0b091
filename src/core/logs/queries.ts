// The one place that builds Elasticsearch queries for the lab's logs. Pure functions returning request
// bodies, so the shapes are unit-tested and every reader (panels, rules, report) asks the same way.
import type { estypes } from '@elastic/elasticsearch';
import { EVENT_ACTIONS } from './labEvent';

export type EventKind = 'failed-logins' | 'errors' | 'auth' | 'lockouts' | 'malformed' | 'all';

/** A time range in unix milliseconds, [from, to). */
export interface TimeRange {
  from: number;
  to: number;
}

type Query = estypes.QueryDslQueryContainer;

/** Sort order every reader shares: time, then event.id as tiebreaker (sorting on _id is disabled in ES 9). */
export const EVENT_SORT_ASC: estypes.SortCombinations[] = [{ '@timestamp': { order: 'asc' } }, { 'event.id': { order: 'asc' } }];

export function kindFilter(kind: EventKind): Query[] {
  switch (kind) {
    case 'failed-logins':
      return [{ term: { 'event.action': EVENT_ACTIONS.loginFailed } }];
    case 'errors':
      return [{ term: { 'log.level': 'error' } }];
    case 'lockouts':
      return [{ term: { 'event.action': EVENT_ACTIONS.loginLockedOut } }];
    case 'malformed':
      return [{ term: { 'event.action': EVENT_ACTIONS.loginMalformed } }];
    case 'auth':
      return [{ terms: { 'event.action': Object.values(EVENT_ACTIONS).filter((a) => a.startsWith('login-')) } }];
    case 'all':
      return [];
  }
}

export function rangeFilter(range: Partial<TimeRange>): Query {
  const bounds: estypes.QueryDslDateRangeQuery = { format: 'strict_date_optional_time' };
  if (range.from !== undefined) bounds.gte = new Date(range.from).toISOString();
  if (range.to !== undefined) bounds.lt = new Date(range.to).toISOString();
  return { range: { '@timestamp': bounds } };
}

/** Optional exact filters: a source address and/or a user name. */
export interface EventFilter {
  sourceIp?: string;
  userName?: string;
}

export function eventQuery(kind: EventKind, range: Partial<TimeRange>, filter: EventFilter = {}): Query {
  const must: Query[] = [...kindFilter(kind), rangeFilter(range)];
  if (filter.sourceIp) must.push({ term: { 'source.ip': filter.sourceIp } });
  if (filter.userName) must.push({ term: { 'user.name': filter.userName } });
  return { bool: { filter: must } };
}

/** Events ascending by time, paged with search_after. */
export function eventPageRequest(kind: EventKind, range: Partial<TimeRange>, size: number, searchAfter?: Array<string | number>, filter?: EventFilter) {
  return {
    size,
    query: eventQuery(kind, range, filter),
    sort: EVENT_SORT_ASC,
    track_total_hits: false,
    ...(searchAfter ? { search_after: searchAfter } : {}),
  };
}

/** Events per fixed bucket over the range, empty buckets included, so a chart has no holes. */
export function histogramRequest(kind: EventKind, range: TimeRange, bucketSeconds: number) {
  if (!(bucketSeconds >= 1) || !Number.isInteger(bucketSeconds)) throw new RangeError(`bucket must be a whole number of seconds ≥ 1, got ${bucketSeconds}`);
  return {
    size: 0,
    query: eventQuery(kind, range),
    aggs: {
      perBucket: {
        date_histogram: {
          field: '@timestamp',
          fixed_interval: `${bucketSeconds}s`,
          min_doc_count: 0,
          extended_bounds: { min: range.from, max: range.to - 1 },
        },
      },
    },
  };
}

/** The `size` most frequent values of a keyword/ip field among matching events. */
export function topValuesRequest(kind: EventKind, range: Partial<TimeRange>, field: 'source.ip' | 'user.name', size: number, minCount = 1) {
  return {
    size: 0,
    query: eventQuery(kind, range),
    aggs: { top: { terms: { field, size, min_doc_count: minCount } } },
  };
}

export function countRequest(kind: EventKind, range: Partial<TimeRange>) {
  return { query: eventQuery(kind, range) };
}

/**
 * Failed login attempts: rejected credentials, and attempts the app's lockout blocked (still an attacker trying).
 * Used by the brute-force rule, which must keep seeing an attack after a lockout kicks in.
 */
export function failedAttemptsQuery(range: Partial<TimeRange>): Query {
  return {
    bool: {
      filter: [{ terms: { 'event.action': [EVENT_ACTIONS.loginFailed, EVENT_ACTIONS.loginLockedOut] } }, rangeFilter(range)],
    },
  };
}

/**
 * Sources with at least `minCount` failed attempts in the range, most first: one terms aggregation, no documents.
 * `min_doc_count` drops every quieter source server-side, so the answer stays a few buckets however busy the lab is.
 */
export function failedAttemptsBySourceRequest(range: Partial<TimeRange>, minCount: number, size: number) {
  if (!(minCount >= 1) || !Number.isInteger(minCount)) throw new RangeError(`minCount must be a whole number ≥ 1, got ${minCount}`);
  if (!(size >= 1) || !Number.isInteger(size)) throw new RangeError(`size must be a whole number ≥ 1, got ${size}`);
  return {
    size: 0,
    track_total_hits: false,
    query: failedAttemptsQuery(range),
    aggs: { bySource: { terms: { field: 'source.ip', size, min_doc_count: minCount, order: { _count: 'desc' as const } } } },
  };
}

/** Keyword/ip fields a summary can break events down by (each a terms aggregation, never documents). */
export type SummaryField = 'source.ip' | 'user.name' | 'user_agent.original' | 'error.type' | 'url.path' | 'event.action' | 'http.response.status_code';

export interface SummaryRequestOptions {
  /** Histogram bucket, whole seconds (the report uses 10 s). */
  bucketSeconds: number;
  /** Fields to break down, each into its `topSize` most frequent values. */
  fields: readonly SummaryField[];
  topSize: number;
  /** Adds one sample error message per error.type (error.message is text, so it cannot be a terms key). */
  sampleErrorMessages?: boolean;
}

/**
 * Everything a report says about one kind of event in a range, in ONE aggregation request, no documents:
 * the count (exact: track_total_hits), first and last time, a histogram with empty buckets, the busiest
 * minute (a per-minute histogram + max_bucket), distinct user names, and the top values of the given fields.
 */
export function eventSummaryRequest(kind: EventKind, range: TimeRange, options: SummaryRequestOptions) {
  const { bucketSeconds, fields, topSize } = options;
  if (!(bucketSeconds >= 1) || !Number.isInteger(bucketSeconds)) throw new RangeError(`bucket must be a whole number of seconds ≥ 1, got ${bucketSeconds}`);
  if (!(topSize >= 1) || !Number.isInteger(topSize)) throw new RangeError(`topSize must be a whole number ≥ 1, got ${topSize}`);
  const aggs: Record<string, estypes.AggregationsAggregationContainer> = {
    first: { min: { field: '@timestamp' } },
    last: { max: { field: '@timestamp' } },
    distinctUsers: { cardinality: { field: 'user.name' } },
    perBucket: {
      date_histogram: { field: '@timestamp', fixed_interval: `${bucketSeconds}s`, min_doc_count: 0, extended_bounds: { min: range.from, max: range.to - 1 } },
    },
    perMinute: { date_histogram: { field: '@timestamp', fixed_interval: '60s', min_doc_count: 1 } },
    peakMinute: { max_bucket: { buckets_path: 'perMinute>_count' } },
  };
  for (const field of fields) {
    const terms: estypes.AggregationsAggregationContainer = { terms: { field, size: topSize, order: { _count: 'desc' } } };
    if (field === 'error.type' && options.sampleErrorMessages) {
      terms.aggs = { sample: { top_hits: { size: 1, _source: { includes: ['error.message'] }, sort: [{ '@timestamp': { order: 'desc' } }] } } };
    }
    aggs[`top:${field}`] = terms;
  }
  return { size: 0, track_total_hits: true, query: eventQuery(kind, range), aggs };
}

/** Raw documents of the range, oldest first, one page after `searchAfter` (the export reads every event once). */
export function rawPageRequest(range: TimeRange, size: number, searchAfter?: Array<string | number>) {
  return eventPageRequest('all', range, size, searchAfter);
}
