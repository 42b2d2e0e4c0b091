// Start the lab: plan, check ports, images, volumes and network, then every service in dependency order
// (in parallel where independent), waiting for health by events. Idempotent and resumable: each step
// looks at what exists first, so a second start changes nothing and a start after a failure or a cancel
// picks up where the last one stopped.
import type Docker from 'dockerode';
import type { LabConfig } from '../../config';
import { writeRenderedFiles } from '../labDir/labDirectory';
import { loadStackPlan } from '../loadPlan';
import { LABEL, containerName } from '../plan/labels';
import type { PlannedService, StackPlan } from '../plan/model';
import { assertPortsFree } from '../plan/portCheck';
import { EngineEventStream } from './engineEvents';
import { StackCancelledError, ignoreAlreadyStopped, ignoreNotFound, isNotFound, isNotModified, throwIfAborted } from './errors';
import type { ImageAction } from './images';
import { ensureImage } from './images';
import type { ContainerAction, ExistingContainer } from './projectContainers';
import { decideAction, isLeftoverReplacement, listProjectContainers, portsHeldByRunning, replacementName } from './projectContainers';
import type { StackOperationOptions, StackProgress } from './progress';
import { waitUntilReady } from './readiness';
import { readinessProbeFor } from './readinessProbe';
import { t } from '../../l10n';

export interface UpResult {
  labDir: string;
  /** Per service: what happened to its image and its container. */
  services: Record<string, { image: ImageAction; container: ContainerAction; containerId: string }>;
  durationMs: number;
}

export async function upStack(docker: Docker, config: LabConfig, options: StackOperationOptions = {}): Promise<UpResult> {
  const started = Date.now();
  const { signal } = options;
  const report = (p: StackProgress) => options.onProgress?.(p);

  report({ phase: 'prepare', message: t('Preparing the lab directory') });
  const { plan } = loadStackPlan(config);
  throwIfAborted(signal, t('starting the lab was cancelled'));

  // Ports first: nothing is pulled, built or created when one is taken.
  report({ phase: 'check-ports', message: t('Checking host ports') });
  const existing = await listProjectContainers(docker, plan.projectName, { includeReplacements: true });
  const claims = plan.order.flatMap((name) => plan.services[name]!.hostPorts);
  await assertPortsFree(claims, portsHeldByRunning(existing));
  throwIfAborted(signal, t('starting the lab was cancelled'));

  const images: Record<string, { action: ImageAction; imageId: string }> = {};
  // Sequential: parallel pulls of big images on a laptop compete for the same link without finishing sooner.
  for (const name of plan.order) {
    images[name] = await ensureImage(docker, plan.services[name]!, { onProgress: report, signal, buildWithHostNetwork: config.buildWithHostNetwork });
    throwIfAborted(signal, t('starting the lab was cancelled'));
  }

  writeRenderedFiles(plan.renderedFiles);
  await ensureVolumes(docker, plan, report);
  await ensureNetwork(docker, plan, report);
  throwIfAborted(signal, t('starting the lab was cancelled'));

  const current = await removeLeftoverReplacements(docker, plan, existing, report);
  const events = await EngineEventStream.open(docker, plan.projectName);
  try {
    const byService = new Map(current.map((c) => [c.service, c]));
    const results = await startAll(docker, plan, events, byService, images, { ...options, onProgress: report });
    report({ phase: 'done', message: t('All {0} services are up', plan.order.length) });
    return { labDir: plan.labDir, services: results, durationMs: Date.now() - started };
  } finally {
    events.close();
  }
}

/** Removes replacements a recreate left under their temporary name; returns the containers that remain. */
async function removeLeftoverReplacements(
  docker: Docker,
  plan: StackPlan,
  existing: ExistingContainer[],
  report: (p: StackProgress) => void,
): Promise<ExistingContainer[]> {
  const remaining: ExistingContainer[] = [];
  for (const c of existing) {
    // Any service's, also one the current profile does not enable.
    if (isLeftoverReplacement(c, containerName(plan.projectName, c.service))) {
      report({ phase: 'remove', service: c.service, message: t('Removing {0}, left over from an interrupted recreate', c.name) });
      await ignoreNotFound(docker.getContainer(c.id).remove({ force: true }));
    } else {
      remaining.push(c);
    }
  }
  return remaining;
}

