// ComposeProject + LabConfig → StackPlan: order, container specs with compose labels and config hashes,
// port claims, and (network mode 'host') the host-network transform. Pure: files are read through the context.
import type Docker from 'dockerode';
import type { LabConfig } from '../../config';
import { PORT_SETTINGS, isLabService } from '../../config';
import type { ComposeProject, ComposeService, MountSpec } from '../compose/model';
import type { PathPlatform } from '../labDir/labPaths';
import { renderedPath, resolveHostPath } from '../labDir/labPaths';
import { serviceConfigHash } from './configHash';
import type { PortMap } from './hostNetwork';
import { fillPortPlaceholder, rewriteAddresses } from './hostNetwork';
import { COMPOSE_COMPAT_VERSION, LABEL, containerName, scopedName } from './labels';
import type { HostPortClaim, PlannedService, StackPlan } from './model';
import { dependencyOrder } from './order';
import { defined } from '../../../shared/defined';

export interface PlanContext {
  labDir: string;
  /** Absolute path of the compose file in the lab directory (for the config_files label). */
  composeFile: string;
  platform: PathPlatform;
  homeDir?: string;
  /** A file's text, or undefined for a folder, a missing or a large file. */
  readTextFile(file: string): string | undefined;
}

const DEFAULT_HEALTH_TIMEOUT_SECONDS = 120;
const DEFAULT_STOP_TIMEOUT_SECONDS = 10;
const NANOS_PER_SECOND = 1e9;

export function planStack(project: ComposeProject, config: LabConfig, ctx: PlanContext): StackPlan {
  const services = Object.values(project.services);
  const { order, levels } = dependencyOrder(Object.fromEntries(services.map((s) => [s.name, s.dependsOn.map((d) => d.service)])));
  const hostMode = config.networkMode === 'host';
  const network = hostMode ? undefined : { name: scopedName(config.projectName, 'default'), labels: projectLabels(config, { [LABEL.network]: 'default' }) };

  const portMap: PortMap = new Map(
    services.map((s) => [s.name, new Map(s.ports.filter((p) => p.published !== undefined).map((p) => [p.target, p.published as number]))]),
  );
  const renderedFiles: StackPlan['renderedFiles'] = [];
  const planned: Record<string, PlannedService> = {};
  for (const service of services) {
    planned[service.name] = planService(service, config, ctx, { hostMode, portMap, network: network?.name, renderedFiles });
  }

  return {
    projectName: config.projectName,
    networkMode: config.networkMode,
    labDir: ctx.labDir,
    ...(network ? { network } : {}),
    volumes: Object.entries(project.volumes).map(([key, volume]) => ({
      key,
      name: scopedName(config.projectName, key),
      labels: { ...volume.labels, ...projectLabels(config, { [LABEL.volume]: key }) },
    })),
    services: planned,
    order,
    levels,
    renderedFiles,
  };
}

interface ServiceContext {
  hostMode: boolean;
  portMap: PortMap;
  network: string | undefined;
  renderedFiles: StackPlan['renderedFiles'];
}

