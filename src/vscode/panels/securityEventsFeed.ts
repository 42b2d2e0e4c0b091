// Security Events: tails failed logins and errors from the log store (search_after with an overlap, via
// LogStore.tail), keeps the newest rows in bounded buffers, and refreshes the histogram and top lists. A histogram
// bar picked on the page is answered with that interval's rows read from the store (showInterval).
// No 'vscode' here: the host passes `post`, so the whole feed is unit-tested with a fake store.
import type { TailCursor } from '../../core/logs/logStore';
import { LogStore } from '../../core/logs/logStore';
import { CommonToHost, CommonToPage, type SourceStatus } from '../../shared/panelProtocol';
import {
  EVENT_TABS,
  type DroppedMessage,
  type EventTab,
  type HistogramMessage,
  type IntervalRowsMessage,
  type SecurityEventsFocus,
  SecurityEventsToHost,
  SecurityEventsToPage,
  type TopEntry,
  type TopMessage,
} from '../../shared/securityEventsProtocol';
import { DEFAULT_ROW_CAPACITY, RowBuffer } from '../../shared/rows/rowBuffer';
import { TAB_KIND, toEventRow } from './eventRows';
import type { PanelDeps } from './panelDeps';
import type { PanelFeed } from './panelFeed';
import type { PollOutcome, Timers } from './poller';
import { Poller } from './poller';
import { toMarker } from './scenarioMarkers';
import { sameStatus, statusForError, stoppedStatus } from './sourceStatus';
import { appEventsDroppedTotal } from '../../core/metrics/promql';
import { t } from '../../core/l10n';

export interface SecurityFeedOptions {
  /** `prometheus` (optional) gives the count of events the app dropped, shown next to the rows. */
  deps: Pick<PanelDeps, 'logStore' | 'records'> & Partial<Pick<PanelDeps, 'prometheus'>>;
  post(message: SecurityEventsToPage): void;
  log(line: string): void;
  now?: () => number;
  timers?: Timers;
  paused?: boolean;
  /** The histogram's and the first tail's look-back. */
  windowMs?: number;
  buckets?: number;
  /**
   * Event written → row shown within a second: the app ships every 100 ms, the lab index refreshes every 250 ms,
   * and the tail polls every 250 ms (two small searches; only while the panel is visible and not paused).
   */
  tailIntervalMs?: number;
  summaryIntervalMs?: number;
  capacity?: number;
  topSize?: number;
}

export const SECURITY_WINDOW_MS = 15 * 60_000;
/** New rows refresh the histogram, totals and top lists within this long (never "total 0" beside 30 rows). */
export const SUMMARY_FOLLOW_MS = 1000;
/** 90 buckets of 10 s over 15 minutes: inside the 60–120 points a small chart reads well with. */
export const SECURITY_BUCKETS = 90;

export class SecurityEventsFeed implements PanelFeed<SecurityEventsToHost> {
  private readonly buffers: Record<EventTab, RowBuffer>;
  private readonly cursors: Partial<Record<EventTab, TailCursor>> = {};
  private readonly tailPoller: Poller;
  private readonly summaryPoller: Poller;
  private readonly now: () => number;
  private readonly windowMs: number;
  private readonly buckets: number;
  private readonly topSize: number;
  private paused: boolean;
  private status: SourceStatus = { type: CommonToPage.Status, state: 'loading' };
  private lastHistogram: HistogramMessage | undefined;
  private lastTop: TopMessage | undefined;
  private lastDropped: DroppedMessage | undefined;
  private lastSummaryError: string | undefined;
  /** Evidence to show once the page has loaded (it may be loading when the command asks). */
  private pendingFocus: SecurityEventsFocus | undefined;
  private disposed = false;
  private readonly timers: Timers;
  /** A summary refresh asked for by new rows, at most one per SUMMARY_FOLLOW_MS. */
  private summaryFollow: unknown;
  private lastSummaryAt = 0;

