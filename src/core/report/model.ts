// The one plain report model: everything the renderers need, gathered once (gather.ts), rendered by pure
// functions (markdown.ts, html.ts, charts.ts). Every number in it was read from Elasticsearch, Prometheus, the
// scenario records or the alert history; a part that could not be read says so (`Part` with a reason).
import type { Alert } from '../detect/alert';
import type { RuleId } from '../detect/rule';
import type { EventSummary } from '../logs/logStore';
import type { ScenarioRecord } from '../scenarios/records';
import type { Language } from '../l10n/translate';

export const REPORT_MODEL_VERSION = 1;

/** A part of the report that was read, or why it could not be. */
export type Part<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface TimeWindow {
  /** Unix ms. */
  from: number;
  to: number;
}

/** min, mean, max and when the max was, of a metric series at scrape resolution (percent). */
export interface MetricStats {
  min: number;
  mean: number;
  max: number;
  /** Unix ms of the (first) maximum. */
  peakAt: number;
  samples: number;
}

export interface MetricComparison {
  /** The two minutes before the run. */
  baseline: MetricStats | undefined;
  /** The run itself. */
  run: MetricStats | undefined;
  baselineWindow: TimeWindow;
  runWindow: TimeWindow;
}

export interface ScenarioLogs {
  failedLogins: EventSummary;
  errors: EventSummary;
  lockouts: number;
  malformed: number;
}

/** A rule's firing as the report knows it: from the recorded history, or re-evaluated over the stored data. */
export interface AlertFinding {
  ruleId: RuleId;
  title: string;
  origin: 'history' | 'replay';
  firedAt: number;
  clearedAt?: number;
  /** The value that crossed the threshold (count or percent) and the threshold. */
  value: number;
  threshold: number;
  summary: string;
  /** The run the live engine attributed the alert to (history only). */
  scenarioId?: string;
}

export interface ScenarioSection {
  record: ScenarioRecord;
  /** A brute force run against the app's lockout (the Mitigation Demo): some attempts were answered 429. */
  mitigation: boolean;
  /** Where its evidence is looked for: start to end (or the report's end while running), plus a short tail. */
  window: TimeWindow;
  logs: Part<ScenarioLogs>;
  cpu: Part<MetricComparison>;
  memory: Part<MetricComparison>;
  /** The rule this kind of scenario is expected to trip. */
  expectedRule: RuleId;
  /** Firings of the expected rule attributed to this run (history first, else replay). */
  alerts: AlertFinding[];
  /** Why no alert evidence exists, when it does not (e.g. the rule could not be re-evaluated). */
  alertsUnavailable?: string;
  /** The scenario's last event (last failed login / error) or its end: what a detection delay is measured from. */
  lastActivityAt?: number;
}

export interface MetricSeries {
  stepSeconds: number;
  /** [unix ms, percent]; NaN for a missing sample. */
  cpu: Array<[number, number]>;
  memory: Array<[number, number]>;
}

export interface InventoryItem {
  service: string;
  state: string;
  image?: string;
  imageId?: string;
  ports: string[];
}

export interface QueryUsed {
  title: string;
  engine: 'elasticsearch' | 'prometheus';
  /** Index or endpoint the query goes to. */
  target: string;
  /** ES request body as JSON, or PromQL. */
  text: string;
  /** For PromQL: start, end, step as sent. */
  params?: Record<string, string>;
}

export interface Thresholds {
  bruteForce: { threshold: number; windowSeconds: number };
  errorBurst: { threshold: number; windowSeconds: number };
  highCpu: { abovePercent: number; forSeconds: number };
  highMemory: { abovePercent: number; forSeconds: number };
}

export interface ReportModel {
  version: typeof REPORT_MODEL_VERSION;
  lang: Language;
  generatedAt: number;
  range: TimeWindow;
  lab: { project: string; profile: string; logIndex: string; elasticsearchUrl: string; prometheusUrl: string };
  sources: { elasticsearch: Part<{ version: string; product: string }>; prometheus: Part<{ version: string }>; docker: Part<InventoryItem[]> };
  /** Whole-range log facts. */
  logs: Part<{ failedLogins: EventSummary; errors: EventSummary; lockouts: number; malformed: number; total: number }>;
  metrics: Part<MetricSeries>;
  scenarios: ScenarioSection[];
  /** Every alert of the range: history (editor) and/or re-evaluated (replay). */
  alerts: AlertFinding[];
  alertSource: 'history' | 'replay' | 'history+replay' | 'none';
  /** An alert history covering the range was given (the editor's); without it "no alert" cannot be claimed outside scenario runs. */
  alertHistoryAvailable: boolean;
  thresholds: Thresholds;
  queries: QueryUsed[];
  /** Kibana Discover and Grafana for the same range (full profile only). */
  links?: { kibana: string; grafana: string };
  /** What the report deliberately leaves out (secrets). */
  omitted: string[];
}

/** The alert history as the editor keeps it (persisted), for the gatherer. */
export type AlertHistory = readonly Alert[];
