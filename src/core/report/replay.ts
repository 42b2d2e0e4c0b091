// The detection rules re-run over stored data: the same rule code (core/detect/rules) measured at stepped
// times across a window, fed into the same AlertManager on a stepped clock. So a report made from a terminal,
// long after the fact, still says which rules fired and when — as the live engine would have.
import { AlertManager } from '../detect/alertManager';
import type { Rule, RuleId } from '../detect/rule';
import { createRules } from '../detect/rules';
import type { DetectionSettings } from '../detect/settings';
import type { LogCounts, MetricRanges } from '../detect/sources';
import type { EventKind, TimeRange } from '../logs/queries';
import type { AlertFinding } from './model';
import { t as tr } from '../l10n';
import { defined } from '../../shared/defined';

export interface ReplayOptions {
  detection: DetectionSettings;
  scrapeIntervalSeconds: number;
  logs?: LogCounts;
  prometheus?: MetricRanges;
  /** Which rule to re-run over which window (unix ms). */
  windows: ReadonlyArray<{ ruleId: RuleId; from: number; to: number }>;
  signal?: AbortSignal;
}

/** At most this many evaluations per window; the step grows for longer windows. */
const MAX_STEPS = 400;

/**
 * Log rules read an open-ended range ("since now − window") because live, "now" is the newest data. Replayed at
 * a past time, the range must end at that time, or later events would leak into an earlier evaluation.
 */
function logsAt(logs: LogCounts, at: () => number): LogCounts {
  const bounded = (range: Partial<TimeRange>): Partial<TimeRange> => ({ ...range, to: range.to ?? at() + 1 });
  return {
    failedAttemptsBySource: (range, minCount, size) => logs.failedAttemptsBySource(bounded(range), minCount, size),
    count: (kind: EventKind, range) => logs.count(kind, bounded(range)),
  };
}

const unavailable = (what: string) => () => Promise.reject(new Error(`${what} is not available`));

export async function replayRules(options: ReplayOptions): Promise<AlertFinding[]> {
  const findings: AlertFinding[] = [];
  for (const w of options.windows) {
    const isMetric = w.ruleId === 'high-cpu' || w.ruleId === 'high-memory';
    if (isMetric ? !options.prometheus : !options.logs) continue;
    let t = w.from;
    const logs: LogCounts = options.logs
      ? logsAt(options.logs, () => t)
      : { failedAttemptsBySource: unavailable('Elasticsearch'), count: unavailable('Elasticsearch') };
    const prometheus: MetricRanges = options.prometheus ?? { queryRange: unavailable('Prometheus') };
    const rule: Rule | undefined = createRules(options.detection, { logs, prometheus, services: () => Promise.resolve([]) }).find((r) => r.id === w.ruleId);
    if (!rule) continue; // disabled in the settings
    const d = options.detection;
    const tail =
      (w.ruleId === 'brute-force'
        ? d.bruteForce.windowSeconds
        : w.ruleId === 'error-burst'
          ? d.errorBurst.windowSeconds
          : w.ruleId === 'high-cpu'
            ? d.highCpu.forSeconds
            : d.highMemory.forSeconds) * 1000;
    const end = Math.min(w.to + tail + 30_000, Date.now());
    const baseStep = isMetric ? d.metricIntervalSeconds * 1000 : 1000;
    const step = Math.max(baseStep, Math.ceil((end - w.from) / MAX_STEPS / 1000) * 1000);
    const manager = new AlertManager({ clearAfterTicks: d.clearAfterTicks, historySize: 1000, clock: { now: () => t } });
    const signal = options.signal ?? new AbortController().signal;
    let firstError: Error | undefined;
    for (t = w.from; t <= end; t += step) {
      if (signal.aborted) throw new Error(tr('report cancelled'));
      try {
        await manager.observe(rule, await rule.measure(t, signal));
      } catch (err) {
        firstError ??= err as Error;
        // Metric rules refuse a period Prometheus does not cover yet; that is "no evidence", not a failure.
      }
      // Once the alert has fired and cleared, this window is told.
      if (manager.history().some((a) => a.clearedAt !== undefined) && !manager.activeAlerts().length) break;
    }
    for (const a of manager.history()) {
      findings.push({
        ruleId: a.ruleId,
        title: a.title,
        origin: 'replay',
        firedAt: a.firedAt,
        ...defined({ clearedAt: a.clearedAt }),
        value: a.peakValue,
        threshold: a.evidence.threshold,
        summary: a.evidence.summary,
      });
    }
    manager.dispose();
    if (!manager.history().length && firstError && !isMetric) throw firstError;
  }
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}@${f.firedAt}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
