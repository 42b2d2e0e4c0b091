// The lab's services as the stack watcher sees them (from the engine's events). Detection takes this as
// plain data: it never talks to the Docker engine itself.

export type ContainerState = 'running' | 'created' | 'restarting' | 'paused' | 'exited' | 'dead' | 'removing' | 'missing';

/** Docker's health status; 'none' when the service has no healthcheck. */
export type HealthState = 'healthy' | 'unhealthy' | 'starting' | 'none';

export interface ServiceState {
  /** Compose service name, e.g. "elasticsearch". */
  service: string;
  state: ContainerState;
  health: HealthState;
  /** Not running is what someone asked for (stopped through the engine's API, or not created yet): not an incident. */
  expectedDown?: boolean;
}

/** A function the stack watcher provides; may be sync (a cached snapshot) or async. */
export type ServiceStatesSource = () => ServiceState[] | Promise<ServiceState[]>;

/** Why a service counts as down, or undefined when it is fine. 'starting' is not a failure: it is still within its grace period. */
export function serviceProblem(s: ServiceState): string | undefined {
  if (s.expectedDown && s.state !== 'running') return undefined;
  if (s.state !== 'running') return s.state === 'missing' ? 'missing' : s.state;
  if (s.health === 'unhealthy') return 'unhealthy';
  return undefined;
}

export interface LabHealthSummary {
  total: number;
  healthy: number;
  starting: number;
  /** Stopped by the user, or not answered for by the engine just now: neither healthy nor down. */
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

/** A start, stop or reset the user asked for and that is still under way. */
export type LabTransition = 'starting' | 'stopping' | 'resetting';

/** What the status bar and the engine's start/stop follow. */
export interface LabState {
  /** The lab is up (some of its containers run). */
  running: boolean;
  services: ServiceState[];
  /** Set while a start, stop or reset runs: containers come and go on purpose, so nothing is judged. */
  transition?: LabTransition;
}

/** A lab counts as running while any of its containers runs: one stopped container is an alert, not a stopped lab. */
export function labStateFromServices(services: readonly ServiceState[], transition?: LabTransition): LabState {
  return { running: services.some((s) => s.state === 'running'), services: [...services], ...(transition ? { transition } : {}) };
}

/** Detection runs while the lab is up and no start, stop or reset is under way. */
export function detectionShouldRun(lab: LabState): boolean {
  return lab.running && !lab.transition;
}
