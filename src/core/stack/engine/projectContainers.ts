// The project's containers as the engine has them, found by compose labels (not by name).
import type Docker from 'dockerode';
import { LABEL, containerName, projectFilter } from '../plan/labels';

export interface ExistingContainer {
  id: string;
  /** The container's name, without the engine's leading "/". */
  name: string;
  service: string;
  state: string;
  /** The engine's status line, e.g. "Up 5 minutes (healthy)". */
  status: string;
  configHash: string | undefined;
  imageId: string;
  labels: Record<string, string>;
}

/**
 * The project's service containers. A replacement still under its temporary name (a recreate in progress, or one
 * that was interrupted) is not its service's container, so it is left out unless `includeReplacements` asks for it
 * (starting the lab removes leftovers; reset removes everything).
 */
export async function listProjectContainers(
  docker: Docker,
  projectName: string,
  options: { includeReplacements?: boolean; abortSignal?: AbortSignal } = {},
): Promise<ExistingContainer[]> {
  const containers = await docker.listContainers({
    all: true,
    filters: projectFilter(projectName),
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
  });
  const found: ExistingContainer[] = containers
    .filter((c) => c.Labels[LABEL.oneoff] !== 'True')
    .map((c) => ({
      id: c.Id,
      name: (c.Names[0] ?? '').replace(/^\//, ''),
      service: c.Labels[LABEL.service] ?? '',
      state: c.State,
      status: c.Status,
      configHash: c.Labels[LABEL.configHash],
      imageId: c.ImageID,
      labels: c.Labels,
    }));
  return options.includeReplacements ? found : found.filter((c) => !isLeftoverReplacement(c, containerName(projectName, c.service)));
}

/** "ip:port" pairs held by the project's running containers (published ports, or the host-ports label). */
export function portsHeldByRunning(containers: ExistingContainer[]): Set<string> {
  const held = new Set<string>();
  for (const c of containers) {
    if (c.state !== 'running' && c.state !== 'restarting') continue;
    for (const entry of (c.labels[LABEL.hostPorts] ?? '').split(',')) {
      const match = /^(.*):(\d+)->/.exec(entry);
      if (match) held.add(`${match[1]}:${match[2]}`);
    }
  }
  return held;
}

/**
 * A recreate first creates the replacement under a temporary name ("<old id, 12 hex>_<name>", as compose does) and
 * renames it once the old container is gone. A replacement left under that name (the process died in between)
 * is a leftover the next start removes.
 */
export function replacementName(oldId: string, containerName: string): string {
  return `${oldId.slice(0, 12)}_${containerName}`;
}

export function isLeftoverReplacement(container: ExistingContainer, containerName: string): boolean {
  return container.name.endsWith(`_${containerName}`) && /^[0-9a-f]{12}_/.test(container.name);
}

export type ContainerAction = 'create' | 'recreate' | 'start' | 'none';

/** What a start must do with a service, as compose decides it: missing → create, changed → recreate, stopped → start. */
export function decideAction(existing: ExistingContainer | undefined, configHash: string, imageId: string): ContainerAction {
  if (!existing) return 'create';
  if (existing.configHash !== configHash || existing.imageId !== imageId) return 'recreate';
  if (existing.state === 'running' || existing.state === 'restarting') return 'none';
  return 'start';
}