function planService(service: ComposeService, config: LabConfig, ctx: PlanContext, sc: ServiceContext): PlannedService {
  const name = service.name;
  const known = isLabService(name) ? name : undefined;
  const rewrite = (text: string) => (sc.hostMode ? rewriteAddresses(text, name, sc.portMap) : text);
  const published = service.ports.filter((p) => p.published !== undefined);
  const ownHostPort = published[0]?.published;
  const fill = (text: string, where: string) => fillPortPlaceholder(text, ownHostPort, `services.${name}.x-monitoring-lab.host-network.${where}`);

  const image = (known && config.images[known]) || service.image || `${config.projectName}-${name}`;

  const environment: Record<string, string> = {};
  for (const [key, value] of Object.entries(service.environment)) environment[key] = rewrite(value);
  let command = service.command?.map(rewrite);
  if (sc.hostMode && service.hostNetwork) {
    for (const [key, value] of Object.entries(service.hostNetwork.environment)) environment[key] = fill(value, `environment.${key}`);
    if (service.hostNetwork.commandAppend.length > 0) {
      command = [...(command ?? []), ...service.hostNetwork.commandAppend.map((arg) => fill(arg, 'command-append'))];
    }
  }

  const hostPorts: HostPortClaim[] = published.map((p) => ({
    service: name,
    port: p.published as number,
    hostIp: p.hostIp ?? config.bindAddress,
    protocol: p.protocol,
    ...(known ? { setting: PORT_SETTINGS[known] } : {}),
  }));

  const mountedFiles: Record<string, string> = {};
  const mounts = service.volumes.map((mount) =>
    planMount(mount, config, ctx, { name, rewrite, hostMode: sc.hostMode, mountedFiles, renderedFiles: sc.renderedFiles }),
  );

  const healthcheck = service.healthcheck;
  const hasHealthcheck = healthcheck !== undefined && healthcheck.test[0] !== 'NONE';
  const stopTimeoutSeconds = Math.ceil(service.stopGracePeriodSeconds ?? DEFAULT_STOP_TIMEOUT_SECONDS);

  const hostConfig: Docker.HostConfig = {
    NetworkMode: sc.hostMode ? 'host' : (sc.network as string),
    Mounts: mounts,
    RestartPolicy: { Name: service.restart ?? 'no' },
    ...defined({ Init: service.init }),
    ...defined({ Memory: service.memLimitBytes }),
  };
  const create: PlannedService['create'] = {
    name: containerName(config.projectName, name),
    Image: image,
    Env: Object.entries(environment).map(([k, v]) => `${k}=${v}`),
    ...(command ? { Cmd: command } : {}),
    ...(service.entrypoint ? { Entrypoint: service.entrypoint } : {}),
    ...defined({ User: service.user }),
    ...defined({ WorkingDir: service.workingDir }),
    ...defined({ StopSignal: service.stopSignal }),
    StopTimeout: stopTimeoutSeconds,
    ...(healthcheck
      ? {
          Healthcheck: {
            Test: healthcheck.test.map(rewrite),
            ...(healthcheck.intervalSeconds !== undefined ? { Interval: Math.round(healthcheck.intervalSeconds * NANOS_PER_SECOND) } : {}),
            ...(healthcheck.timeoutSeconds !== undefined ? { Timeout: Math.round(healthcheck.timeoutSeconds * NANOS_PER_SECOND) } : {}),
            ...(healthcheck.startPeriodSeconds !== undefined ? { StartPeriod: Math.round(healthcheck.startPeriodSeconds * NANOS_PER_SECOND) } : {}),
            ...defined({ Retries: healthcheck.retries }),
          },
        }
      : {}),
    HostConfig: hostConfig,
  };
  if (!sc.hostMode) {
    // Published on the bind address only; a port without host_ip gets the configured bind address, not
    // 0.0.0.0 as Compose would, so nothing of the lab reaches the network by accident.
    create.ExposedPorts = Object.fromEntries(service.ports.map((p) => [`${p.target}/${p.protocol}`, {}]));
    const portBindings: Docker.PortMap = {};
    for (const p of published) {
      const key = `${p.target}/${p.protocol}`;
      (portBindings[key] ??= []).push({ HostIp: p.hostIp ?? config.bindAddress, HostPort: String(p.published) });
    }
    hostConfig.PortBindings = portBindings;
    create.NetworkingConfig = { EndpointsConfig: { [sc.network as string]: { Aliases: [name] } } };
  }
  create.Labels = {
    ...service.labels,
    ...projectLabels(config, {
      [LABEL.service]: name,
      [LABEL.oneoff]: 'False',
      [LABEL.containerNumber]: '1',
      [LABEL.workingDir]: ctx.labDir,
      [LABEL.configFiles]: ctx.composeFile,
      [LABEL.dependsOn]: service.dependsOn.map((d) => `${d.service}:${d.condition}:false`).join(','),
      [LABEL.hostPorts]: hostPorts.map((c) => `${c.hostIp}:${c.port}->${published.find((p) => p.published === c.port)?.target}/${c.protocol}`).join(','),
    }),
  };
  const configHash = serviceConfigHash(create, mountedFiles);
  create.Labels[LABEL.configHash] = configHash;

  return {
    name,
    containerName: create.name,
    image,
    ...(service.build
      ? {
          build: {
            contextDir: resolveHostPath(ctx.labDir, service.build.context, ctx.platform, ctx.homeDir),
            dockerfile: service.build.dockerfile ?? 'Dockerfile',
            args: service.build.args,
          },
        }
      : {}),
    dependsOn: service.dependsOn,
    hasHealthcheck,
    healthTimeoutMs: 1000 * (known ? config.healthTimeoutSeconds[known] : DEFAULT_HEALTH_TIMEOUT_SECONDS),
    stopTimeoutSeconds,
    hostPorts,
    configHash,
    create,
  };
}

interface MountContext {
  name: string;
  rewrite: (text: string) => string;
  hostMode: boolean;
  mountedFiles: Record<string, string>;
  renderedFiles: StackPlan['renderedFiles'];
}

function planMount(mount: MountSpec, config: LabConfig, ctx: PlanContext, mc: MountContext): Docker.MountSettings {
  // An empty source makes Docker create an anonymous volume.
  if (mount.type === 'anonymous') return { Type: 'volume', Source: '', Target: mount.target, ReadOnly: mount.readOnly };
  if (mount.type === 'volume') {
    return { Type: 'volume', Source: scopedName(config.projectName, mount.source), Target: mount.target, ReadOnly: mount.readOnly };
  }
  let source = resolveHostPath(ctx.labDir, mount.source, ctx.platform, ctx.homeDir);
  const content = ctx.readTextFile(source);
  if (content !== undefined) {
    let mounted = content;
    const rendered = mc.hostMode ? renderedPath(ctx.labDir, source, ctx.platform) : undefined;
    if (rendered) {
      const rewritten = mc.rewrite(content);
      if (rewritten !== content) {
        mc.renderedFiles.push({ path: rendered, content: rewritten });
        source = rendered;
        mounted = rewritten;
      }
    }
    mc.mountedFiles[mount.target] = mounted;
  }
  return { Type: 'bind', Source: source, Target: mount.target, ReadOnly: mount.readOnly };
}

function projectLabels(config: LabConfig, extra: Record<string, string>): Record<string, string> {
  return {
    [LABEL.project]: config.projectName,
    [LABEL.version]: COMPOSE_COMPAT_VERSION,
    [LABEL.labVersion]: config.stackVersion,
    ...extra,
  };
}
