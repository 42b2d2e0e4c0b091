// The Security Events panel's protocol: its messages both ways, their validators, its saved state, and the
// argument of its open command. Host: src/vscode/panels/securityEventsFeed.ts; page: media/webview/securityEvents.
// Built on the shared base (./panelProtocol), which says who validates what and why.
import {
  type ActionMessage,
  type Check,
  type ParseResult,
  type PageInit,
  type ReadyMessage,
  type ScenarioMarker,
  type SourceStatus,
  COMMON_STRING_KEYS,
  CommonToHost,
  CommonToPage,
  actionMessage,
  arrayOf,
  boolean,
  isPlainObject,
  jsonNumber,
  literal,
  messageParser,
  object,
  optional,
  parsePageInit,
  readyMessage,
  scenarioMarker,
  sourceStatus,
  string,
} from './panelProtocol';

export type EventTab = 'failed-logins' | 'errors';

export const EVENT_TABS: readonly EventTab[] = ['failed-logins', 'errors'];

/** One log event as the panel shows it. Every string is untrusted log data: render as text only. */
export interface EventRow {
  id: string;
  time: number;
  user?: string;
  source?: string;
  userAgent?: string;
  message: string;
  path?: string;
  status?: number;
  errorType?: string;
}

export interface TopEntry {
  value: string;
  count: number;
}

/**
 * What of some evidence the panel shows: the rows of a source, on a tab, with a time range highlighted.
 * The argument of monitoringLab.openSecurityEvents, and the Security Events part of core/detect's EvidenceFocus.
 */
export interface SecurityEventsFocus {
  sourceIp?: string;
  /** The tab the evidence is on (default: failed logins). */
  tab?: EventTab;
  from?: number;
  to?: number;
}

// ---------- Host → page ----------

export const SecurityEventsToPage = {
  ...CommonToPage,
  Events: 'events',
  Histogram: 'histogram',
  Top: 'top',
  Dropped: 'dropped',
  Focus: 'focus',
  Paused: 'paused',
  IntervalRows: 'intervalRows',
} as const;

/** New rows for a tab. `replace` drops what the page had (a fresh snapshot after a reload). */
export interface EventsMessage {
  type: typeof SecurityEventsToPage.Events;
  tab: EventTab;
  rows: EventRow[];
  replace: boolean;
}

/** Failed logins per bucket over the window, with the scenario runs in it. */
export interface HistogramMessage {
  type: typeof SecurityEventsToPage.Histogram;
  from: number;
  to: number;
  bucketMs: number;
  counts: number[];
  markers: ScenarioMarker[];
}

export interface TopMessage {
  type: typeof SecurityEventsToPage.Top;
  sources: TopEntry[];
  users: TopEntry[];
}

/** Events the lab app dropped since it started (never delivered to Elasticsearch); 0 hides the notice. */
export interface DroppedMessage {
  type: typeof SecurityEventsToPage.Dropped;
  count: number;
}

/** Show the evidence of an alert: filter to a source, highlight a time range. */
export interface FocusMessage {
  type: typeof SecurityEventsToPage.Focus;
  evidence: SecurityEventsFocus;
}

/** Whether the live list is paused (the host owns it: it stops tailing). */
export interface PausedMessage {
  type: typeof SecurityEventsToPage.Paused;
  paused: boolean;
}

/**
 * The answer to ShowInterval: a tab's rows of the interval [from, to), from the log store, so the table filtered
 * to a histogram bar is complete even where the live rows the page holds (the newest only) do not reach.
 * `truncated`: the interval holds more rows than were sent (the first ones, oldest first, are). `error`: the
 * store did not answer (the page keeps showing the rows it holds, and says so).
 */
export interface IntervalRowsMessage {
  type: typeof SecurityEventsToPage.IntervalRows;
  tab: EventTab;
  from: number;
  to: number;
  rows: EventRow[];
  truncated: boolean;
  error?: string;
}

export type SecurityEventsToPage =
  SourceStatus | EventsMessage | HistogramMessage | TopMessage | DroppedMessage | FocusMessage | PausedMessage | IntervalRowsMessage;

const eventTab = literal(EVENT_TABS);

