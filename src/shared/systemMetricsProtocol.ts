// The System Metrics panel's protocol: its messages both ways, their validators and its saved state.
// Host: src/vscode/panels/systemMetricsFeed.ts; page: media/webview/systemMetrics.
// Built on the shared base (./panelProtocol), which says who validates what and why.
import type { AlertMoment, ThresholdLine } from '../core/charts/annotations';
import { CHART_WINDOWS, type ChartWindowKey, DEFAULT_CHART_WINDOW, isChartWindowKey } from '../core/charts/windows';
import {
  type ActionMessage,
  type ParseResult,
  type Point,
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
  jsonNumber,
  literal,
  messageParser,
  object,
  parsePageInit,
  optional,
  point,
  isPlainObject,
  readyMessage,
  scenarioMarker,
  sourceStatus,
  string,
} from './panelProtocol';

/**
 * The window the host charts show: one the page's picker offers, or 'evidence' (opened from an alert's evidence:
 * a look-back reaching the alert, until the user picks a window).
 */
export type MetricsWindow = ChartWindowKey | 'evidence';

export interface HostSeries {
  /** Percent 0..100 per point. */
  points: Point[];
}

export interface ContainerSeries {
  service: string;
  cpuPercent: Point[];
  memoryPercent: Point[];
  /** Memory used, bytes (drawn on a binary-unit axis, with the limit as a line). */
  memoryUsed: Point[];
  /** Latest sample, for the label. */
  memoryBytes: number;
  memoryLimitBytes: number;
}

// ---------- Host → page ----------

export const SystemMetricsToPage = { ...CommonToPage, Host: 'host', Containers: 'containers' } as const;

/** Host CPU and memory over the window (Prometheus), with the scenario runs, rule thresholds and alerts in it. */
export interface HostChartMessage {
  type: typeof SystemMetricsToPage.Host;
  /** The range shown, unix ms (a lab younger than the window starts at its first sample). */
  from: number;
  to: number;
  window: MetricsWindow;
  /** Time between points, ms. */
  stepMs: number;
  startsAtFirstSample: boolean;
  /** "This scenario run" was asked for but there is none: the default window is shown. */
  noRun?: boolean;
  cpu: HostSeries;
  memory: HostSeries;
  markers: ScenarioMarker[];
  /** The High CPU / High memory rules' thresholds (none for a disabled rule). */
  thresholds: { cpu: ThresholdLine[]; memory: ThresholdLine[] };
  /** When those rules' alerts fired within the range. */
  alerts: { cpu: AlertMoment[]; memory: AlertMoment[] };
  /** An alert's evidence range to highlight (the panel was opened from Show Evidence). */
  focus?: { from: number; to: number };
}

/** Per-container CPU and memory; `available: false` when no stats sampler is wired (the section then says so). */
export interface ContainersChartMessage {
  type: typeof SystemMetricsToPage.Containers;
  from: number;
  to: number;
  available: boolean;
  services: ContainerSeries[];
  markers: ScenarioMarker[];
}

export type SystemMetricsToPage = SourceStatus | HostChartMessage | ContainersChartMessage;

const hostSeries = object<HostSeries>({ points: arrayOf(point) });

const thresholdLine = object<ThresholdLine>({ value: jsonNumber, label: string, role: literal(['threshold', 'clear']) });
const alertMoment = object<AlertMoment>({ id: string, time: jsonNumber, label: string, severity: string });
const WINDOW_KEYS = CHART_WINDOWS.map((w) => w.key);

const containerSeries = object<ContainerSeries>({
  service: string,
  cpuPercent: arrayOf(point),
  memoryPercent: arrayOf(point),
  memoryUsed: arrayOf(point),
  memoryBytes: jsonNumber,
  memoryLimitBytes: jsonNumber,
});

