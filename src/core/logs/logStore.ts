// Typed read access to the lab's logs in Elasticsearch. The extension only reads: the app writes.
import type * as Elastic from '@elastic/elasticsearch';
import type { Client, ClientOptions } from '@elastic/elasticsearch';
import { type EndpointProblem, explainEndpointError } from '../attach/errors';
import type { EcsDocument, LabEvent } from './labEvent';
import { toLabEvent } from './labEvent';
import { t } from '../l10n';
import type { EventFilter, EventKind, TimeRange, SummaryField, SummaryRequestOptions } from './queries';
import {
  countRequest,
  eventPageRequest,
  eventSummaryRequest,
  rawPageRequest,
  failedAttemptsBySourceRequest,
  histogramRequest,
  topValuesRequest,
} from './queries';
import { defined } from '../../shared/defined';

/** `problem`: what went wrong with an attached Elasticsearch (core/attach/errors.ts); unset for the lab's own. */
export class LogStoreUnreachableError extends Error {
  problem?: EndpointProblem;
}
export class LogQueryError extends Error {
  problem?: EndpointProblem;
  /** Elasticsearch's HTTP status, when it answered (503: a shard not active yet, e.g. a data stream's first moments). */
  status?: number;
}

export interface LogStoreOptions {
  /** e.g. http://127.0.0.1:9200 */
  url: string;
  /** Data stream (or index pattern) the app writes to. */
  index: string;
  requestTimeoutMs?: number;
  /** The client's options (address, credentials, TLS) from the one factory, core/attach/clients.ts. */
  clientOptions?: ClientOptions;
  /** An Elasticsearch the user runs (attach mode): failures name the attach settings, not the lab. */
  attached?: boolean;
}

export interface HistogramBucket {
  /** Bucket start, unix ms. */
  start: number;
  count: number;
}

export interface TopValue {
  value: string;
  count: number;
  /** A sample of a text field for this value (e.g. the latest error message of an error type). */
  sample?: string;
}

/** What one aggregation request says about a kind of event in a range (see eventSummaryRequest). */
export interface EventSummary {
  /** Exact number of matching events. */
  count: number;
  /** Unix ms of the first and last matching event; undefined when there is none. */
  first?: number;
  last?: number;
  distinctUsers: number;
  bucketSeconds: number;
  histogram: HistogramBucket[];
  /** The busiest minute (its start, unix ms, and count); undefined when there is none. */
  peakMinute?: { start: number; count: number };
  top: Partial<Record<SummaryField, TopValue[]>>;
}

/** The aggregations eventSummaryRequest asks for, as Elasticsearch answers them (any of them may be missing). */
interface SummaryAggregations {
  first?: { value?: number | null };
  last?: { value?: number | null };
  distinctUsers?: { value?: number };
  perBucket?: { buckets?: Array<{ key: number; doc_count: number }> };
  peakMinute?: { keys?: string[]; value?: number | null };
  [top: `top:${string}`]:
    | {
        buckets?: Array<{
          key: string | number;
          key_as_string?: string;
          doc_count: number;
          sample?: { hits?: { hits?: Array<{ _source?: { error?: { message?: string } } }> } };
        }>;
      }
    | undefined;
}

/**
 * Where a tail has got to. Events can become searchable slightly out of order (the app ships every
 * 250 ms, Elasticsearch refreshes every second), so each poll looks back `overlapMs` before the newest
 * time seen and drops ids it already delivered: nothing is missed, nothing is delivered twice.
 */
export interface TailCursor {
  /** Nothing older is delivered (unix ms): where the tail started. */
  since?: number;
  /** Newest event time delivered so far (unix ms). */
  newest: number;
  /** Events delivered within the overlap window before `newest` (bounded). */
  recent: Array<{ id: string; time: number }>;
  /**
   * Set when the last call stopped at its page limit: the next call continues after this sort position instead
   * of reading the overlap window again. Without it, more already-delivered events inside the window than one
   * call's pages would be read again on every call, and the tail would never get past them.
   */
  resumeAfter?: Array<string | number>;
}

export interface TailResult {
  events: LabEvent[];
  cursor: TailCursor;
  /** True when the poll stopped at its page limit: call again soon for the rest. */
  more: boolean;
}

