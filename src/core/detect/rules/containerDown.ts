// Container down or unhealthy, from the engine's state as the stack watcher reports it (events, not polling
// here): reading a snapshot is free, so it runs at the log-rule cadence.
import { serviceProblem, type ServiceStatesSource } from '../serviceStates';
import type { Rule } from '../rule';

export function containerDownRule(services: ServiceStatesSource, intervalMs: number): Rule {
  return {
    id: 'container-down',
    title: 'Container down or unhealthy',
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
      return m.subjects.length ? m.subjects.map((s) => `${s.name} ${s.detail}`).join(', ') : 'every service running';
    },
  };
}
