// The one message protocol between the panel hosts (src/vscode/panels) and their webviews (media/webview).
// Pure types and validators: no 'vscode', no DOM, no Node, so both sides and the unit tests import it.
//
// Direction matters for trust: the host is trusted, the webview is not (it renders log data an attacker
// controls), so every message *from* a webview goes through parseWebviewMessage and anything else is dropped.

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

export interface SourceStatus {
  type: 'status';
  state: SourceState;
  /** Human text that names what failed and what to do; shown as text. */
  detail?: string;
}

// ---------- Security Events ----------

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

export type SecurityHostMessage =
  | SourceStatus
  /** New rows for a tab. `replace` drops what the webview had (a fresh snapshot after a reload). */
  | { type: 'events'; tab: EventTab; rows: EventRow[]; replace: boolean }
  | { type: 'histogram'; from: number; to: number; bucketMs: number; counts: number[]; markers: ScenarioMarker[] }
  | { type: 'top'; sources: TopEntry[]; users: TopEntry[] }
  /** Events the lab app dropped since it started (never delivered to Elasticsearch); 0 hides the notice. */
  | { type: 'dropped'; count: number }
  /** Show the evidence of an alert: filter to a source, highlight a time range. */
  | { type: 'focus'; evidence: EvidenceFocus }
  | { type: 'paused'; paused: boolean };

/** The optional argument of monitoringLab.openSecurityEvents. */
export interface EvidenceFocus {
  sourceIp?: string;
  /** The tab the evidence is on (default: failed logins). */
  tab?: EventTab;
  from?: number;
  to?: number;
}

// ---------- System Metrics ----------

export interface HostSeries {
  /** Percent 0..100 per point. */
  points: Point[];
}

export interface ContainerSeries {
  service: string;
  cpuPercent: Point[];
  memoryPercent: Point[];
  /** Latest sample, for the label. */
  memoryBytes: number;
  memoryLimitBytes: number;
}

export type MetricsHostMessage =
  | SourceStatus
  | { type: 'host'; from: number; to: number; cpu: HostSeries; memory: HostSeries; markers: ScenarioMarker[] }
  /** `available: false` when no stats sampler is wired (the section then says so). */
  | { type: 'containers'; from: number; to: number; available: boolean; services: ContainerSeries[]; markers: ScenarioMarker[] };

export type HostMessage = SecurityHostMessage | MetricsHostMessage;

// ---------- Webview → host ----------

/** Commands a webview may ask the host to run: an allow-list, never a free command id. */
export type HostAction = 'startLab' | 'retry';

export const HOST_ACTIONS: readonly HostAction[] = ['startLab', 'retry'];

export type WebviewMessage =
  /** The page loaded (or re-loaded): send everything it needs. */
  | { type: 'ready' }
  | { type: 'action'; action: HostAction }
  /** Security Events only: stop/start tailing the event list. */
  | { type: 'setPaused'; paused: boolean };

/** Upper bound on anything a webview sends, so a compromised page cannot make the host chew on megabytes. */
const MAX_MESSAGE_KEYS = 8;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOnlyKeys(value: Record<string, unknown>, allowed: readonly string[]): boolean {
  const keys = Object.keys(value);
  return keys.length <= MAX_MESSAGE_KEYS && keys.every((k) => allowed.includes(k));
}

/** Why a webview message was rejected, or the message. */
export type ParseResult = { ok: true; message: WebviewMessage } | { ok: false; reason: string };

/**
 * Validates a message from a webview of `panel`. Extra keys, wrong types, unknown types and actions the
 * panel does not offer are all rejected: the host logs the reason and drops the message.
 */
export function parseWebviewMessage(panel: PanelKind, raw: unknown): ParseResult {
  if (!isPlainObject(raw)) return { ok: false, reason: 'not an object' };
  const type = raw.type;
  if (typeof type !== 'string') return { ok: false, reason: 'no string "type"' };
  switch (type) {
    case 'ready':
      return hasOnlyKeys(raw, ['type']) ? { ok: true, message: { type } } : { ok: false, reason: 'ready: unexpected keys' };
    case 'action': {
      const action = raw.action;
      if (!hasOnlyKeys(raw, ['type', 'action'])) return { ok: false, reason: 'action: unexpected keys' };
      if (typeof action !== 'string' || !(HOST_ACTIONS as readonly string[]).includes(action)) {
        // Describe, never stringify, what the page sent: String() on a hostile object can throw.
        const shown = typeof action === 'string' ? JSON.stringify(action).slice(0, 40) : `of type ${typeof action}`;
        return { ok: false, reason: `action: unknown action ${shown}` };
      }
      return { ok: true, message: { type, action: action as HostAction } };
    }
    case 'setPaused':
      if (panel !== 'securityEvents') return { ok: false, reason: `setPaused: not offered by ${panel}` };
      if (!hasOnlyKeys(raw, ['type', 'paused']) || typeof raw.paused !== 'boolean') return { ok: false, reason: 'setPaused: needs a boolean "paused"' };
      return { ok: true, message: { type, paused: raw.paused } };
    default:
      return { ok: false, reason: `unknown type ${JSON.stringify(type).slice(0, 40)}` };
  }
}

// ---------- Persisted webview state (vscode.getState/setState, and the serializer's `state`) ----------

export interface SecurityViewState {
  tab: EventTab;
  filter: string;
  paused: boolean;
}

export interface MetricsViewState {
  /** Reserved so the serializer has something versioned to restore; the data itself is re-fetched. */
  version: 1;
}

export const DEFAULT_SECURITY_STATE: SecurityViewState = { tab: 'failed-logins', filter: '', paused: false };
export const DEFAULT_METRICS_STATE: MetricsViewState = { version: 1 };

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

export function parseMetricsViewState(_raw: unknown): MetricsViewState {
  return { ...DEFAULT_METRICS_STATE };
}

/** Validates the optional argument of monitoringLab.openSecurityEvents (it may come from a command URI). */
export function parseEvidenceFocus(raw: unknown): EvidenceFocus | undefined {
  if (!isPlainObject(raw)) return undefined;
  const focus: EvidenceFocus = {};
  if (typeof raw.sourceIp === 'string' && raw.sourceIp.length > 0 && raw.sourceIp.length <= 100) focus.sourceIp = raw.sourceIp;
  if (typeof raw.from === 'number' && Number.isFinite(raw.from)) focus.from = raw.from;
  if (typeof raw.to === 'number' && Number.isFinite(raw.to)) focus.to = raw.to;
  if ((EVENT_TABS as readonly unknown[]).includes(raw.tab)) focus.tab = raw.tab as EventTab;
  if (focus.from !== undefined && focus.to !== undefined && focus.to < focus.from) [focus.from, focus.to] = [focus.to, focus.from];
  return Object.keys(focus).length ? focus : undefined;
}