const eventRow = object<EventRow>({
  id: string,
  time: jsonNumber,
  user: optional(string),
  source: optional(string),
  userAgent: optional(string),
  message: string,
  path: optional(string),
  status: optional(jsonNumber),
  errorType: optional(string),
});

const topEntry = object<TopEntry>({ value: string, count: jsonNumber });

const focus = object<SecurityEventsFocus>({ sourceIp: optional(string), tab: optional(eventTab), from: optional(jsonNumber), to: optional(jsonNumber) });

/** The page's check of what its host sends. */
export const parseSecurityEventsToPage: (raw: unknown) => ParseResult<SecurityEventsToPage> = messageParser<SecurityEventsToPage>({
  [SecurityEventsToPage.Status]: sourceStatus,
  [SecurityEventsToPage.Events]: object<EventsMessage>({
    type: literal([SecurityEventsToPage.Events]),
    tab: eventTab,
    rows: arrayOf(eventRow),
    replace: boolean,
  }),
  [SecurityEventsToPage.Histogram]: object<HistogramMessage>({
    type: literal([SecurityEventsToPage.Histogram]),
    from: jsonNumber,
    to: jsonNumber,
    bucketMs: jsonNumber,
    counts: arrayOf(jsonNumber),
    markers: arrayOf(scenarioMarker),
  }),
  [SecurityEventsToPage.Top]: object<TopMessage>({ type: literal([SecurityEventsToPage.Top]), sources: arrayOf(topEntry), users: arrayOf(topEntry) }),
  [SecurityEventsToPage.Dropped]: object<DroppedMessage>({ type: literal([SecurityEventsToPage.Dropped]), count: jsonNumber }),
  [SecurityEventsToPage.Focus]: object<FocusMessage>({ type: literal([SecurityEventsToPage.Focus]), evidence: focus }),
  [SecurityEventsToPage.Paused]: object<PausedMessage>({ type: literal([SecurityEventsToPage.Paused]), paused: boolean }),
  [SecurityEventsToPage.IntervalRows]: object<IntervalRowsMessage>({
    type: literal([SecurityEventsToPage.IntervalRows]),
    tab: eventTab,
    from: jsonNumber,
    to: jsonNumber,
    rows: arrayOf(eventRow),
    truncated: boolean,
    error: optional(string),
  }),
});

// ---------- Page → host ----------

export const SecurityEventsToHost = { ...CommonToHost, SetPaused: 'setPaused', ShowInterval: 'showInterval' } as const;

/** Stop/start tailing the event list. */
export interface SetPausedMessage {
  type: typeof SecurityEventsToHost.SetPaused;
  paused: boolean;
}

/** A histogram bar was picked: send every tab's rows of [from, to) (IntervalRows), not only those the page holds. */
export interface ShowIntervalMessage {
  type: typeof SecurityEventsToHost.ShowInterval;
  from: number;
  to: number;
}

/** The longest interval a page may ask for: a bar is one bucket (10 s); this leaves room, and bounds the query. */
export const MAX_INTERVAL_MS = 60 * 60_000;

export type SecurityEventsToHost = ReadyMessage | ActionMessage | SetPausedMessage | ShowIntervalMessage;

/** The page is untrusted: an interval is two finite times, in order, at most MAX_INTERVAL_MS apart. */
const showInterval: Check<ShowIntervalMessage> = (v, at) => {
  const problem = object<ShowIntervalMessage>({ type: literal([SecurityEventsToHost.ShowInterval]), from: jsonNumber, to: jsonNumber })(v, at);
  if (problem) return problem;
  const { from, to } = v as ShowIntervalMessage;
  if (typeof from !== 'number' || typeof to !== 'number' || !Number.isFinite(from) || !Number.isFinite(to)) return `${at}: the interval needs two times`;
  if (!(to > from)) return `${at}: the interval ends before it starts`;
  if (to - from > MAX_INTERVAL_MS) return `${at}: the interval is longer than an hour`;
  return undefined;
};

