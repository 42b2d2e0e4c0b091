// The compose file after loading: validated against the subset, interpolated, profiles applied, and every
// short/long syntax normalized to one form. The planner reads only this.

export interface ComposeProject {
  /** Top-level `name` (informational: the configured project name wins, as `-p` does for Compose). */
  name?: string;
  /** Enabled services (the active profiles applied), by name, in file order. */
  services: Record<string, ComposeService>;
  /** Named volumes declared at the top level. */
  volumes: Record<string, NamedVolume>;
}

export interface NamedVolume {
  labels: Record<string, string>;
}

export interface ComposeService {
  name: string;
  image?: string;
  build?: BuildSpec;
  /** In file order; values already interpolated. */
  environment: Record<string, string>;
  command?: string[];
  entrypoint?: string[];
  ports: PortSpec[];
  volumes: MountSpec[];
  dependsOn: DependencySpec[];
  healthcheck?: HealthcheckSpec;
  profiles: string[];
  stopGracePeriodSeconds?: number;
  stopSignal?: string;
  restart?: 'no' | 'always' | 'on-failure' | 'unless-stopped';
  user?: string;
  workingDir?: string;
  init?: boolean;
  labels: Record<string, string>;
  memLimitBytes?: number;
  /** `x-monitoring-lab.host-network`: how the service listens when the lab uses host networking. */
  hostNetwork?: HostNetworkSpec;
}

export interface BuildSpec {
  /** As written (relative to the compose file's folder, or absolute). */
  context: string;
  dockerfile?: string;
  args: Record<string, string>;
}

export interface PortSpec {
  target: number;
  published?: number;
  hostIp?: string;
  protocol: 'tcp' | 'udp';
}

export type MountSpec =
  | { type: 'volume'; source: string; target: string; readOnly: boolean }
  | { type: 'bind'; source: string; target: string; readOnly: boolean }
  /** Anonymous volume: only a target. */
  | { type: 'anonymous'; target: string; readOnly: boolean };

export type DependencyCondition = 'service_started' | 'service_healthy';

export interface DependencySpec {
  service: string;
  condition: DependencyCondition;
}

export interface HealthcheckSpec {
  /** ['CMD', ...], ['CMD-SHELL', cmd] or ['NONE'] (disabled). */
  test: string[];
  intervalSeconds?: number;
  timeoutSeconds?: number;
  retries?: number;
  startPeriodSeconds?: number;
}

export interface HostNetworkSpec {
  /** Merged over the service's environment; "{port}" becomes the service's host port. */
  environment: Record<string, string>;
  /** Appended to the command; "{port}" becomes the service's host port. */
  commandAppend: string[];
}
