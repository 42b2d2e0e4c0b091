// "Above X % for T": one query_range over the last T seconds at the scrape interval. The rule fires on the
// minimum over the period (every point above X) and clears on the current value (the last point), which is
// what gives a CPU alert its hysteresis band between clearBelowPercent and abovePercent.
import type { SustainedRuleSettings } from '../settings';
import type { Rule, RuleId } from '../rule';
import type { MetricRanges } from '../sources';

export class NoMetricDataError extends Error {}

export interface SustainedMetricSpec {
  id: RuleId;
  title: string;
  /** What the percentage is of, for messages ("host CPU busy"). */
  what: string;
  /** A PromQL expression for a ratio 0..1, from core/metrics/promql. */
  ratioQuery: string;
}

export function sustainedMetricRule(spec: SustainedMetricSpec, settings: SustainedRuleSettings, prometheus: MetricRanges, scrapeIntervalSeconds: number, intervalMs: number): Rule {
  const step = Math.max(1, Math.round(scrapeIntervalSeconds));
  return {
    id: spec.id,
    title: spec.title,
    severity: 'warning',
    source: 'Prometheus',
    intervalMs,
    fireAt: settings.abovePercent,
    clearBelow: settings.clearBelowPercent,
    async measure(now, signal) {
      const end = Math.floor(now / 1000);
      const start = end - settings.forSeconds;
      const series = await prometheus.queryRange(spec.ratioQuery, { start, end, stepSeconds: step, signal });
      const points = (series[0]?.points ?? []).filter(([, v]) => Number.isFinite(v));
      if (points.length === 0) throw new NoMetricDataError(`no data for ${spec.what} in the last ${settings.forSeconds} s (is Node Exporter scraped?)`);
      const percents = points.map(([, v]) => v * 100);
      const current = percents[percents.length - 1]!;
      // Only a period Prometheus fully covers counts as "for T" (right after start-up it does not yet).
      const expected = Math.floor((end - start) / step) + 1;
      const covered = points[0]![0] <= start + step && points.length >= expected - 1;
      const value = covered ? Math.min(...percents) : 0;
      const subjects = value >= settings.abovePercent ? [{ name: 'host', value: round1(value) }] : [];
      return { value: round1(value), clearValue: round1(current), subjects, window: { from: start * 1000, to: end * 1000 } };
    },
    describe(m) {
      const now = m.clearValue ?? m.value;
      return m.value >= settings.abovePercent
        ? `${spec.what} ≥ ${m.value} % for ${settings.forSeconds} s (threshold ${settings.abovePercent} %), now ${now} %`
        : `${spec.what} now ${now} % (fires above ${settings.abovePercent} % for ${settings.forSeconds} s)`;
    },
  };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
