// The System Metrics panel's protocol: its messages both ways, their validators and its saved state.
// Host: src/vscode/panels/systemMetricsFeed.ts; page: media/webview/systemMetrics.
// Built on the shared base (./panelProtocol), which says who validates what and why.
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
  point,
  readyMessage,
  scenarioMarker,
  sourceStatus,
  string,
} from './panelProtocol';

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

// ---------- Host → page ----------

export const SystemMetricsToPage = { ...CommonToPage, Host: 'host', Containers: 'containers' } as const;

/** Host CPU and memory over the window (Prometheus), with the scenario runs in it. */
export interface HostChartMessage {
  type: typeof SystemMetricsToPage.Host;
  from: number;
  to: number;
  cpu: HostSeries;
  memory: HostSeries;
  markers: ScenarioMarker[];
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

const containerSeries = object<ContainerSeries>({
  service: string,
  cpuPercent: arrayOf(point),
  memoryPercent: arrayOf(point),
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
    cpu: hostSeries,
    memory: hostSeries,
    markers: arrayOf(scenarioMarker),
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

/** The page only says it is ready and asks for the shared actions; it has no live list to pause. */
export const SystemMetricsToHost = { ...CommonToHost } as const;

export type SystemMetricsToHost = ReadyMessage | ActionMessage;

/** The host's check of what the page sends (untrusted: anything else is dropped). */
export const parseSystemMetricsToHost: (raw: unknown) => ParseResult<SystemMetricsToHost> = messageParser<SystemMetricsToHost>({
  [SystemMetricsToHost.Ready]: readyMessage,
  [SystemMetricsToHost.Action]: actionMessage,
});

// ---------- Saved page state ----------

export interface MetricsViewState {
  /** Reserved so the serializer has something versioned to restore; the data itself is re-fetched. */
  version: 1;
}

export const DEFAULT_METRICS_STATE: MetricsViewState = { version: 1 };

export function parseMetricsViewState(_raw: unknown): MetricsViewState {
  return { ...DEFAULT_METRICS_STATE };
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
] as const;

export type SystemMetricsStringKey = (typeof SYSTEM_METRICS_STRING_KEYS)[number];

export type SystemMetricsInit = PageInit<SystemMetricsStringKey>;

/** The page's check of its init data: every sentence present, nothing else. */
export function parseSystemMetricsInit(raw: unknown): ParseResult<SystemMetricsInit> {
  return parsePageInit(SYSTEM_METRICS_STRING_KEYS, raw);
}