/** The page's check of what its host sends. */
export const parseSystemMetricsToPage: (raw: unknown) => ParseResult<SystemMetricsToPage> = messageParser<SystemMetricsToPage>({
  [SystemMetricsToPage.Status]: sourceStatus,
  [SystemMetricsToPage.Host]: object<HostChartMessage>({
    type: literal([SystemMetricsToPage.Host]),
    from: jsonNumber,
    to: jsonNumber,
    window: literal<MetricsWindow>([...WINDOW_KEYS, 'evidence']),
    stepMs: jsonNumber,
    startsAtFirstSample: boolean,
    noRun: optional(boolean),
    cpu: hostSeries,
    memory: hostSeries,
    markers: arrayOf(scenarioMarker),
    thresholds: object<HostChartMessage['thresholds']>({ cpu: arrayOf(thresholdLine), memory: arrayOf(thresholdLine) }),
    alerts: object<HostChartMessage['alerts']>({ cpu: arrayOf(alertMoment), memory: arrayOf(alertMoment) }),
    focus: optional(object<{ from: number; to: number }>({ from: jsonNumber, to: jsonNumber })),
  }),
  [SystemMetricsToPage.Containers]: object<ContainersChartMessage>({
    type: literal([SystemMetricsToPage.Containers]),
    from: jsonNumber,
    to: jsonNumber,
    available: boolean,
    services: arrayOf(containerSeries),
    markers: arrayOf(scenarioMarker),
  }),
});

// ---------- Page → host ----------

/** The page says it is ready, asks for the shared actions, and picks the charts' window; it has no live list to pause. */
export const SystemMetricsToHost = { ...CommonToHost, SetWindow: 'setWindow' } as const;

/** Show another window: the host re-queries over it. */
export interface SetWindowMessage {
  type: typeof SystemMetricsToHost.SetWindow;
  window: ChartWindowKey;
}

export type SystemMetricsToHost = ReadyMessage | ActionMessage | SetWindowMessage;

/** The host's check of what the page sends (untrusted: anything else is dropped). */
export const parseSystemMetricsToHost: (raw: unknown) => ParseResult<SystemMetricsToHost> = messageParser<SystemMetricsToHost>({
  [SystemMetricsToHost.Ready]: readyMessage,
  [SystemMetricsToHost.Action]: actionMessage,
  [SystemMetricsToHost.SetWindow]: object<SetWindowMessage>({ type: literal([SystemMetricsToHost.SetWindow]), window: literal(WINDOW_KEYS) }),
});

// ---------- Saved page state ----------

export interface MetricsViewState {
  /** Versioned so the serializer knows what it restores; the data itself is re-fetched. */
  version: 1;
  /** The window the user picked: a restored panel opens on it. */
  window: ChartWindowKey;
}

export const DEFAULT_METRICS_STATE: MetricsViewState = { version: 1, window: DEFAULT_CHART_WINDOW };

/** Saved state may be stale or tampered with: a known window is kept, anything else is the default. */
export function parseMetricsViewState(raw: unknown): MetricsViewState {
  const window = isPlainObject(raw) && isChartWindowKey(raw.window) ? raw.window : DEFAULT_METRICS_STATE.window;
  return { ...DEFAULT_METRICS_STATE, window };
}

// ---------- The page's text (host → page, with the page: see PageInit in ./panelProtocol) ----------

export const SYSTEM_METRICS_STRING_KEYS = [
  ...COMMON_STRING_KEYS,
  'title',
  'hostHeading',
  'containersHeading',
  'waitingForStats',
  'statsUnavailable',
  'noStatsYet',
  'containersRange',
  'hostRange',
  'cpu',
  'memory',
  'noMemoryLimit',
  'memoryOf',
  'memoryNoLimit',
  'metricNumbers',
  'metricRange',
  'metricChartLabel',
  'metricNoDataLabel',
  'metricNoData',
  'windowLoading',
  'chartHint',
  'windowNoRun',
  'pointEvery',
  'startsAtFirstSample',
  'containersSampled',
  'window5m',
  'window15m',
  'window1h',
  'windowRun',
  'windowEvidence',
  'windowButton5m',
  'windowButton15m',
  'windowButton1h',
  'windowButtonRun',
  'serviceCpu',
  'serviceMemory',
  'containerNoSamples',
  'memoryLimitLine',
  'hostCpuTitle',
  'hostMemoryTitle',
  'noCpuSamples',
  'noMemorySamples',
] as const;

export type SystemMetricsStringKey = (typeof SYSTEM_METRICS_STRING_KEYS)[number];

export type SystemMetricsInit = PageInit<SystemMetricsStringKey>;

/** The page's check of its init data: every sentence present, nothing else. */
export function parseSystemMetricsInit(raw: unknown): ParseResult<SystemMetricsInit> {
  return parsePageInit(SYSTEM_METRICS_STRING_KEYS, raw);
}