async function ensureVolumes(docker: Docker, plan: StackPlan, report: (p: StackProgress) => void): Promise<void> {
  const used = new Set(
    Object.values(plan.services).flatMap((s) => (s.create.HostConfig?.Mounts ?? []).filter((m) => m.Type === 'volume').map((m) => m.Source)),
  );
  for (const volume of plan.volumes.filter((v) => used.has(v.name))) {
    // Creating an existing volume returns it unchanged: idempotent by the engine's own rule.
    await docker.createVolume({ Name: volume.name, Labels: volume.labels });
    report({ phase: 'volumes', message: t('Volume {0} ready', volume.name) });
  }
}

async function ensureNetwork(docker: Docker, plan: StackPlan, report: (p: StackProgress) => void): Promise<void> {
  if (!plan.network) return;
  const found = await docker.listNetworks({ filters: { name: [plan.network.name] } });
  if (found.some((n) => n.Name === plan.network!.name)) return;
  await docker.createNetwork({ Name: plan.network.name, Driver: 'bridge', Labels: plan.network.labels, CheckDuplicate: true });
  report({ phase: 'network', message: t('Network {0} created', plan.network.name) });
}

type ServiceResult = UpResult['services'][string];

/**
 * One promise chain per service: it waits for its dependencies (started or healthy, per depends_on),
 * then creates/starts its container, then waits until it is ready. Independent services run in parallel.
 */
async function startAll(
  docker: Docker,
  plan: StackPlan,
  events: EngineEventStream,
  existing: Map<string, ExistingContainer>,
  images: Record<string, { action: ImageAction; imageId: string }>,
  options: StackOperationOptions & { onProgress: (p: StackProgress) => void },
): Promise<Record<string, ServiceResult>> {
  const startedPromises = new Map<string, Promise<ServiceResult>>();
  const readyPromises = new Map<string, Promise<ServiceResult>>();

  const startedOf = (name: string): Promise<ServiceResult> => {
    let promise = startedPromises.get(name);
    if (!promise) {
      const service = plan.services[name]!;
      promise = (async () => {
        await Promise.all(service.dependsOn.map((d) => (d.condition === 'service_healthy' ? readyOf(d.service) : startedOf(d.service))));
        throwIfAborted(options.signal, t('starting {0} was cancelled', name));
        const image = images[name]!;
        return startService(docker, service, existing.get(name), image, options);
      })();
      startedPromises.set(name, promise);
    }
    return promise;
  };
  const readyOf = (name: string): Promise<ServiceResult> => {
    let promise = readyPromises.get(name);
    if (!promise) {
      const service = plan.services[name]!;
      promise = startedOf(name).then(async (result) => {
        options.onProgress({
          phase: 'health',
          service: name,
          message: service.hasHealthcheck ? t('Waiting for {0} to become healthy', name) : t('Waiting for {0} to become running', name),
        });
        await waitUntilReady(
          docker,
          events,
          {
            service: name,
            containerId: result.containerId,
            hasHealthcheck: service.hasHealthcheck,
            timeoutMs: service.healthTimeoutMs,
            // The service's own answer, without waiting up to 2 s for the engine's next healthcheck run: a dependent
            // service starts within PROBE_INTERVAL_MS of it (Elasticsearch → app, Node Exporter → Prometheus).
            probe: readinessProbeFor(docker, service),
          },
          options.signal,
        );
        options.onProgress({ phase: 'health', service: name, message: service.hasHealthcheck ? t('{0} is healthy', name) : t('{0} is running', name) });
        return result;
      });
      readyPromises.set(name, promise);
    }
    return promise;
  };

  const settled = await Promise.allSettled(plan.order.map(readyOf));
  throwFirstFailure(settled);
  const results = Object.fromEntries(plan.order.map((name, i) => [name, (settled[i] as PromiseFulfilledResult<ServiceResult>).value]));
  // Every service answered (or the engine said healthy first). The start ends here, not at the engine's next
  // healthcheck run (up to 2 s later): the status reader asks the same question while the engine says "starting",
  // so the Stack tree and `status` agree with the start (status.ts, withAnswer).
  return results;
}

