// Brute force: many failed logins from ONE source within a window. One terms aggregation per tick; the
// server drops every source below the clear threshold, so the answer is a handful of buckets at most.
import type { CountRuleSettings } from '../settings';
import type { Rule } from '../rule';
import type { LogCounts } from '../sources';
import { t } from '../../l10n';

/** Sources named in one alert; more would not fit a status bar or a notification anyway. */
const MAX_SOURCES = 10;

export function bruteForceRule(settings: CountRuleSettings, logs: LogCounts, intervalMs: number): Rule {
  const windowMs = settings.windowSeconds * 1000;
  return {
    id: 'brute-force',
    get title() {
      return t('Brute-force login attempts');
    },
    severity: 'critical',
    source: 'Elasticsearch',
    intervalMs,
    fireAt: settings.threshold,
    clearBelow: settings.clearBelow,
    keepPeak: true,
    async measure(now) {
      // Open-ended upper bound: the app's clock may run slightly ahead of the editor's (Docker Desktop's VM);
      // an upper bound at "now" would hide the newest attempts.
      const from = now - windowMs;
      const buckets = await logs.failedAttemptsBySource({ from }, Math.min(settings.clearBelow, settings.threshold), MAX_SOURCES);
      const value = buckets.reduce((max, b) => Math.max(max, b.count), 0);
      const subjects = buckets.filter((b) => b.count >= settings.threshold).map((b) => ({ name: b.value, value: b.count }));
      return { value, subjects, window: { from, to: now } };
    },
    describe(m) {
      const [first, ...others] = m.subjects;
      if (!first) return t('at most {0} failed logins from one source within {1} s (threshold {2})', m.value, settings.windowSeconds, settings.threshold);
      if (!others.length)
        return t('{0} failed logins from {1} within {2} s (threshold {3})', first.value, first.name, settings.windowSeconds, settings.threshold);
      const more = others.map((s) => t('{0} from {1}', s.value, s.name)).join(', ');
      return t('{0} failed logins from {1}, {2} within {3} s (threshold {4})', first.value, first.name, more, settings.windowSeconds, settings.threshold);
    },
  };
}
