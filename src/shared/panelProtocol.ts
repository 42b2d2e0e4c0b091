// The shared base of the panel protocol: what every panel's messages are made of, and the validators both sides
// use. Each panel has its own protocol file on top of this one (src/shared/securityEventsProtocol.ts,
// src/shared/systemMetricsProtocol.ts); its host (src/vscode/panels) and its page (media/webview/<panel>) import
// that same file. Pure types and checks: no 'vscode', no DOM, no Node, so both sides and the unit tests import it.
//
// Both directions are validated, for different reasons:
// - page → host: the page is untrusted (it renders log data an attacker controls), so the host runs every message
//   through its panel's parser, and drops (and logs) anything else: an allow-list, never a free command id;
// - host → page: the host is trusted, but a message the page cannot read must be dropped with a reason in the
//   page's console, not half-rendered.

/** Which panel a page belongs to; also the suffix of its webview viewType. */
export type PanelKind = 'securityEvents' | 'systemMetrics';

export const PANEL_KINDS: readonly PanelKind[] = ['securityEvents', 'systemMetrics'];

/** A point of a series: [unix ms, value]; null is a gap (JSON cannot carry NaN, so gaps travel as null). */
export type Point = [time: number, value: number | null];

/** A scenario run drawn as a band on charts. A running scenario has no end yet. */
export interface ScenarioMarker {
  id: string;
  kind: string;
  label: string;
  start: number;
  end?: number;
  outcome: string;
}

/**
 * What a panel can say about its data source instead of data:
 * - loading: asked, no answer yet;
 * - stopped: the lab is not running (no client to ask);
 * - unreachable: the lab should be running but the store does not answer;
 * - error: the store answered with an error (a bad query, a server fault);
 * - ready: data follows (it may still be empty: the panel decides what "empty" looks like).
 */
export type SourceState = 'loading' | 'stopped' | 'unreachable' | 'error' | 'ready';

export const SOURCE_STATES: readonly SourceState[] = ['loading', 'stopped', 'unreachable', 'error', 'ready'];

// ---------- Messages every panel has ----------

/** Host → page message types every panel shares; a panel's own table spreads this one. */
export const CommonToPage = { Status: 'status' } as const;

/** Page → host message types every panel shares. */
export const CommonToHost = { Ready: 'ready', Action: 'action' } as const;

export interface SourceStatus {
  type: typeof CommonToPage.Status;
  state: SourceState;
  /** Human text that names what failed and what to do; shown as text. */
  detail?: string;
}

/** Commands a page may ask the host to run: an allow-list, never a free command id. */
export type HostAction = 'startLab' | 'retry';

export const HOST_ACTIONS: readonly HostAction[] = ['startLab', 'retry'];

/** The page loaded (or re-loaded): send everything it needs. */
export interface ReadyMessage {
  type: typeof CommonToHost.Ready;
}

export interface ActionMessage {
  type: typeof CommonToHost.Action;
  action: HostAction;
}

// ---------- Validation ----------

/**
 * A runtime check of an unknown value against the shape of T: undefined when it fits, else why not (`at` names
 * where, e.g. "events.rows[3].time"). The phantom `__type` ties a check to its type, so `object<T>()` below
 * refuses a shape that misses a field of T or checks it as the wrong type.
 */
export type Check<T> = ((value: unknown, at: string) => string | undefined) & { readonly __type?: T };

/** Why a message was rejected, or the message. */
export type ParseResult<M> = { ok: true; message: M } | { ok: false; reason: string };

/** A rejection reason names what was wrong; it never grows with what the sender sent. */
const MAX_REASON_LENGTH = 160;

/** Describes, never stringifies, what was sent: String() on a hostile object can throw, and a string may be huge. */
function shown(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value.slice(0, 40))
    : value === null
      ? 'null'
      : Array.isArray(value)
        ? 'an array'
        : `of type ${typeof value}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const string: Check<string> = (v, at) => (typeof v === 'string' ? undefined : `${at}: expected a string, got ${shown(v)}`);

export const boolean: Check<boolean> = (v, at) => (typeof v === 'boolean' ? undefined : `${at}: expected a boolean, got ${shown(v)}`);

/** A finite number. */
export const finite: Check<number> = (v, at) => (typeof v === 'number' && Number.isFinite(v) ? undefined : `${at}: expected a finite number, got ${shown(v)}`);

/**
 * A number as JSON carries it from the host: NaN and ±Infinity arrive as null (the page's formatters show "–").
 * For host → page data only, where a value the host could not read is still worth a row.
 */
export const jsonNumber: Check<number> = (v, at) => (typeof v === 'number' || v === null ? undefined : `${at}: expected a number, got ${shown(v)}`);

export function literal<L extends string>(allowed: readonly L[]): Check<L> {
  return (v, at) =>
    typeof v === 'string' && (allowed as readonly string[]).includes(v) ? undefined : `${at}: expected one of ${allowed.join(', ')}, got ${shown(v)}`;
}

export function optional<T>(check: Check<T>): Check<T | undefined> {
  return (v, at) => (v === undefined ? undefined : check(v, at));
}

export function nullable<T>(check: Check<T>): Check<T | null> {
  return (v, at) => (v === null ? undefined : check(v, at));
}

export function arrayOf<T>(check: Check<T>): Check<T[]> {
  return (v, at) => {
    if (!Array.isArray(v)) return `${at}: expected an array, got ${shown(v)}`;
    for (let i = 0; i < v.length; i++) {
      const problem = check(v[i], `${at}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  };
}

