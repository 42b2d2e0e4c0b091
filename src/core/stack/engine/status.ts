// What the tree shows per service: state, health, ports, start time, image, id. Services the compose file
// enables but that have no container are listed as "missing".
import type { StackModelPatches } from './watcher';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type Docker from 'dockerode';
import type { LabConfig } from '../../config';
import { isServiceEnabled, listComposeServices } from '../compose/loader';
import { COMPOSE_FILE_NAME, labDirFor } from '../labDir/labDirectory';
import { activeProfiles } from '../loadPlan';
import { LABEL, containerName } from '../plan/labels';
import { isNotFound } from './errors';
import type { ContainerState, ServiceHealth, ServiceState } from '../labState';
import { type ExistingContainer, listProjectContainers } from './projectContainers';
import { statusProbeFor } from './readinessProbe';

export interface ServicePort {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: string;
}

/** A service as the tree shows it: its state (core/stack/labState.ts) plus what the engine says about its container. */
export interface ServiceStatus extends ServiceState {
  ports: ServicePort[];
  /** ISO time the container last started (running or not); undefined when missing. */
  startedAt?: string;
  image?: string;
  /** The image's content id (sha256:…) the container runs, as the engine reports it. */
  imageId?: string;
  containerId?: string;
  /** Engine's own words ("exited (137)", "created"), for tooltips. */
  detail?: string;
  /** "volume esdata → /usr/share/elasticsearch/data", "bind /path → /etc/prometheus/prometheus.yml (ro)". */
  mounts?: string[];
  /**
   * Healthy because the service answered its healthcheck's question on its port while the engine, whose first
   * healthcheck run has not come yet, still says "starting" (readinessProbe.ts). Gone with the engine's next word.
   */
  answered?: true;
}

/** The services the lab's compose file enables with the configured profile (read from the lab dir, else the source). */
export function expectedServices(config: LabConfig): string[] {
  const labCopy = path.join(labDirFor(config), COMPOSE_FILE_NAME);
  const file = fs.existsSync(labCopy) ? labCopy : path.join(config.stackSourceDir, COMPOSE_FILE_NAME);
  return listComposeServices(fs.readFileSync(file, 'utf8'))
    .filter((s) => isServiceEnabled(s.profiles, activeProfiles(config)))
    .map((s) => s.name);
}

export async function stackStatus(docker: Docker, config: LabConfig, expected: string[] = expectedServices(config)): Promise<ServiceStatus[]> {
  return new StackStatusReader(docker, config.projectName, expected).readAll();
}

/** How long one engine call may take before the reader treats it as not answered. */
export const ENGINE_CALL_TIMEOUT_MS = 10_000;

/**
 * Reads the lab's service statuses and keeps them: a full read (one list, one inspect per container), or a
 * patch from one engine event (one inspect of the container it names, or none for health and destroy events).
 *
 * Only a 404 means a container is gone. Any other failed inspect (timeout, 500, reset) is tried once more, then
 * the service keeps what the listing (or the last read) says, marked `stale` — never "missing", which would read as
 * a removed container and fire the container-down rule on a slow engine. The watcher reads again soon while any
 * entry is stale (its `isStale` option).
 *
 * Intent, from the engine's own events: a `stop` (an API stop: the editor's or CLI's Stop, `docker stop`, a reset)
 * marks the service as expected down until its next `start`; a `die` without one (a crash, `docker kill`) is not. A
 * service that never had a container while this reader watched (a start still creating them, or a start that was
 * cancelled) is "missing" but expected. Both carry `expectedDown`, so detection leaves them alone.
 */
export class StackStatusReader {
  private readonly byService = new Map<string, ServiceStatus>();
  /** Services stopped through the API (stop events) since their last start. */
  private readonly stoppedByApi = new Set<string>();
  /** Services that had a container at some point while this reader watched. */
  private readonly seen = new Set<string>();
  /** Last service of each container id, kept after a destroy so late events still find their service. */
  private readonly serviceById = new Map<string, string>();
  /** A full read has succeeded: patches have a model to patch. */
  private baseline = false;

