// "Above X % for T": one query_range over the last T seconds at the scrape interval. The rule fires on the
// minimum over the period (every point above X) and clears on the current value (the last point), which is
// what gives a CPU alert its hysteresis band between clearBelowPercent and abovePercent.
import type { SustainedRuleSettings } from '../settings';
import type { Rule, RuleId } from '../rule';
import type { MetricRanges } from '../sources';
import { formatNumber, t } from '../../l10n';

export class NoMetricDataError extends Error {}

export interface SustainedMetricSpec {
  id: RuleId;
  title: string;
  /** What the percentage is of, for messages ("host CPU busy"). */
  what: string;
  /** A PromQL expression for a ratio 0..1, from core/metrics/promql. */
  ratioQuery: string;
}

export function sustainedMetricRule(
  spec: SustainedMetricSpec,
  settings: SustainedRuleSettings,
  prometheus: MetricRanges,
  scrapeIntervalSeconds: number,
  intervalMs: number,
): Rule {
  const step = Math.max(1, Math.round(scrapeIntervalSeconds));
  return {
    id: spec.id,
    get title() {
      return spec.id === 'high-cpu' ? t('High CPU') : spec.id === 'high-memory' ? t('High memory') : spec.title;
    },
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
      if (points.length === 0) throw new NoMetricDataError(sentences(spec).noData(settings.forSeconds));
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
      const now = formatNumber(m.clearValue ?? m.value, 1);
      const say = sentences(spec);
      return m.value >= settings.abovePercent
        ? say.above(formatNumber(m.value, 1), settings.forSeconds, settings.abovePercent, now)
        : say.below(now, settings.abovePercent, settings.forSeconds);
    },
  };
}

/** Whole sentences per metric (the translation cannot be built from "host CPU busy" plus a tail). */
function sentences(spec: SustainedMetricSpec): {
  noData: (forSeconds: number) => string;
  above: (value: string, forSeconds: number, threshold: number, now: string) => string;
  below: (now: string, threshold: number, forSeconds: number) => string;
} {
  if (spec.id === 'high-cpu') {
    return {
      noData: (s) => t('no data for host CPU busy in the last {0} s (is Node Exporter scraped?)', s),
      above: (v, s, th, now) => t('host CPU busy ≥ {0} % for {1} s (threshold {2} %), now {3} %', v, s, th, now),
      below: (now, th, s) => t('host CPU busy now {0} % (fires above {1} % for {2} s)', now, th, s),
    };
  }
  if (spec.id === 'high-memory') {
    return {
      noData: (s) => t('no data for host memory used in the last {0} s (is Node Exporter scraped?)', s),
      above: (v, s, th, now) => t('host memory used ≥ {0} % for {1} s (threshold {2} %), now {3} %', v, s, th, now),
      below: (now, th, s) => t('host memory used now {0} % (fires above {1} % for {2} s)', now, th, s),
    };
  }
  // Another metric (tests): its own words, untranslated.
  return {
    noData: (s) => `no data for ${spec.what} in the last ${s} s (is Node Exporter scraped?)`,
    above: (v, s, th, now) => `${spec.what} ≥ ${v} % for ${s} s (threshold ${th} %), now ${now} %`,
    below: (now, th, s) => `${spec.what} now ${now} % (fires above ${th} % for ${s} s)`,
  };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