  constructor(private readonly options: SecurityFeedOptions) {
    this.now = options.now ?? Date.now;
    this.windowMs = options.windowMs ?? SECURITY_WINDOW_MS;
    this.buckets = options.buckets ?? SECURITY_BUCKETS;
    this.topSize = options.topSize ?? 5;
    this.paused = options.paused ?? false;
    const capacity = options.capacity ?? DEFAULT_ROW_CAPACITY;
    this.buffers = { 'failed-logins': new RowBuffer(capacity), errors: new RowBuffer(capacity) };
    const onError = (err: unknown) => this.options.log(`Security Events: poll failed unexpectedly: ${String(err)}`);
    this.timers = options.timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };
    this.tailPoller = new Poller(() => this.pollTail(), options.tailIntervalMs ?? 250, onError, options.timers);
    this.summaryPoller = new Poller(() => this.pollSummary(), options.summaryIntervalMs ?? 5000, onError, options.timers);
  }

  onReady(): void {
    this.options.post(this.status);
    this.options.post({ type: SecurityEventsToPage.Paused, paused: this.paused });
    for (const tab of EVENT_TABS) this.options.post({ type: SecurityEventsToPage.Events, tab, rows: this.buffers[tab].snapshot(), replace: true });
    if (this.lastHistogram) this.options.post(this.lastHistogram);
    if (this.lastTop) this.options.post(this.lastTop);
    if (this.lastDropped) this.options.post(this.lastDropped);
    // Once only: a later reload must not overwrite what the user typed into the filter since.
    if (this.pendingFocus) this.options.post({ type: SecurityEventsToPage.Focus, evidence: this.pendingFocus });
    this.pendingFocus = undefined;
  }

  onMessage(message: SecurityEventsToHost): void {
    switch (message.type) {
      case SecurityEventsToHost.ShowInterval:
        void this.showInterval(message.from, message.to);
        return;
      case SecurityEventsToHost.SetPaused:
        this.paused = message.paused;
        this.options.post({ type: SecurityEventsToPage.Paused, paused: this.paused });
        // Resuming catches up from the cursor at once: the rows missed while paused arrive in one go.
        if (!this.paused) this.tailPoller.runNow();
        return;
      case CommonToHost.Action:
        if (message.action === 'retry') this.retry();
        return;
      case CommonToHost.Ready:
        this.onReady();
        return;
    }
  }

  setVisible(visible: boolean): void {
    if (this.disposed) return;
    if (visible) {
      this.tailPoller.start();
      this.summaryPoller.start();
    } else {
      this.tailPoller.stop();
      this.summaryPoller.stop();
      if (this.summaryFollow !== undefined) this.timers.clearTimeout(this.summaryFollow);
      this.summaryFollow = undefined;
    }
  }

  retry(): void {
    this.tailPoller.runNow();
    this.summaryPoller.runNow();
  }

  /**
   * Shows an alert's evidence: the page filters to the source and highlights the range; the source's
   * failed logins in the range are fetched into the list (they may be older than the live rows).
   * `pageLoaded` false: the page is (re)loading, so the focus waits for its 'ready'.
   */
  async focus(evidence: SecurityEventsFocus, pageLoaded: boolean): Promise<void> {
    if (pageLoaded) this.options.post({ type: SecurityEventsToPage.Focus, evidence });
    else this.pendingFocus = evidence;
    const store = this.options.deps.logStore();
    if (!store || (evidence.from === undefined && evidence.sourceIp === undefined)) return;
    const now = this.now();
    const range = { from: evidence.from ?? now - this.windowMs, to: evidence.to !== undefined ? evidence.to + 1 : now + 1 };
    try {
      const events = await store.search(
        'failed-logins',
        range,
        this.buffers['failed-logins'].capacity,
        evidence.sourceIp ? { sourceIp: evidence.sourceIp } : undefined,
      );
      this.deliver('failed-logins', events.map(toEventRow));
    } catch (err) {
      this.options.log(`Security Events: fetching the evidence failed: ${String(err)}`);
    }
  }

  /**
   * A histogram bar was picked: every tab's rows of [from, to), read from the log store and posted as
   * IntervalRows. Always asked of the store rather than answered from the rows held here, because those cannot
   * vouch for an interval: they are the newest `capacity` only (a busy lab pushes older ones out), they stop
   * while the list is paused, and an event indexed later than the tail's overlap never joins them.
   */
  async showInterval(from: number, to: number): Promise<void> {
    const store = this.options.deps.logStore();
    await Promise.all(
      EVENT_TABS.map(async (tab) => {
        const limit = this.buffers[tab].capacity;
        const answer: IntervalRowsMessage = { type: SecurityEventsToPage.IntervalRows, tab, from, to, rows: [], truncated: false };
        if (!store) answer.error = t('The lab is not running');
        else {
          try {
            // One more than is sent: its presence says the interval holds more.
            const events = await store.search(TAB_KIND[tab], { from, to }, limit + 1);
            answer.rows = events.slice(0, limit).map(toEventRow);
            answer.truncated = events.length > limit;
          } catch (err) {
            answer.error = err instanceof Error ? err.message : String(err);
            this.options.log(`Security Events: reading the rows of ${new Date(from).toISOString()}–${new Date(to).toISOString()} failed: ${answer.error}`);
          }
        }
        if (!this.disposed) this.options.post(answer);
      }),
    );
  }

  dispose(): void {
    this.disposed = true;
    this.tailPoller.stop();
    this.summaryPoller.stop();
    if (this.summaryFollow !== undefined) this.timers.clearTimeout(this.summaryFollow);
    this.summaryFollow = undefined;
  }

  private async pollTail(): Promise<PollOutcome> {
    const store = this.options.deps.logStore();
    if (!store) {
      this.setStatus(stoppedStatus('Elasticsearch'));
      return {};
    }
    if (this.paused) return {};
    let more = false;
    try {
      // Both tabs at once: the slower search sets the pace, not the sum of both.
      const since = this.now() - this.windowMs;
      const results = await Promise.all(EVENT_TABS.map((tab) => store.tail(TAB_KIND[tab], this.cursors[tab] ?? LogStore.cursorFrom(since))));
      EVENT_TABS.forEach((tab, i) => {
        const result = results[i]!;
        this.cursors[tab] = result.cursor;
        more ||= result.more;
        this.deliver(tab, result.events.map(toEventRow));
      });
      this.setStatus({ type: CommonToPage.Status, state: 'ready' });
    } catch (err) {
      this.fail(err);
    }
    return { again: more };
  }

  /** New rows arrived: the histogram and lists follow within SUMMARY_FOLLOW_MS, not at the next 5 s poll. */
  private followRows(): void {
    if (this.summaryFollow !== undefined || this.disposed) return;
    const wait = Math.max(0, this.lastSummaryAt + SUMMARY_FOLLOW_MS - this.now());
    this.summaryFollow = this.timers.setTimeout(() => {
      this.summaryFollow = undefined;
      this.summaryPoller.runNow();
    }, wait);
  }

  private async pollSummary(): Promise<PollOutcome> {
    const store = this.options.deps.logStore();
    if (!store) return {};
    this.lastSummaryAt = this.now();
    const bucketMs = this.windowMs / this.buckets;
    // Buckets aligned to wall-clock multiples, so a bucket's count does not shift as time passes.
    const to = Math.ceil(this.now() / bucketMs) * bucketMs;
    const from = to - this.windowMs;
    try {
      const [buckets, sources, users, records] = await Promise.all([
        store.histogram('failed-logins', { from, to }, Math.round(bucketMs / 1000)),
        store.top('failed-logins', { from, to }, 'source.ip', this.topSize),
        store.top('failed-logins', { from, to }, 'user.name', this.topSize),
        this.options.deps.records.inRange(from, to),
      ]);
      const counts = new Array<number>(this.buckets).fill(0);
      for (const b of buckets) {
        const i = Math.round((b.start - from) / bucketMs);
        if (i >= 0 && i < counts.length) counts[i] = b.count;
      }
      this.lastHistogram = { type: SecurityEventsToPage.Histogram, from, to, bucketMs, counts, markers: records.map(toMarker) };
      this.lastTop = { type: SecurityEventsToPage.Top, sources: sources.map(asTopEntry), users: users.map(asTopEntry) };
      this.options.post(this.lastHistogram);
      this.options.post(this.lastTop);
      this.lastSummaryError = undefined;
      await this.pollDropped();
    } catch (err) {
      // The tail owns the panel's status (it polls every second); here only log, once per distinct failure.
      const text = String(err);
      if (text !== this.lastSummaryError) this.options.log(`Security Events: histogram/top failed: ${text}`);
      this.lastSummaryError = text;
    }
    return {};
  }

  /**
   * How many events the app could not deliver (lab_log_events_dropped_total, scraped by Prometheus): rows the
   * table will never show. Unknown (no Prometheus, no answer) posts nothing rather than a reassuring zero.
   */
  private async pollDropped(): Promise<void> {
    const prometheus = this.options.deps.prometheus?.();
    if (!prometheus) return;
    try {
      const end = Math.floor(this.now() / 1000);
      const series = await prometheus.queryRange(appEventsDroppedTotal(), { start: end - 30, end, stepSeconds: 15 });
      const value = series[0]?.points.at(-1)?.[1];
      const count = value !== undefined && Number.isFinite(value) ? Math.round(value) : 0;
      if (this.lastDropped?.count !== count) {
        this.lastDropped = { type: SecurityEventsToPage.Dropped, count };
        this.options.post(this.lastDropped);
      }
    } catch (err) {
      const text = String(err);
      if (text !== this.lastSummaryError) this.options.log(`Security Events: dropped-events count failed: ${text}`);
      this.lastSummaryError = text;
    }
  }

  private deliver(tab: EventTab, rows: ReturnType<typeof toEventRow>[]): void {
    if (rows.length === 0) return;
    this.buffers[tab].add(rows);
    // Send only what the page can keep: the newest `capacity` rows of this batch.
    const newest = rows.length > this.buffers[tab].capacity ? [...rows].sort((a, b) => b.time - a.time).slice(0, this.buffers[tab].capacity) : rows;
    this.options.post({ type: SecurityEventsToPage.Events, tab, rows: newest, replace: false });
    this.followRows();
  }

  private fail(err: unknown): void {
    const status = statusForError('Elasticsearch', err);
    if (!sameStatus(this.status, status)) this.options.log(`Security Events: ${status.state}: ${status.detail ?? ''}`);
    this.setStatus(status);
  }

  private setStatus(status: SourceStatus): void {
    if (sameStatus(this.status, status)) return;
    this.status = status;
    this.options.post(status);
  }
}

function asTopEntry(v: { value: string; count: number }): TopEntry {
  return { value: v.value, count: v.count };
}