/**
 * A plain object with exactly the keys of `shape` (optional ones may be missing): an unexpected key is rejected,
 * so a page cannot smuggle extra arguments, and a host that drifted from its page is noticed.
 */
export function object<T>(shape: { [K in keyof T]-?: Check<T[K]> }): Check<T> {
  const keys = Object.keys(shape) as Array<keyof T & string>;
  return (v, at) => {
    if (!isPlainObject(v)) return `${at}: expected an object, got ${shown(v)}`;
    const present = Object.keys(v);
    // Counted before walked, so a page sending an object with a million keys costs nothing.
    if (present.length > keys.length) return `${at}: unexpected keys`;
    const unexpected = present.find((k) => !(keys as string[]).includes(k));
    if (unexpected !== undefined) return `${at}: unexpected key ${shown(unexpected)}`;
    for (const key of keys) {
      const problem = shape[key](v[key], `${at}.${key}`);
      if (problem) return problem;
    }
    return undefined;
  };
}

/** One check per message type of the union M: a message type without a check does not compile. */
export type MessageChecks<M extends { type: string }> = { [K in M['type']]: Check<Extract<M, { type: K }>> };

/** The parser of one direction of one panel: picks the check by `type`, rejects unknown types. */
export function messageParser<M extends { type: string }>(checks: MessageChecks<M>): (raw: unknown) => ParseResult<M> {
  return (raw) => {
    if (!isPlainObject(raw)) return { ok: false, reason: 'not an object' };
    const type = raw.type;
    if (typeof type !== 'string') return { ok: false, reason: 'no string "type"' };
    if (!Object.prototype.hasOwnProperty.call(checks, type)) return { ok: false, reason: `unknown type ${shown(type)}` };
    const problem = (checks as Record<string, Check<unknown>>)[type]!(raw, type);
    return problem ? { ok: false, reason: problem.slice(0, MAX_REASON_LENGTH) } : { ok: true, message: raw as M };
  };
}

// ---------- Checks of the shared parts ----------

export const point: Check<Point> = (v, at) => {
  if (!Array.isArray(v) || v.length !== 2) return `${at}: expected a [time, value] pair, got ${shown(v)}`;
  return jsonNumber(v[0], `${at}[0]`) ?? nullable(jsonNumber)(v[1], `${at}[1]`);
};

export const scenarioMarker: Check<ScenarioMarker> = object<ScenarioMarker>({
  id: string,
  kind: string,
  label: string,
  start: jsonNumber,
  end: optional(jsonNumber),
  outcome: string,
});

export const sourceStatus: Check<SourceStatus> = object<SourceStatus>({
  type: literal([CommonToPage.Status]),
  state: literal(SOURCE_STATES),
  detail: optional(string),
});

export const readyMessage: Check<ReadyMessage> = object<ReadyMessage>({ type: literal([CommonToHost.Ready]) });

export const actionMessage: Check<ActionMessage> = object<ActionMessage>({ type: literal([CommonToHost.Action]), action: literal(HOST_ACTIONS) });

// ---------- The page's text ----------
// A page shows no English of its own: every sentence it says comes from the host, in the user's language (t() in
// src/vscode/panels/pageStrings.ts), as a table keyed by name, delivered with the page (PageInit, in the shell).

/** The sentences of the parts every page shares (source state box, legend, evidence band). */
export const COMMON_STRING_KEYS = [
  'loading',
  'labNotRunning',
  'sourceUnreachable',
  'queryFailed',
  'startLab',
  'retryNow',
  'legendLabel',
  'legendNow',
  'alertEvidence',
  'chartAria',
  'chartAriaPick',
  'chartAriaZoom',
  'resetZoom',
  'chartNotes',
  'noDataYet',
  'latestAt',
  'duringRuns',
  'timeWindow',
] as const;

export type CommonStringKey = (typeof COMMON_STRING_KEYS)[number];

export type StringTable<K extends string> = Record<K, string>;

/** Exactly these keys, each a string (sentences may hold {0}-style placeholders the page fills). */
export function stringTable<K extends string>(keys: readonly K[]): Check<StringTable<K>> {
  return object<StringTable<K>>(Object.fromEntries(keys.map((k) => [k, string])) as { [P in K]-?: Check<string> });
}

/** What the host gives a page when it loads it: its text, and the language's BCP 47 tag (for <html lang>). */
export interface PageInit<K extends string> {
  lang: string;
  strings: StringTable<K>;
}

export function pageInit<K extends string>(keys: readonly K[]): Check<PageInit<K>> {
  return object<PageInit<K>>({ lang: string, strings: stringTable(keys) });
}

/** The page's check of its init data (a JSON text from the shell). */
export function parsePageInit<K extends string>(keys: readonly K[], raw: unknown): ParseResult<PageInit<K>> {
  const problem = pageInit(keys)(raw, 'init');
  return problem ? { ok: false, reason: problem.slice(0, MAX_REASON_LENGTH) } : { ok: true, message: raw as PageInit<K> };
}