/**
 * The client package is loaded when the first LogStore is made, not when the extension loads: it and its HTTP
 * stack are about a third of the bundle's load time (node scripts/bench/run.mjs extension-load).
 */
function elastic(): typeof Elastic {
  return require('@elastic/elasticsearch') as typeof Elastic;
}

const PAGE_SIZE = 500;
/** Enough for ~1,000 events/s within a 5 s overlap; beyond that the oldest ids are forgotten first. */
const MAX_RECENT_IDS = 5000;

export class LogStore {
  readonly client: Client;
  private readonly index: string;
  private readonly url: string;
  private readonly attached: boolean;

  constructor(options: LogStoreOptions) {
    this.url = options.url;
    this.index = options.index;
    this.attached = options.attached ?? false;
    this.client = new (elastic().Client)(
      options.clientOptions ?? {
        node: options.url,
        requestTimeout: options.requestTimeoutMs ?? 5000,
        maxRetries: 1,
        // Never sniff: node addresses inside Docker are not reachable from the editor.
        sniffOnStart: false,
        sniffInterval: false,
      },
    );
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** A cursor that starts delivering events from `since` (unix ms). */
  static cursorFrom(since: number): TailCursor {
    return { since, newest: since, recent: [] };
  }

  /** New events after the cursor, oldest first, at most `maxPages` pages of 500 per call. */
  async tail(kind: EventKind, cursor: TailCursor, options: { overlapMs?: number; maxPages?: number } = {}): Promise<TailResult> {
    const overlapMs = options.overlapMs ?? 5000;
    const maxPages = options.maxPages ?? 4;
    const delivered = new Set(cursor.recent.map((r) => r.id));
    const fresh: LabEvent[] = [];
    // Continuing a call that hit its page limit: from where it stopped. Otherwise: the whole overlap window again.
    let searchAfter = cursor.resumeAfter;
    let more = false;
    for (let page = 0; page < maxPages; page++) {
      const hits = await this.searchPage(kind, { from: Math.max(cursor.newest - overlapMs, cursor.since ?? -Infinity) }, PAGE_SIZE, searchAfter);
      for (const { event } of hits) {
        if (!delivered.has(event.id)) fresh.push(event);
        delivered.add(event.id);
      }
      if (hits.length < PAGE_SIZE) break;
      searchAfter = hits[hits.length - 1]!.sort;
      more = page === maxPages - 1;
    }
    const newest = fresh.reduce((max, e) => Math.max(max, e.timestamp), cursor.newest);
    const recent = [...cursor.recent, ...fresh.map((e) => ({ id: e.id, time: e.timestamp }))]
      .filter((r) => r.time >= newest - overlapMs)
      .slice(-MAX_RECENT_IDS);
    const next: TailCursor = { newest, recent, ...defined({ since: cursor.since }) };
    if (more && searchAfter) next.resumeAfter = searchAfter;
    return { events: fresh, cursor: next, more };
  }

  /** Events in a range, oldest first, paged with search_after; at most `limit`. */
  async search(kind: EventKind, range: Partial<TimeRange>, limit: number, filter?: EventFilter): Promise<LabEvent[]> {
    const out: LabEvent[] = [];
    let searchAfter: Array<string | number> | undefined;
    while (out.length < limit) {
      const size = Math.min(PAGE_SIZE, limit - out.length);
      const hits = await this.searchPage(kind, range, size, searchAfter, filter);
      out.push(...hits.map((h) => h.event));
      if (hits.length < size) break;
      searchAfter = hits[hits.length - 1]!.sort;
    }
    return out;
  }

  async count(kind: EventKind, range: Partial<TimeRange>): Promise<number> {
    const res = await this.call(() => this.client.count({ index: this.index, ignore_unavailable: true, allow_no_indices: true, ...countRequest(kind, range) }));
    return res.count;
  }

  async histogram(kind: EventKind, range: TimeRange, bucketSeconds: number): Promise<HistogramBucket[]> {
    const res = await this.call(() =>
      this.client.search({ index: this.index, ignore_unavailable: true, allow_no_indices: true, ...histogramRequest(kind, range, bucketSeconds) }),
    );
    const agg = res.aggregations?.perBucket as { buckets?: Array<{ key: number; doc_count: number }> } | undefined;
    return (agg?.buckets ?? []).map((b) => ({ start: b.key, count: b.doc_count }));
  }

  /** Most frequent sources or users among matching events; `minCount` drops the long tail server-side. */
  async top(kind: EventKind, range: Partial<TimeRange>, field: 'source.ip' | 'user.name', size: number, minCount = 1): Promise<TopValue[]> {
    const res = await this.call(() =>
      this.client.search({ index: this.index, ignore_unavailable: true, allow_no_indices: true, ...topValuesRequest(kind, range, field, size, minCount) }),
    );
    const agg = res.aggregations?.top as { buckets?: Array<{ key: string; doc_count: number }> } | undefined;
    return (agg?.buckets ?? []).map((b) => ({ value: String(b.key), count: b.doc_count }));
  }

  /** Count, first/last, histogram, busiest minute and top values of one kind of event: one aggregation request. */
  async summary(kind: EventKind, range: TimeRange, options: SummaryRequestOptions): Promise<EventSummary> {
    const res = await this.call(() =>
      this.client.search({ index: this.index, ignore_unavailable: true, allow_no_indices: true, ...eventSummaryRequest(kind, range, options) }),
    );
    const aggs = (res.aggregations ?? {}) as SummaryAggregations;
    const total = res.hits.total;
    const count = typeof total === 'number' ? total : (total?.value ?? 0);
    const top: EventSummary['top'] = {};
    for (const field of options.fields) {
      const buckets = aggs[`top:${field}`]?.buckets ?? [];
      top[field] = buckets.map((b) => {
        const sample = b.sample?.hits?.hits?.[0]?._source?.error?.message;
        return { value: String(b.key_as_string ?? b.key), count: b.doc_count, ...(typeof sample === 'string' ? { sample } : {}) };
      });
    }
    const peakKeys = aggs.peakMinute?.keys;
    const peakValue = aggs.peakMinute?.value;
    const summary: EventSummary = {
      count,
      distinctUsers: Number(aggs.distinctUsers?.value ?? 0),
      bucketSeconds: options.bucketSeconds,
      histogram: (aggs.perBucket?.buckets ?? []).map((b) => ({ start: b.key, count: b.doc_count })),
      top,
    };
    if (count > 0 && typeof aggs.first?.value === 'number') summary.first = aggs.first.value;
    if (count > 0 && typeof aggs.last?.value === 'number') summary.last = aggs.last.value;
    if (peakValue && peakKeys?.length) summary.peakMinute = { start: Date.parse(peakKeys[0]!), count: peakValue };
    return summary;
  }

  /**
   * Every stored document of the range, oldest first, as stored (_source), handed to `onPage` one page at a time
   * (search_after): memory stays one page however many events there are. Returns how many were read.
   */
  async exportRaw(range: TimeRange, onPage: (docs: Array<Record<string, unknown>>) => Promise<void> | void, signal?: AbortSignal): Promise<number> {
    let searchAfter: Array<string | number> | undefined;
    let total = 0;
    for (;;) {
      if (signal?.aborted) throw new Error(t('export cancelled'));
      const res = await this.call(() =>
        this.client.search<Record<string, unknown>>({
          index: this.index,
          ignore_unavailable: true,
          allow_no_indices: true,
          ...rawPageRequest(range, PAGE_SIZE, searchAfter),
        }),
      );
      const hits = res.hits.hits;
      if (hits.length) await onPage(hits.map((h) => h._source ?? {}));
      total += hits.length;
      if (hits.length < PAGE_SIZE) return total;
      searchAfter = hits[hits.length - 1]!.sort as Array<string | number>;
    }
  }

  /** The server's name for itself and its version, as it reports them (GET /). */
  async serverInfo(): Promise<{ product: string; version: string; clusterName: string }> {
    const info = await this.call(() => this.client.info());
    return {
      product: info.version.build_flavor ? `Elasticsearch (${info.version.build_flavor})` : 'Elasticsearch',
      version: info.version.number,
      clusterName: info.cluster_name,
    };
  }

  /** The cluster's health as it reports it (attach mode's Stack view: status and node count). */
  async clusterHealth(): Promise<{ status: string; nodes: number }> {
    const health = await this.call(() => this.client.cluster.health());
    return { status: String(health.status).toLowerCase(), nodes: health.number_of_nodes };
  }

  /** Whether the index, data stream, alias or pattern matches anything (a wrong index name reads as no events, not an error). */
  async indexExists(): Promise<boolean> {
    const none = { indices: [], aliases: [], data_streams: [] };
    // A name that matches nothing is a 404 for a plain name, an empty answer for a pattern: both are "no".
    const resolved = await this.call(() =>
      this.client.indices.resolveIndex({ name: this.index, expand_wildcards: 'open' }).catch((err: { meta?: { statusCode?: number } }) => {
        if (err.meta?.statusCode === 404) return none;
        throw err;
      }),
    );
    return resolved.indices.length + resolved.aliases.length + resolved.data_streams.length > 0;
  }

  /** Where this store reads. */
  get endpointUrl(): string {
    return this.url;
  }

  /** The index (data stream) this store reads. */
  get indexName(): string {
    return this.index;
  }

  /** Sources with at least `minCount` failed login attempts (incl. lockout-blocked) in the range, most first. */
  async failedAttemptsBySource(range: Partial<TimeRange>, minCount: number, size: number): Promise<TopValue[]> {
    const res = await this.call(() =>
      this.client.search({ index: this.index, ignore_unavailable: true, allow_no_indices: true, ...failedAttemptsBySourceRequest(range, minCount, size) }),
    );
    const agg = res.aggregations?.bySource as { buckets?: Array<{ key: string; doc_count: number }> } | undefined;
    return (agg?.buckets ?? []).map((b) => ({ value: String(b.key), count: b.doc_count }));
  }

  private async searchPage(kind: EventKind, range: Partial<TimeRange>, size: number, searchAfter?: Array<string | number>, filter?: EventFilter) {
    const res = await this.call(() =>
      this.client.search<EcsDocument>({
        index: this.index,
        ignore_unavailable: true,
        allow_no_indices: true,
        ...eventPageRequest(kind, range, size, searchAfter, filter),
      }),
    );
    return res.hits.hits.map((hit) => ({
      event: toLabEvent(hit._source ?? {}, hit._id ?? ''),
      sort: hit.sort as Array<string | number>,
    }));
  }

  /** Runs a request and turns transport failures into errors that say what to do. */
  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (err) {
      throw this.attached ? this.attachedError(err) : this.labError(err);
    }
  }