function throwFirstFailure(settled: Array<PromiseSettledResult<unknown>>): void {
  const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as Error] : []));
  if (failures.length > 0) {
    // A cancel wins over the failures it caused; otherwise the first real failure explains the rest.
    throw failures.find((f) => f instanceof StackCancelledError) ?? failures.find((f) => !(f instanceof StackCancelledError)) ?? failures[0];
  }
}

async function startService(
  docker: Docker,
  service: PlannedService,
  existing: ExistingContainer | undefined,
  image: { action: ImageAction; imageId: string },
  options: StackOperationOptions & { onProgress: (p: StackProgress) => void },
): Promise<ServiceResult> {
  const action = decideAction(existing, service.configHash, image.imageId);
  const report = (phase: StackProgress['phase'], message: string) => options.onProgress({ phase, service: service.name, message });
  let containerId = existing?.id ?? '';
  switch (action) {
    case 'none':
      report('start', t('{0} is already running and up to date', service.name));
      break;
    case 'start':
      report('start', t('Starting {0}', service.name));
      await startContainer(docker.getContainer(containerId));
      break;
    case 'create': {
      // A container with our name but not our labels (made by hand) would make create fail with a vague 409.
      await assertNameNotTakenByOthers(docker, service.containerName, service);
      report('create', t('Creating {0}', service.containerName));
      const created = await docker.createContainer(service.create);
      containerId = created.id;
      report('start', t('Starting {0}', service.name));
      await startContainer(created);
      break;
    }
    case 'recreate': {
      const old = existing!;
      report(
        'remove',
        old.configHash !== service.configHash
          ? t('Recreating {0}: its configuration changed', service.name)
          : t('Recreating {0}: its image changed', service.name),
      );
      const replacement = await replaceContainer(docker, service, old, report);
      containerId = replacement.id;
      // A cancel during the old container's grace period: leave the replacement created, not started (the next
      // start starts it).
      throwIfAborted(options.signal, t('starting {0} was cancelled', service.name));
      report('start', t('Starting {0}', service.name));
      await startContainer(replacement);
      break;
    }
  }
  return { image: image.action, container: action, containerId };
}

/**
 * Compose's order: the replacement is created (under a temporary name) while the old container still exists, so a
 * create the engine refuses leaves the old one as it was; then the old one is stopped within its own grace period
 * (SIGTERM first: the app flushes its log buffer, Elasticsearch closes cleanly), removed, and the new one renamed.
 */
async function replaceContainer(
  docker: Docker,
  service: PlannedService,
  old: ExistingContainer,
  report: (phase: StackProgress['phase'], message: string) => void,
): Promise<Docker.Container> {
  const created = await docker.createContainer({ ...service.create, name: replacementName(old.id, service.containerName) });
  try {
    const oldContainer = docker.getContainer(old.id);
    // Always asked, whatever the state listed at the start of up (a pull or build ago): a container that is not
    // running answers 304. No timeout given: the engine uses the container's own StopTimeout (stop_grace_period).
    report('remove', t('Stopping the old {0} container', service.name));
    await ignoreAlreadyStopped(oldContainer.stop());
    await ignoreNotFound(oldContainer.remove({ force: true }));
    await created.rename({ name: service.containerName });
    return created;
  } catch (err) {
    await created.remove({ force: true }).catch(() => undefined);
    throw err;
  }
}

async function startContainer(container: Docker.Container): Promise<void> {
  try {
    await container.start();
  } catch (err) {
    if (!isNotModified(err)) throw err; // 304: already started
  }
}

async function assertNameNotTakenByOthers(docker: Docker, name: string, service: PlannedService): Promise<void> {
  try {
    const info = await docker.getContainer(name).inspect();
    if (info.Config.Labels?.[LABEL.project] === service.create.Labels?.[LABEL.project]) return;
    throw new Error(t('a container named {0} exists but does not belong to this lab; remove it (docker rm -f {0}) or choose another project name', name));
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