  constructor(
    private readonly docker: Docker,
    private readonly projectName: string,
    private readonly expected: string[],
  ) {}

  /** The current model, expected services first (missing where no container exists), then any others. */
  current(): ServiceStatus[] {
    const ordered = [...this.expected, ...[...this.byService.keys()].filter((s) => !this.expected.includes(s)).sort()];
    return ordered.map((service) => {
      const status = this.byService.get(service);
      const expectedDown = this.stoppedByApi.has(service) || (!status && !this.seen.has(service));
      const base: ServiceStatus = status ?? { service, state: 'missing', health: 'none', ports: [] };
      return expectedDown && base.state !== 'running' ? { ...base, expectedDown: true } : base;
    });
  }

  /** Whether some service shows what the engine last said rather than what it says now. */
  hasStale(): boolean {
    return [...this.byService.values()].some((s) => s.stale);
  }

  /**
   * Every container event, before any read: records intent. `stop` = stopped through the API; `start` (and
   * `create`, a new container) = running as meant again.
   */
  noteAction(containerId: string, action: string): void {
    const service = this.serviceById.get(containerId) ?? this.serviceOfContainer(containerId);
    if (!service) return;
    // The engine's stop (the editor's or CLI's Stop, `docker stop`, a reset, a restart) ends with a `stop` event
    // (after kill and die). A bare `kill` (`docker kill`, an OOM) or a `die` alone is not a stop someone asked for.
    if (action === 'stop') this.stoppedByApi.add(service);
    else if (action === 'start' || action === 'create') this.stoppedByApi.delete(service);
  }

  async readAll(): Promise<ServiceStatus[]> {
    const containers = await listProjectContainers(this.docker, this.projectName, { abortSignal: AbortSignal.timeout(ENGINE_CALL_TIMEOUT_MS) });
    const results = await Promise.all(
      containers.map(async (c) => {
        const info = await this.inspect(c.id);
        const service = c.service || c.name;
        if (info === 'gone') return undefined; // removed between list and inspect
        return info instanceof Error ? this.fromListing(service, c, info) : this.withAnswer(toStatus(service, info));
      }),
    );
    const next = new Map<string, ServiceStatus>();
    for (const status of results) if (status) next.set(status.service, status);
    this.byService.clear();
    for (const [service, status] of next) this.remember(service, status);
    this.baseline = true;
    return this.current();
  }

