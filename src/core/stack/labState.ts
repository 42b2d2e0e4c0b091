// The lab's state: one explicit model for the Stack view, the status bar, detection and the editor's menus.
// Pure (no I/O, no editor): the editor feeds it events (the engine answered or not, the services as the engine
// described them, a start/stop/reset began or ended) through nextLabState, and everyone reads it through
// labPhase and isLabRunning, the one definition of "running".
//
//   phase               when                                                        running
//   starting/stopping/  a start, stop or reset asked for here is under way (the       no: containers come and go
//   resetting           newest one names the phase)                                   on purpose; nothing is judged
//   running             some service's container runs, and no service is down         yes
//   degraded            some container runs, and a service is down (exited without    yes: one down service is an
//                       being asked, or unhealthy)                                    alert, not a stopped lab
//   misconfigured       nothing known to run, and the settings do not make a lab      no
//   engine-unreachable  nothing known to run, and the engine does not answer          no
//   unknown             the engine has not described the lab yet                      no
//   not-created         the engine answered: the lab has no container                 no
//   stopped             the lab's containers exist, none runs                         no
//
// A lab the engine last described as running stays running while the engine does not answer or a setting turns
// invalid: a busy engine missing one health check must not stop detection (which clears every active alert). The
// engine's trouble is shown where it belongs, the Stack view (its `engine` field).

export type ContainerState = 'running' | 'restarting' | 'exited' | 'missing';

/** Docker's health status; 'none' when the service has no healthcheck. */
export type ServiceHealth = 'healthy' | 'unhealthy' | 'starting' | 'none';

/** One service of the lab as the engine last described it (the stack's ServiceStatus adds ports, image, ids…). */
export interface ServiceState {
  /** Compose service name, e.g. "elasticsearch". */
  service: string;
  state: ContainerState;
  health: ServiceHealth;
  /** Not running is what someone asked for (stopped through the engine's API, or not created yet): not an incident. */
  expectedDown?: boolean;
  /** The engine did not answer for this container on the last read: what is shown is the last known state. */
  stale?: boolean;
}

/** 'misconfigured': the settings do not make a valid lab (the reason names the setting); the engine is not to blame. */
export type EngineState =
  { kind: 'unknown' } | { kind: 'reachable'; version: string } | { kind: 'unreachable'; reason: string } | { kind: 'misconfigured'; reason: string };

/** A lab-wide operation the user asked for and that is still under way. */
export type LabTransition = 'starting' | 'stopping' | 'resetting';

export type LabPhase = 'unknown' | 'engine-unreachable' | 'misconfigured' | 'not-created' | 'stopped' | LabTransition | 'running' | 'degraded';

/** S: what is kept per service (the editor keeps the stack's ServiceStatus, with ports and ids, for its tree). */
export interface LabState<S extends ServiceState = ServiceState> {
  engine: EngineState;
  /** The services as the engine last described them; undefined until it first did. Kept while it does not answer. */
  services: readonly S[] | undefined;
  /** Starts, stops and resets under way, oldest first (two can overlap: a Start clicked during a Stop). */
  transitions: readonly LabTransition[];
}

export const INITIAL_LAB_STATE: LabState<never> = { engine: { kind: 'unknown' }, services: undefined, transitions: [] };

export type LabEvent<S extends ServiceState = ServiceState> =
  /** The engine was checked (or the settings were found not to make a lab). */
  | { type: 'engine'; engine: EngineState }
  /** The engine described the lab's services. */
  | { type: 'services'; services: readonly S[] }
  | { type: 'transition-began'; transition: LabTransition }
  | { type: 'transition-ended'; transition: LabTransition };

/** The state after an event. The same object when nothing changed (callers skip their updates then). */
export function nextLabState<S extends ServiceState>(state: LabState<S>, event: LabEvent<S>): LabState<S> {
  switch (event.type) {
    case 'engine':
      return sameEngine(state.engine, event.engine) ? state : { ...state, engine: event.engine };
    case 'services':
      return { ...state, services: [...event.services] };
    case 'transition-began':
      return { ...state, transitions: [...state.transitions, event.transition] };
    case 'transition-ended': {
      const at = state.transitions.lastIndexOf(event.transition);
      return at < 0 ? state : { ...state, transitions: [...state.transitions.slice(0, at), ...state.transitions.slice(at + 1)] };
    }
  }
}

function sameEngine(a: EngineState, b: EngineState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Why a service counts as down, or undefined when it is fine. 'starting' is not a failure: it is still within its grace period. */
export function serviceProblem(s: ServiceState): string | undefined {
  if (s.expectedDown && s.state !== 'running') return undefined;
  if (s.state !== 'running') return s.state;
  if (s.health === 'unhealthy') return 'unhealthy';
  return undefined;
}

/** Whether any of the lab's containers exists (a lab whose every service is "missing" was never created, or was reset). */
export function hasContainers(services: readonly ServiceState[] | undefined): boolean {
  return (services ?? []).some((s) => s.state !== 'missing');
}

/** The newest start, stop or reset under way, if any. */
export function currentTransition(state: LabState): LabTransition | undefined {
  return state.transitions.at(-1);
}

export function labPhase(state: LabState): LabPhase {
  const transition = currentTransition(state);
  if (transition) return transition;
  const services = state.services ?? [];
  if (services.some((s) => s.state === 'running')) return services.some((s) => serviceProblem(s) !== undefined) ? 'degraded' : 'running';
  if (state.engine.kind === 'misconfigured') return 'misconfigured';
  if (state.engine.kind === 'unreachable') return 'engine-unreachable';
  if (state.services === undefined) return 'unknown';
  return hasContainers(services) ? 'stopped' : 'not-created';
}

/**
 * The one definition of a running lab, for the tree, the status bar, detection and the `monitoringLab.running`
 * context key: some of its containers run (by the engine's last word) and no start, stop or reset is under way.
 */
export function isLabRunning(state: LabState): boolean {
  const phase = labPhase(state);
  return phase === 'running' || phase === 'degraded';
}

/**
 * Whether a service that is not running reads as stopped (neutral), not crashed: someone asked for it, or the lab
 * as a whole is not running (stopped, or a start, stop or reset is under way).
 */
export function stoppedOnPurpose(state: LabState, service: string): boolean {
  return (state.services ?? []).some((s) => s.service === service && s.expectedDown) || !isLabRunning(state);
}

export interface LabHealthSummary {
  total: number;
  healthy: number;
  starting: number;
  /** Stopped by the user, or not created yet: neither healthy nor down. */
  stopped: number;
  down: Array<{ service: string; problem: string }>;
}

export function summarizeServices(services: readonly ServiceState[]): LabHealthSummary {
  const down = services.flatMap((s) => {
    const problem = serviceProblem(s);
    return problem ? [{ service: s.service, problem }] : [];
  });
  const stopped = services.filter((s) => !serviceProblem(s) && s.state !== 'running').length;
  const starting = services.filter((s) => !serviceProblem(s) && s.state === 'running' && s.health === 'starting').length;
  return { total: services.length, healthy: services.length - down.length - starting - stopped, starting, stopped, down };
}
