// Events the lab app could not deliver to Elasticsearch: the app counts them (lab_log_events_dropped_total, by
// reason) and Prometheus scrapes the count. Anything dropped means the Security Events panel, the log rules and a
// report undercount the attack: say so, with how many and why, for as long as drops are recent.
import { appEventsDroppedIncrease } from '../../metrics/promql';
import type { Rule } from '../rule';
import type { MetricRanges } from '../sources';
import { t } from '../../l10n';

/** Drops within this window keep the alert up. */
export const EVENTS_DROPPED_WINDOW_SECONDS = 300;

export function eventsDroppedRule(prometheus: MetricRanges, scrapeIntervalSeconds: number, intervalMs: number): Rule {
  const step = Math.max(1, Math.round(scrapeIntervalSeconds));
  return {
    id: 'events-dropped',
    get title() {
      return t('Events dropped by the app');
    },
    severity: 'warning',
    source: 'Prometheus',
    intervalMs,
    fireAt: 1,
    clearBelow: 1,
    async measure(now, signal) {
      const end = Math.floor(now / 1000);
      const series = await prometheus.queryRange(appEventsDroppedIncrease(EVENTS_DROPPED_WINDOW_SECONDS), {
        start: end - 2 * step,
        end,
        stepSeconds: step,
        signal,
      });
      // increase() extrapolates over the window: whole events only.
      const subjects = series
        .map((s) => ({ name: s.labels.reason ?? 'unknown', value: Math.round(s.points.at(-1)?.[1] ?? 0) }))
        .filter((s) => Number.isFinite(s.value) && s.value > 0)
        .sort((a, b) => b.value - a.value);
      const value = subjects.reduce((sum, s) => sum + s.value, 0);
      return { value, subjects, window: { from: (end - EVENTS_DROPPED_WINDOW_SECONDS) * 1000, to: end * 1000 } };
    },
    describe(m) {
      if (m.value < 1) return t('no events dropped by the app in the last {0} min', EVENTS_DROPPED_WINDOW_SECONDS / 60);
      const why = m.subjects.map((s) => `${s.name.replace(/_/g, ' ')} ${s.value}`).join(', ');
      return t(
        '{0} events dropped by the app in the last {1} min ({2}): they are in its log output but not in Elasticsearch, so the panels and rules undercount',
        m.value,
        EVENTS_DROPPED_WINDOW_SECONDS / 60,
        why,
      );
    },
  };
}
