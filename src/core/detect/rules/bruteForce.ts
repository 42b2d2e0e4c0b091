// Brute force: many failed logins from ONE source within a window. One terms aggregation per tick; the
// server drops every source below the clear threshold, so the answer is a handful of buckets at most.
import type { CountRuleSettings } from '../settings';
import type { Rule } from '../rule';
import type { LogCounts } from '../sources';

/** Sources named in one alert; more would not fit a status bar or a notification anyway. */
const MAX_SOURCES = 10;

export function bruteForceRule(settings: CountRuleSettings, logs: LogCounts, intervalMs: number): Rule {
  const windowMs = settings.windowSeconds * 1000;
  return {
    id: 'brute-force',
    title: 'Brute-force login attempts',
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
      const who = m.subjects.map((s, i) => (i === 0 ? `${s.value} failed logins from ${s.name}` : `${s.value} from ${s.name}`)).join(', ');
      return `${who || `at most ${m.value} failed logins from one source`} within ${settings.windowSeconds} s (threshold ${settings.threshold})`;
    },
  };
}
