// Error burst: many ERROR events within a window, whatever their cause. One _count request per tick.
import type { CountRuleSettings } from '../settings';
import type { Rule } from '../rule';
import type { LogCounts } from '../sources';
import { t } from '../../l10n';

export function errorBurstRule(settings: CountRuleSettings, logs: LogCounts, intervalMs: number): Rule {
  const windowMs = settings.windowSeconds * 1000;
  return {
    id: 'error-burst',
    get title() {
      return t('Error burst');
    },
    severity: 'warning',
    source: 'Elasticsearch',
    intervalMs,
    fireAt: settings.threshold,
    clearBelow: settings.clearBelow,
    keepPeak: true,
    async measure(now) {
      // Open-ended upper bound for the same clock-skew reason as the brute-force rule.
      const from = now - windowMs;
      const value = await logs.count('errors', { from });
      return { value, subjects: value >= settings.threshold ? [{ name: 'lab app', value }] : [], window: { from, to: now } };
    },
    describe(m) {
      return t('{0} ERROR events within {1} s (threshold {2})', m.value, settings.windowSeconds, settings.threshold);
    },
  };
}
