// What the planner produces: everything the orchestrator needs, decided before touching the engine.
import type Docker from 'dockerode';
import type { NetworkMode } from '../../config';
import type { DependencySpec } from '../compose/model';

export interface StackPlan {
  projectName: string;
  networkMode: NetworkMode;
  labDir: string;
  /** Bridge mode only: the project's private network (`<project>_default`). */
  network?: { name: string; labels: Record<string, string> };
  volumes: Array<{ name: string; key: string; labels: Record<string, string> }>;
  /** By name; iterate `order` for dependency order. */
  services: Record<string, PlannedService>;
  order: string[];
  levels: string[][];
  /** Host-network mode: rewritten copies of mounted config files, to write before creating containers. */
  renderedFiles: Array<{ path: string; content: string }>;
}

export interface HostPortClaim {
  service: string;
  port: number;
  hostIp: string;
  protocol: 'tcp' | 'udp';
  /** The setting that chooses this port (for "port 9200 is already in use (setting …)"). */
  setting?: string;
}

export interface PlannedService {
  name: string;
  containerName: string;
  image: string;
  build?: { contextDir: string; dockerfile: string; args: Record<string, string> };
  dependsOn: DependencySpec[];
  /** False when the service has no healthcheck (or it is disabled): "ready" then means "running". */
  hasHealthcheck: boolean;
  healthTimeoutMs: number;
  /** Grace period for stop/restart, seconds. */
  stopTimeoutSeconds: number;
  hostPorts: HostPortClaim[];
  configHash: string;
  /** Complete create options (name, labels with the config hash, host config). */
  create: Docker.ContainerCreateOptions & { name: string };
}