  /** Transport failures as errors that say what to do (the lab's Elasticsearch). */
  private labError(err: unknown): Error {
    const { errors } = elastic();
    if (err instanceof errors.ConnectionError || err instanceof errors.TimeoutError || err instanceof errors.NoLivingConnectionsError) {
      return new LogStoreUnreachableError(t('Elasticsearch at {0} is unreachable ({1}). Is the lab running? Check the Stack view.', this.url, err.message));
    }
    if (err instanceof errors.ResponseError) {
      const reason = (err.body as { error?: { reason?: string; type?: string } } | undefined)?.error;
      const rejected = new LogQueryError(
        t('Elasticsearch rejected a query ({0} {1}): {2}', err.statusCode ?? '', reason?.type ?? '', reason?.reason ?? err.message),
      );
      if (err.statusCode !== undefined) rejected.status = err.statusCode;
      return rejected;
    }
    return err as Error;
  }

  /** An attached cluster's failure, naming the setting or credential to fix (401/403 are rejections, the rest unreachable). */
  private attachedError(err: unknown): Error {
    const { errors } = elastic();
    const status = err instanceof errors.ResponseError ? err.statusCode : undefined;
    // A query Elasticsearch rejected for itself (not the credentials) is said as for the lab; anything else not from the client is left as is.
    if ((status !== undefined && status !== 401 && status !== 403) || !(err instanceof errors.ElasticsearchClientError)) return this.labError(err);
    const explained = explainEndpointError('elasticsearch', this.url, err);
    const out = explained.problem === 'auth' ? new LogQueryError(explained.message) : new LogStoreUnreachableError(explained.message);
    out.problem = explained.problem;
    return out;
  }
}