  /**
   * Re-reads the named containers only (after their events). A container of another project is ignored.
   * Before a full read has succeeded there is nothing to patch: every service not named would read as missing
   * (a false container-down alarm when the first read failed on a busy engine), so that is a full read.
   */
  async readContainers(ids: readonly string[]): Promise<ServiceStatus[]> {
    if (!this.baseline) return this.readAll();
    await Promise.all(
      ids.map(async (id) => {
        const info = await this.inspect(id);
        const known = this.serviceOfContainer(id);
        if (info === 'gone') {
          if (known) this.byService.delete(known);
          return;
        }
        if (info instanceof Error) {
          const previous = known ? this.byService.get(known) : undefined;
          if (previous) this.byService.set(known!, { ...previous, stale: true, detail: staleDetail(previous.state, info) });
          return;
        }
        const labels = info.Config.Labels ?? {};
        if (labels[LABEL.project] !== this.projectName || labels[LABEL.oneoff] === 'True') return;
        const service = labels[LABEL.service] ?? info.Name.replace(/^\//, '');
        // A replacement under its temporary name (a recreate in progress) is not its service's container yet.
        if (info.Name.replace(/^\//, '') !== containerName(this.projectName, service)) return;
        this.remember(service, await this.withAnswer(toStatus(service, info)));
      }),
    );
    return this.current();
  }

  /**
   * The safety reconcile, at the cost of one request when nothing changed: the engine's listing (state, and health
   * from its status line) is compared with the model, and only containers that differ (plus `ids`, named by
   * events) are inspected. A container that appeared or went, or no model yet, is a full read.
   */
  async reconcile(ids: readonly string[] = []): Promise<ServiceStatus[]> {
    if (!this.baseline) return this.readAll();
    const containers = await listProjectContainers(this.docker, this.projectName, { abortSignal: AbortSignal.timeout(ENGINE_CALL_TIMEOUT_MS) });
    const listed = new Set(containers.map((c) => c.id));
    const known = [...this.byService.values()].filter((s) => s.containerId);
    if (known.some((s) => !listed.has(s.containerId!)) || containers.some((c) => !known.some((s) => s.containerId === c.id))) return this.readAll();
    const differing = containers
      .filter((c) => {
        const status = known.find((s) => s.containerId === c.id)!;
        const state: ContainerState = c.state === 'running' ? 'running' : c.state === 'restarting' ? 'restarting' : 'exited';
        const health = healthFromStatusLine(c.status);
        // An answered service agrees with "starting"; once the engine has its own word, that word is read.
        const sameHealth = status.answered ? health === 'starting' : status.health === health;
        return status.stale || status.state !== state || (state === 'running' && !sameHealth);
      })
      .map((c) => c.id);
    const toRead = [...new Set([...ids, ...differing])];
    return toRead.length ? this.readContainers(toRead) : this.current();
  }

  /** A health_status event carries the new health: no engine call. Undefined when the container is unknown. */
  applyHealth(containerId: string, health: string): ServiceStatus[] | undefined {
    const service = this.serviceOfContainer(containerId);
    const status = service ? this.byService.get(service) : undefined;
    if (!service || !status || !isHealth(health)) return undefined;
    // The engine's word replaces an answer seen before its first healthcheck run.
    const { answered: _answered, ...rest } = status;
    this.byService.set(service, { ...rest, health: status.state === 'running' ? health : 'none' });
    return this.current();
  }

  /** A destroy event: the container is gone. */
  applyDestroyed(containerId: string): ServiceStatus[] | undefined {
    const service = this.serviceOfContainer(containerId);
    if (!service) return undefined;
    this.byService.delete(service);
    return this.current();
  }

  /**
   * A running service the engine still calls "starting" (its first healthcheck run comes up to 2 s after a start)
   * that answers its healthcheck's question on its port reads as healthy: a start ends on that answer (up.ts), and
   * the tree and `status` must not contradict it. Local engines only; the engine's own word replaces it.
   */
  private async withAnswer(status: ServiceStatus): Promise<ServiceStatus> {
    if (status.state !== 'running' || status.health !== 'starting') return status;
    const probe = statusProbeFor(this.docker, status.service, status.ports);
    return probe && (await probe()) ? { ...status, health: 'healthy', answered: true } : status;
  }

  private remember(service: string, status: ServiceStatus): void {
    this.byService.set(service, status);
    this.seen.add(service);
    if (status.containerId) this.serviceById.set(status.containerId, service);
  }

  private serviceOfContainer(id: string): string | undefined {
    for (const [service, status] of this.byService) if (status.containerId === id) return service;
    return undefined;
  }

  private async inspect(id: string): Promise<Docker.ContainerInspectInfo | 'gone' | Error> {
    let last: Error | undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        return await this.docker.getContainer(id).inspect({ abortSignal: AbortSignal.timeout(ENGINE_CALL_TIMEOUT_MS) });
      } catch (err) {
        if (isNotFound(err)) return 'gone';
        last = err instanceof Error ? err : new Error(String(err));
      }
    }
    return last!;
  }

  /** What the listing says, when the inspect did not answer: the last full status of the same container, updated. */
  private fromListing(service: string, c: ExistingContainer, err: Error): ServiceStatus {
    const previous = this.byService.get(service);
    const same = previous?.containerId === c.id ? previous : undefined;
    const state: ContainerState = c.state === 'running' ? 'running' : c.state === 'restarting' ? 'restarting' : 'exited';
    return {
      service,
      state,
      health: state === 'running' ? healthFromStatusLine(c.status) : 'none',
      ports: same?.ports ?? [],
      ...(same?.startedAt ? { startedAt: same.startedAt } : {}),
      ...(same?.image ? { image: same.image } : {}),
      ...(same?.mounts ? { mounts: same.mounts } : {}),
      containerId: c.id,
      detail: staleDetail(c.status, err),
      stale: true,
    };
  }
}

/**
 * The watcher's cheaper reads, all answered by a status reader (the one way the editor, the benchmarks and the
 * tests wire a StackWatcher to it). `reader` is asked each time: the editor's reader changes with the settings.
 */
export function readerPatches(reader: () => StackStatusReader): StackModelPatches<ServiceStatus[]> {
  return {
    readContainers: (ids) => reader().readContainers(ids),
    reconcile: (ids) => reader().reconcile(ids),
    applyHealth: (id, health) => reader().applyHealth(id, health),
    applyDestroyed: (id) => reader().applyDestroyed(id),
    noteAction: (id, action) => reader().noteAction(id, action),
  };
}

/** One line, replaced (not appended to) at each failure: what was last known and why it is not fresh. */
function staleDetail(lastKnown: string, err: Error): string {
  const reason = err.name === 'TimeoutError' || err.name === 'AbortError' ? `no answer within ${ENGINE_CALL_TIMEOUT_MS / 1000} s` : err.message;
  return `${lastKnown.split('; the engine did not answer')[0]}; the engine did not answer (${reason}): last known state`;
}

/** "Up 5 minutes (healthy)" → healthy; "(health: starting)" → starting; no health mention → none. */
export function healthFromStatusLine(status: string): ServiceHealth {
  if (/\(unhealthy\)/.test(status)) return 'unhealthy';
  if (/\(healthy\)/.test(status)) return 'healthy';
  if (/\(health: starting\)/.test(status)) return 'starting';
  return 'none';
}

function isHealth(value: string): value is ServiceHealth {
  return value === 'healthy' || value === 'unhealthy' || value === 'starting' || value === 'none';
}

function toStatus(service: string, info: Docker.ContainerInspectInfo): ServiceStatus {
  const s = info.State;
  const state: ContainerState = s.Restarting ? 'restarting' : s.Running ? 'running' : 'exited';
  const health = (s.Health?.Status as ServiceHealth | undefined) ?? 'none';
  const detail = s.Running ? s.Status : s.Status === 'exited' ? `exited (${s.ExitCode})` : s.Status;
  return {
    service,
    state,
    health: state === 'running' || state === 'restarting' ? health : 'none',
    ports: portsOf(info),
    ...(s.StartedAt && !s.StartedAt.startsWith('0001-') ? { startedAt: s.StartedAt } : {}),
    image: info.Config.Image,
    ...(info.Image ? { imageId: info.Image } : {}),
    containerId: info.Id,
    detail,
    mounts: (info.Mounts ?? []).map((m) => `${m.Type} ${m.Name ?? m.Source} → ${m.Destination}${m.RW === false ? ' (ro)' : ''}`),
  };
}

/** Published ports (bridge), else the lab's host-ports label (host networking publishes nothing). */
export function portsOf(info: Docker.ContainerInspectInfo): ServicePort[] {
  const ports: ServicePort[] = [];
  // Docker types PortBindings `any`; the engine sends a port → bindings map (a port's bindings may be null).
  const portBindings = (info.HostConfig.PortBindings ?? {}) as Record<string, Array<{ HostIp: string; HostPort: string }> | null>;
  for (const [key, bindings] of Object.entries(portBindings)) {
    const [containerPort, protocol = 'tcp'] = key.split('/');
    for (const b of bindings ?? []) {
      ports.push({ hostIp: b.HostIp || '0.0.0.0', hostPort: Number(b.HostPort), containerPort: Number(containerPort), protocol });
    }
  }
  if (ports.length > 0) return ports;
  for (const entry of (info.Config.Labels?.[LABEL.hostPorts] ?? '').split(',')) {
    const match = /^(.*):(\d+)->(\d+)\/(\w+)$/.exec(entry);
    if (match) ports.push({ hostIp: match[1] as string, hostPort: Number(match[2]), containerPort: Number(match[3]), protocol: match[4] as string });
  }
  return ports;
}
