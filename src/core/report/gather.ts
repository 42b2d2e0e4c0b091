// Reads everything a report says (no rendering): Elasticsearch aggregations through LogStore, host CPU and
// memory from Prometheus at scrape resolution, scenario records, the alert history, the stack inventory, and
// the detection rules re-evaluated over the stored range. A source that cannot be read becomes a Part with its
// reason; nothing is filled in.
import type { Alert } from '../detect/alert';
import type { DetectionSettings } from '../detect/settings';
import type { EventSummary, LogStore } from '../logs/logStore';
import { type SummaryField, countRequest, eventSummaryRequest } from '../logs/queries';
import type { PrometheusClient } from '../metrics/prometheusClient';
import { hostCpuBusy, hostMemoryUsed, maxOverTime, stepForRange } from '../metrics/promql';
import type { ScenarioRecord } from '../scenarios/records';
import type { ServiceStatus } from '../stack/engine/status';
import { buildDeepLink } from '../dashboards/deepLinks';
import {
  type AlertFinding,
  type InventoryItem,
  type MetricComparison,
  type MetricSeries,
  type MetricStats,
  type Part,
  type QueryUsed,
  REPORT_MODEL_VERSION,
  type ReportModel,
  type ScenarioLogs,
  type ScenarioSection,
  type TimeWindow,
} from './model';
import { replayRules } from './replay';
import { type Language, t } from '../l10n';
import { tIn } from '../l10n/translate';
import { defined } from '../../shared/defined';

export const BASELINE_MS = 120_000;
/** Events of a run are looked for until a little after its end (the app ships every 250 ms). */
const TAIL_MS = 2_000;
export const HISTOGRAM_BUCKET_SECONDS = 10;
const TOP = 10;

export interface GatherOptions {
  range: TimeWindow;
  lang: Language;
  lab: ReportModel['lab'];
  /** undefined: Elasticsearch is not running (the reason says why). */
  logs: LogStore | undefined;
  logsMissingReason?: string;
  prometheus: PrometheusClient | undefined;
  prometheusMissingReason?: string;
  records: readonly ScenarioRecord[];
  /** The editor's (or CLI's) persisted alert history, when there is one. */
  alertHistory?: readonly Alert[];
  /** The stack's services as the engine reports them. */
  inventory?: () => Promise<ServiceStatus[]>;
  detection: DetectionSettings;
  scrapeIntervalSeconds: number;
  /** Kibana and Grafana base URLs (full profile only). */
  dashboards?: { kibanaUrl: string; grafanaUrl: string };
  /** Re-evaluate the rules over the stored data (default true). */
  replay?: boolean;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
  now?: number;
}

async function part<T>(read: () => Promise<T>): Promise<Part<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
}

const FAILED_FIELDS: SummaryField[] = ['source.ip', 'user.name', 'user_agent.original'];
const ERROR_FIELDS: SummaryField[] = ['error.type', 'url.path', 'source.ip'];

/** 10 s buckets, widened (in whole 10 s) for long ranges so a histogram stays under ~5,000 buckets. */
export function bucketSecondsFor(window: TimeWindow): number {
  const seconds = (window.to - window.from) / 1000;
  return Math.max(HISTOGRAM_BUCKET_SECONDS, Math.ceil(seconds / 5000 / HISTOGRAM_BUCKET_SECONDS) * HISTOGRAM_BUCKET_SECONDS);
}

async function logFacts(logs: LogStore, window: TimeWindow): Promise<ScenarioLogs> {
  const bucketSeconds = bucketSecondsFor(window);
  const [failedLogins, errors, lockouts, malformed] = await Promise.all([
    logs.summary('failed-logins', window, { bucketSeconds, fields: FAILED_FIELDS, topSize: TOP }),
    logs.summary('errors', window, { bucketSeconds, fields: ERROR_FIELDS, topSize: TOP, sampleErrorMessages: true }),
    logs.count('lockouts', window),
    logs.count('malformed', window),
  ]);
  return { failedLogins, errors, lockouts, malformed };
}

