// The context keys `when` clauses read (menus, view welcome content), from the lab's one state model. Pure (no
// editor import), unit-tested: LabSession hands the values to setContext, and only the ones that changed (the
// engine is probed every second while it is down; a setContext per probe would be wasted work).
import type { Profile } from '../core/config/labConfig';
import { type LabPhase, type LabState, isLabRunning, labPhase } from '../core/stack/labState';

export const LAB_CONTEXT_KEYS = {
  /** The lab runs (core/stack/labState.ts isLabRunning): Stop shows, Start does not. */
  running: 'monitoringLab.running',
  /** The phase itself (starting, running, degraded, stopped…), for menus that need more than running. */
  phase: 'monitoringLab.labState',
  /** 'lite' | 'full', from the settings: Kibana and Grafana commands need 'full'. */
  profile: 'monitoringLab.profile',
  /** The Stack view shows Retry instead of its welcome content. */
  engineUnreachable: 'monitoringLab.engineUnreachable',
  /** The Stack view shows Open Settings instead of its welcome content. */
  settingsInvalid: 'monitoringLab.settingsInvalid',
} as const;

export type LabContextKey = (typeof LAB_CONTEXT_KEYS)[keyof typeof LAB_CONTEXT_KEYS];
export type LabContext = Record<LabContextKey, boolean | LabPhase | Profile>;

export function labContext(state: LabState, profile: Profile): LabContext {
  return {
    [LAB_CONTEXT_KEYS.running]: isLabRunning(state),
    [LAB_CONTEXT_KEYS.phase]: labPhase(state),
    [LAB_CONTEXT_KEYS.profile]: profile,
    [LAB_CONTEXT_KEYS.engineUnreachable]: state.engine.kind === 'unreachable',
    [LAB_CONTEXT_KEYS.settingsInvalid]: state.engine.kind === 'misconfigured',
  };
}

/** Remembers what was set; `update` sets only the keys whose value changed (all of them the first time). */
export class ContextKeys {
  private readonly last = new Map<string, unknown>();

  constructor(private readonly set: (key: LabContextKey, value: boolean | string) => void) {}

  update(context: LabContext): void {
    for (const [key, value] of Object.entries(context) as Array<[LabContextKey, boolean | string]>) {
      if (this.last.has(key) && this.last.get(key) === value) continue;
      this.last.set(key, value);
      this.set(key, value);
    }
  }
}
