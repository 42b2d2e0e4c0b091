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
}

/** A function the stack watcher provides; may be sync (a cached snapshot) or async. */
export type ServiceStatesSource = () => ServiceState[] | Promise<ServiceState[]>;

/** Why a service counts as down, or undefined when it is fine. 'starting' is not a failure: it is still within its grace period. */
export function serviceProblem(s: ServiceState): string | undefined {
  if (s.state !== 'running') return s.state === 'missing' ? 'missing' : s.state;
  if (s.health === 'unhealthy') return 'unhealthy';
  return undefined;
}

export interface LabHealthSummary {
  total: number;
  healthy: number;
  starting: number;
  down: Array<{ service: string; problem: string }>;
}

export function summarizeServices(services: readonly ServiceState[]): LabHealthSummary {
  const down = services.flatMap((s) => {
    const problem = serviceProblem(s);
    return problem ? [{ service: s.service, problem }] : [];
  });
  const starting = services.filter((s) => !serviceProblem(s) && s.health === 'starting').length;
  return { total: services.length, healthy: services.length - down.length - starting, starting, down };
}

/** What the status bar and the engine's start/stop follow. */
export interface LabState {
  /** The lab is up (some of its containers run). Detection runs only then. */
  running: boolean;
  services: ServiceState[];
}

/** A lab counts as running while any of its containers runs: one stopped container is an alert, not a stopped lab. */
export function labStateFromServices(services: readonly ServiceState[]): LabState {
  return { running: services.some((s) => s.state === 'running'), services: [...services] };
}