/** min/mean/max/peak of [unix ms, percent] samples; undefined when none is finite. */
export function metricStats(points: ReadonlyArray<[number, number]>): MetricStats | undefined {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let n = 0;
  let peakAt = 0;
  for (const [t, v] of points) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) {
      max = v;
      peakAt = t;
    }
    sum += v;
    n++;
  }
  return n ? { min, mean: sum / n, max, peakAt, samples: n } : undefined;
}

/** Percent samples of a ratio query between `from` and `to` (unix ms), on steps aligned to the step (repeatable). */
async function percentSeries(
  prometheus: PrometheusClient,
  query: string,
  window: TimeWindow,
  step: number,
  signal?: AbortSignal,
): Promise<Array<[number, number]>> {
  const start = Math.ceil(window.from / 1000 / step) * step;
  const end = Math.floor(window.to / 1000 / step) * step;
  if (!(end > start)) return [];
  const series = await prometheus.queryRange(query, { start, end, stepSeconds: step, ...(signal ? { signal } : {}) });
  return (series[0]?.points ?? []).map(([t, v]) => [t * 1000, v * 100] as [number, number]);
}

async function compare(prometheus: PrometheusClient, query: string, run: TimeWindow, step: number, signal?: AbortSignal): Promise<MetricComparison> {
  const baselineWindow = { from: run.from - BASELINE_MS, to: run.from };
  const [baseline, during] = await Promise.all([
    percentSeries(prometheus, query, baselineWindow, step, signal),
    percentSeries(prometheus, query, run, step, signal),
  ]);
  return { baseline: metricStats(baseline), run: metricStats(during), baselineWindow, runWindow: run };
}

const EXPECTED_RULE = { 'brute-force': 'brute-force', 'error-burst': 'error-burst', 'cpu-stress': 'high-cpu', 'memory-pressure': 'high-memory' } as const;

function runWindow(record: ScenarioRecord, now: number): TimeWindow {
  return { from: record.startedAt, to: (record.endedAt ?? now) + TAIL_MS };
}

function lastActivity(section: ScenarioSection): number | undefined {
  if (!section.logs.ok) return section.record.endedAt;
  const kind = section.record.kind;
  if (kind === 'brute-force') return section.logs.value.failedLogins.last ?? section.record.endedAt;
  if (kind === 'error-burst') return section.logs.value.errors.last ?? section.record.endedAt;
  return undefined; // metric scenarios: the delay counts from the run's start
}

function fromHistory(a: Alert): AlertFinding {
  return {
    ruleId: a.ruleId,
    title: a.title,
    origin: 'history',
    firedAt: a.firedAt,
    ...defined({ clearedAt: a.clearedAt }),
    value: a.peakValue,
    threshold: a.evidence.threshold,
    summary: a.evidence.summary,
    ...(a.scenario ? { scenarioId: a.scenario.id } : {}),
  };
}

/**
 * Which run an alert belongs to: the run the live engine named, else the latest run of the rule's kind that
 * started before the alert and whose evidence window still covers it. Each alert belongs to one run at most —
 * a later run's alert is never credited to an earlier one.
 */
export function ownerOf(alert: AlertFinding, sections: readonly ScenarioSection[], detection: DetectionSettings): ScenarioSection | undefined {
  if (alert.scenarioId) {
    const named = sections.find((s) => s.record.id === alert.scenarioId);
    if (named) return named.expectedRule === alert.ruleId ? named : undefined;
  }
  const candidates = sections.filter(
    (s) =>
      s.expectedRule === alert.ruleId && s.record.startedAt <= alert.firedAt && alert.firedAt <= s.window.to + ruleWindowMs(s.expectedRule, detection) + 30_000,
  );
  return candidates.sort((a, b) => b.record.startedAt - a.record.startedAt)[0];
}

