// Container down or unhealthy, from the engine's state as the stack watcher reports it (events, not polling
// here): reading a snapshot is free, so it runs at the log-rule cadence.
import { serviceProblem, type ServiceStatesSource } from '../serviceStates';
import type { Rule } from '../rule';
import { t } from '../../l10n';

export function containerDownRule(services: ServiceStatesSource, intervalMs: number): Rule {
  return {
    id: 'container-down',
    get title() {
      return t('Container down or unhealthy');
    },
    severity: 'critical',
    source: 'Docker engine',
    intervalMs,
    fireAt: 1,
    clearBelow: 1,
    // One observation can be a passing glitch (an inspect that timed out, a restart policy at work): two in a row.
    confirmTicks: 2,
    async measure(now) {
      const states = await services();
      const subjects = states.flatMap((s) => {
        const problem = serviceProblem(s);
        return problem ? [{ name: s.service, value: 1, detail: problem }] : [];
      });
      return { value: subjects.length, subjects, window: { from: now, to: now } };
    },
    describe(m) {
      return m.subjects.length ? m.subjects.map((s) => serviceProblemText(s.name, s.detail ?? '')).join(', ') : t('every service running');
    },
  };
}

/** "app exited", in the current language: one whole phrase per state the engine reports (serviceProblem). */
function serviceProblemText(service: string, problem: string): string {
  switch (problem) {
    case 'exited':
      return t('{0} exited', service);
    case 'missing':
      return t('{0} missing', service);
    case 'restarting':
      return t('{0} restarting', service);
    case 'unhealthy':
      return t('{0} unhealthy', service);
    default:
      return `${service} ${problem}`;
  }
}