/** The host's check of what the page sends (untrusted: anything else is dropped). */
export const parseSecurityEventsToHost: (raw: unknown) => ParseResult<SecurityEventsToHost> = messageParser<SecurityEventsToHost>({
  [SecurityEventsToHost.Ready]: readyMessage,
  [SecurityEventsToHost.Action]: actionMessage,
  [SecurityEventsToHost.SetPaused]: object<SetPausedMessage>({ type: literal([SecurityEventsToHost.SetPaused]), paused: boolean }),
  [SecurityEventsToHost.ShowInterval]: showInterval,
});

// ---------- Saved page state (vscode.getState/setState, and the serializer's `state`) ----------

export interface SecurityViewState {
  tab: EventTab;
  filter: string;
  paused: boolean;
}

export const DEFAULT_SECURITY_STATE: SecurityViewState = { tab: 'failed-logins', filter: '', paused: false };

/** The filter box is for people; a longer "filter" is garbage or an attack, and is cut. */
export const MAX_FILTER_LENGTH = 200;

/** State may come from an older version or be tampered with: keep what is valid, default the rest. */
export function parseSecurityViewState(raw: unknown): SecurityViewState {
  if (!isPlainObject(raw)) return { ...DEFAULT_SECURITY_STATE };
  return {
    tab: (EVENT_TABS as readonly unknown[]).includes(raw.tab) ? (raw.tab as EventTab) : DEFAULT_SECURITY_STATE.tab,
    filter: typeof raw.filter === 'string' ? raw.filter.slice(0, MAX_FILTER_LENGTH) : '',
    paused: raw.paused === true,
  };
}

// ---------- The open command's argument ----------

/** Validates the optional argument of monitoringLab.openSecurityEvents (it may come from a command URI). */
export function parseSecurityEventsFocus(raw: unknown): SecurityEventsFocus | undefined {
  if (!isPlainObject(raw)) return undefined;
  const focus: SecurityEventsFocus = {};
  if (typeof raw.sourceIp === 'string' && raw.sourceIp.length > 0 && raw.sourceIp.length <= 100) focus.sourceIp = raw.sourceIp;
  if (typeof raw.from === 'number' && Number.isFinite(raw.from)) focus.from = raw.from;
  if (typeof raw.to === 'number' && Number.isFinite(raw.to)) focus.to = raw.to;
  if ((EVENT_TABS as readonly unknown[]).includes(raw.tab)) focus.tab = raw.tab as EventTab;
  if (focus.from !== undefined && focus.to !== undefined && focus.to < focus.from) [focus.from, focus.to] = [focus.to, focus.from];
  return Object.keys(focus).length ? focus : undefined;
}

// ---------- The page's text (host → page, with the page: see PageInit in ./panelProtocol) ----------

export const SECURITY_EVENTS_STRING_KEYS = [
  ...COMMON_STRING_KEYS,
  'title',
  'tabFailedLogins',
  'tabErrors',
  'emptyFailedLogins',
  'emptyErrors',
  'noEventsYet',
  'noRowsMatch',
  'pause',
  'resume',
  'pauseLabel',
  'resumeLabel',
  'paused',
  'live',
  'histogramCaption',
  'histogramCaptionTotal',
  'histogramLabel',
  'summaryLabel',
  'topSources',
  'topUsers',
  'topEmpty',
  'filter',
  'filterPlaceholder',
  'filterCount',
  'eventLists',
  'tableFailedLogins',
  'tableErrors',
  'droppedOne',
  'droppedMany',
  'colTime',
  'colUser',
  'colSource',
  'colUserAgent',
  'colPath',
  'colStatus',
  'colError',
  'colMessage',
  'histogramSeries',
  'histogramTitle',
  'histogramCaptionClick',
  'noRowsBetween',
  'noRowsMatchBetween',
  'clearTimeFilter',
  'showingOnly',
  'intervalLoading',
  'intervalTruncated',
  'intervalFailed',
] as const;

export type SecurityEventsStringKey = (typeof SECURITY_EVENTS_STRING_KEYS)[number];

export type SecurityEventsInit = PageInit<SecurityEventsStringKey>;

/** The page's check of its init data: every sentence present, nothing else. */
export function parseSecurityEventsInit(raw: unknown): ParseResult<SecurityEventsInit> {
  return parsePageInit(SECURITY_EVENTS_STRING_KEYS, raw);
}