export async function gatherReport(options: GatherOptions): Promise<ReportModel> {
  const { range, logs, prometheus, detection, signal } = options;
  const now = options.now ?? Date.now();
  const progress = options.onProgress ?? (() => undefined);
  const scrape = options.scrapeIntervalSeconds;
  const queries: QueryUsed[] = [];
  const index = options.lab.logIndex;

  progress(t('Reading versions and the stack inventory…'));
  const esDown = options.logsMissingReason ?? 'Elasticsearch is not running';
  const promDown = options.prometheusMissingReason ?? 'Prometheus is not running';
  const [esInfo, promInfo, docker] = await Promise.all([
    logs ? part(() => logs.serverInfo()) : Promise.resolve<Part<{ version: string; product: string }>>({ ok: false, reason: esDown }),
    prometheus ? part(() => prometheus.buildInfo(signal)) : Promise.resolve<Part<{ version: string }>>({ ok: false, reason: promDown }),
    options.inventory
      ? part(async () =>
          (await options.inventory!()).map<InventoryItem>((s) => ({
            service: s.service,
            state: s.state,
            ...(s.image ? { image: s.image } : {}),
            ...(s.imageId ? { imageId: s.imageId } : {}),
            ports: s.ports.map((p) => `${p.hostIp}:${p.hostPort}→${p.containerPort}/${p.protocol}`),
          })),
        )
      : Promise.resolve<Part<InventoryItem[]>>({ ok: false, reason: 'the Docker engine was not asked' }),
  ]);
  // An unreachable Elasticsearch answers every later query the same way: one reason, no repeated timeouts.
  const logsUsable = logs && esInfo.ok ? logs : undefined;
  const esReason = esInfo.ok ? '' : esInfo.reason;
  const promUsable = prometheus && promInfo.ok ? prometheus : undefined;
  const promReason = promInfo.ok ? '' : promInfo.reason;

  progress(t('Aggregating log events in Elasticsearch…'));
  const logsPart: ReportModel['logs'] = logsUsable
    ? await part(async () => {
        const facts = await logFacts(logsUsable, range);
        const total = await logsUsable.count('all', range);
        return { ...facts, total };
      })
    : { ok: false, reason: esReason };
  const summaryOpts = { bucketSeconds: bucketSecondsFor(range), topSize: TOP };
  queries.push(
    {
      title: tIn(options.lang, 'Failed logins: count, first/last, per-10 s histogram, busiest minute, top sources/users/user agents'),
      engine: 'elasticsearch',
      target: `POST ${index}/_search`,
      text: JSON.stringify(eventSummaryRequest('failed-logins', range, { ...summaryOpts, fields: FAILED_FIELDS }), null, 2),
    },
    {
      title: tIn(options.lang, 'Application errors: count, histogram, exception types (sample message), routes'),
      engine: 'elasticsearch',
      target: `POST ${index}/_search`,
      text: JSON.stringify(eventSummaryRequest('errors', range, { ...summaryOpts, fields: ERROR_FIELDS, sampleErrorMessages: true }), null, 2),
    },
    {
      title: tIn(options.lang, { message: 'Lockout blocks', comment: 'report: query title' }),
      engine: 'elasticsearch',
      target: `POST ${index}/_count`,
      text: JSON.stringify(countRequest('lockouts', range), null, 2),
    },
    {
      title: tIn(options.lang, { message: 'Malformed login requests', comment: 'report: query title' }),
      engine: 'elasticsearch',
      target: `POST ${index}/_count`,
      text: JSON.stringify(countRequest('malformed', range), null, 2),
    },
  );

  progress(t('Reading host CPU and memory from Prometheus…'));
  const rangeSeconds = Math.max(1, Math.round((range.to - range.from) / 1000));
  const step = stepForRange(rangeSeconds, Math.ceil(rangeSeconds / scrape) + 1, scrape);
  const cpuQuery = hostCpuBusy(scrape);
  const memQuery = hostMemoryUsed();
  const metricsPart: Part<MetricSeries> = promUsable
    ? await part(async () => {
        const [cpu, memory] = await Promise.all([
          percentSeries(promUsable, cpuQuery, range, step, signal),
          percentSeries(promUsable, memQuery, range, step, signal),
        ]);
        return { stepSeconds: step, cpu, memory };
      })
    : { ok: false, reason: promReason };
  const promParams = { start: new Date(range.from).toISOString(), end: new Date(range.to).toISOString(), step: `${step}s` };
  queries.push(
    {
      title: tIn(options.lang, 'Host CPU busy (ratio; the report shows ×100)'),
      engine: 'prometheus',
      target: 'GET /api/v1/query_range',
      text: cpuQuery,
      params: promParams,
    },
    {
      title: tIn(options.lang, 'Host memory used (ratio; the report shows ×100)'),
      engine: 'prometheus',
      target: 'GET /api/v1/query_range',
      text: memQuery,
      params: promParams,
    },
  );

  const records = options.records.filter((r) => r.startedAt <= range.to && (r.endedAt ?? now) >= range.from).sort((a, b) => a.startedAt - b.startedAt);
  const scenarios: ScenarioSection[] = [];
  for (const record of records) {
    if (signal?.aborted) throw new Error(t('report cancelled'));
    progress(t('Scenario {0} at {1}…', record.kind, new Date(record.startedAt).toISOString()));
    const window = runWindow(record, now);
    const [logsOfRun, cpu, memory] = await Promise.all([
      logsUsable ? part(() => logFacts(logsUsable, window)) : Promise.resolve<Part<ScenarioLogs>>({ ok: false, reason: esReason }),
      promUsable
        ? part(() => compare(promUsable, cpuQuery, window, scrape, signal))
        : Promise.resolve<Part<MetricComparison>>({ ok: false, reason: promReason }),
      promUsable
        ? part(() => compare(promUsable, memQuery, window, scrape, signal))
        : Promise.resolve<Part<MetricComparison>>({ ok: false, reason: promReason }),
    ]);
    const http429 = record.counts['429'] ?? 0;
    const mitigation = record.kind === 'brute-force' && (http429 > 0 || (logsOfRun.ok && logsOfRun.value.lockouts > 0));
    if (record.kind === 'cpu-stress' || record.kind === 'memory-pressure') {
      // The run's peak as one instant query over the same aligned steps the report read.
      const start = Math.ceil(window.from / 1000 / scrape) * scrape;
      const end = Math.floor(window.to / 1000 / scrape) * scrape;
      if (end > start) {
        const cpu = record.kind === 'cpu-stress';
        const peak = { kind: record.kind, at: new Date(record.startedAt).toISOString() };
        queries.push({
          title: cpu
            ? tIn(options.lang, 'Highest CPU busy during the {kind} run of {at}', peak)
            : tIn(options.lang, 'Highest memory used during the {kind} run of {at}', peak),
          engine: 'prometheus',
          target: 'GET /api/v1/query',
          text: maxOverTime(cpu ? cpuQuery : memQuery, end - start + scrape, scrape),
          params: { time: new Date(end * 1000).toISOString() },
        });
      }
    }
    const section: ScenarioSection = { record, mitigation, window, logs: logsOfRun, cpu, memory, expectedRule: EXPECTED_RULE[record.kind], alerts: [] };
    const last = lastActivity(section);
    if (last !== undefined) section.lastActivityAt = last;
    scenarios.push(section);
  }

  // Alerts: the recorded history where there is one, and the rules re-run over the stored data.
  const history = (options.alertHistory ?? []).filter((a) => a.firedAt >= range.from && a.firedAt <= range.to).map(fromHistory);
  let replayed: AlertFinding[] = [];
  let replayProblem: string | undefined;
  if (options.replay !== false && scenarios.length) {
    progress(t('Re-evaluating the detection rules over the stored data…'));
    try {
      replayed = await replayRules({
        detection,
        scrapeIntervalSeconds: scrape,
        ...(logsUsable ? { logs: logsUsable } : {}),
        ...(promUsable ? { prometheus: promUsable } : {}),
        windows: scenarios.map((s) => ({ ruleId: s.expectedRule, from: s.record.startedAt, to: s.window.to })),
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      replayProblem = (err as Error).message;
    }
  }
  for (const s of scenarios) {
    const mine = (a: AlertFinding) => ownerOf(a, scenarios, detection) === s;
    const fromHist = history.filter(mine);
    s.alerts = fromHist.length ? fromHist : replayed.filter(mine);
    if (!s.alerts.length) {
      const source =
        s.expectedRule === 'high-cpu' || s.expectedRule === 'high-memory' ? (promUsable ? undefined : promReason) : logsUsable ? undefined : esReason;
      if (source) s.alertsUnavailable = source;
      else if (replayProblem) s.alertsUnavailable = replayProblem;
    }
  }
  const alerts = dedupeAlerts([...history, ...replayed]).sort((a, b) => a.firedAt - b.firedAt);
  const alertSource: ReportModel['alertSource'] =
    history.length && replayed.length
      ? 'history+replay'
      : history.length
        ? 'history'
        : replayed.length || (options.replay !== false && scenarios.length && !replayProblem)
          ? 'replay'
          : 'none';

  const model: ReportModel = {
    version: REPORT_MODEL_VERSION,
    lang: options.lang,
    generatedAt: now,
    range: { ...range },
    lab: { ...options.lab },
    sources: {
      elasticsearch: esInfo,
      prometheus: promInfo.ok ? { ok: true, value: { version: promInfo.value.version } } : promInfo,
      docker,
    },
    logs: logsPart,
    metrics: metricsPart,
    scenarios,
    alerts,
    alertSource,
    alertHistoryAvailable: options.alertHistory !== undefined,
    thresholds: {
      bruteForce: { threshold: detection.bruteForce.threshold, windowSeconds: detection.bruteForce.windowSeconds },
      errorBurst: { threshold: detection.errorBurst.threshold, windowSeconds: detection.errorBurst.windowSeconds },
      highCpu: { abovePercent: detection.highCpu.abovePercent, forSeconds: detection.highCpu.forSeconds },
      highMemory: { abovePercent: detection.highMemory.abovePercent, forSeconds: detection.highMemory.forSeconds },
    },
    queries,
    omitted: ['demo password', 'admin token', 'Grafana admin password'],
  };
  if (options.dashboards) {
    const timeRange = { from: new Date(range.from), to: new Date(range.to) };
    model.links = {
      kibana: buildDeepLink({ kind: 'kibana-discover', kibanaUrl: options.dashboards.kibanaUrl, timeRange }),
      grafana: buildDeepLink({ kind: 'grafana-dashboard', grafanaUrl: options.dashboards.grafanaUrl, timeRange }),
    };
  }
  return model;
}

function ruleWindowMs(ruleId: string, d: DetectionSettings): number {
  if (ruleId === 'brute-force') return d.bruteForce.windowSeconds * 1000;
  if (ruleId === 'error-burst') return d.errorBurst.windowSeconds * 1000;
  if (ruleId === 'high-cpu') return d.highCpu.forSeconds * 1000;
  return d.highMemory.forSeconds * 1000;
}

/** A history alert and its replayed twin (same rule, fired within 15 s): keep the history's. */
function dedupeAlerts(list: AlertFinding[]): AlertFinding[] {
  const out: AlertFinding[] = [];
  for (const a of list) {
    if (a.origin === 'replay' && list.some((h) => h.origin === 'history' && h.ruleId === a.ruleId && Math.abs(h.firedAt - a.firedAt) < 15_000)) continue;
    out.push(a);
  }
  return out;
}

export type { EventSummary };
