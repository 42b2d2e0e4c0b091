// What the tree shows per service: state, health, ports, start time, image, id. Services the compose file
// enables but that have no container are listed as "missing".
import * as fs from 'node:fs';
import * as path from 'node:path';
import type Docker from 'dockerode';
import { LabConfig } from '../../config';
import { isServiceEnabled, listComposeServices } from '../compose/loader';
import { COMPOSE_FILE_NAME, labDirFor } from '../labDir/labDirectory';
import { activeProfiles } from '../loadPlan';
import { LABEL } from '../plan/labels';
import { listProjectContainers } from './projectContainers';

export type ServiceState = 'running' | 'exited' | 'restarting' | 'missing';
export type ServiceHealth = 'healthy' | 'unhealthy' | 'starting' | 'none';

export interface ServicePort {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: string;
}

export interface ServiceStatus {
  service: string;
  state: ServiceState;
  health: ServiceHealth;
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
  const containers = await listProjectContainers(docker, config.projectName);
  const infos = await Promise.all(containers.map((c) => docker.getContainer(c.id).inspect().catch(() => undefined)));
  const statuses = new Map<string, ServiceStatus>();
  for (const info of infos) {
    if (!info) continue; // removed between list and inspect
    const service = info.Config.Labels?.[LABEL.service] ?? info.Name.replace(/^\//, '');
    statuses.set(service, toStatus(service, info));
  }
  const ordered = [...expected, ...[...statuses.keys()].filter((s) => !expected.includes(s)).sort()];
  return ordered.map((service) => statuses.get(service) ?? { service, state: 'missing', health: 'none', ports: [] });
}

function toStatus(service: string, info: Docker.ContainerInspectInfo): ServiceStatus {
  const s = info.State;
  const state: ServiceState = s.Restarting ? 'restarting' : s.Running ? 'running' : 'exited';
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
function portsOf(info: Docker.ContainerInspectInfo): ServicePort[] {
  const ports: ServicePort[] = [];
  for (const [key, bindings] of Object.entries(info.HostConfig.PortBindings ?? {})) {
    const [containerPort, protocol = 'tcp'] = key.split('/');
    for (const b of (bindings as Array<{ HostIp: string; HostPort: string }> | null) ?? []) {
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
