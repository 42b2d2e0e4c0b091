// Stop (keeps everything), reset (removes containers, network and volumes), restart one service.
import type Docker from 'dockerode';
import type { LabConfig } from '../../config';
import { isLabService } from '../../config';
import { removeScenarioContainers } from '../../scenarios/stressContainers';
import { LABEL, projectFilter } from '../plan/labels';
import { dependencyOrder } from '../plan/order';
import { EngineEventStream } from './engineEvents';
import { ignoreAlreadyStopped, ignoreNotFound, throwIfAborted } from './errors';
import type { ExistingContainer } from './projectContainers';
import { listProjectContainers } from './projectContainers';
import type { StackOperationOptions } from './progress';
import { waitUntilReady } from './readiness';
import { statusProbeFor } from './readinessProbe';
import { portsOf } from './status';
import { t } from '../../l10n';

const DEFAULT_HEALTH_TIMEOUT_MS = 120_000;

const MESSAGES = {
  scenariosStopped: (n: number) => (n === 1 ? t('Stopped 1 scenario container') : t('Stopped {0} scenario containers', n)),
  stoppingService: (service: string) => t('Stopping {0}', service),
  stopped: (services: string[]) => (services.length ? t('Stopped {0}', services.join(', ')) : t('Nothing was running')),
  removingContainers: (n: number) => (n === 1 ? t('Removing 1 container') : t('Removing {0} containers', n)),
  removingNetwork: (name: string) => t('Removing network {0}', name),
  removingVolume: (name: string) => t('Removing volume {0}', name),
  reset: () => t('The lab was reset'),
  restarting: (service: string) => t('Restarting {0}', service),
  noContainer: (service: string) => t('{0} has no container: start the lab first', service),
};

/**
 * Scenario stress containers carry the scenario labels, not the compose ones, so the stack's own listing misses
 * them: they are stopped and removed here (a stress run must not outlive the lab it measures).
 */
async function stopScenarioContainers(docker: Docker, config: LabConfig, options: StackOperationOptions, phase: 'stop' | 'remove'): Promise<number> {
  const count = await removeScenarioContainers(docker, config.projectName);
  if (count > 0) options.onProgress?.({ phase, message: MESSAGES.scenariosStopped(count) });
  return count;
}

/** Stops the lab's containers, dependents first (the app flushes its logs to Elasticsearch on SIGTERM). Data stays. */
export async function downStack(
  docker: Docker,
  config: LabConfig,
  options: StackOperationOptions = {},
): Promise<{ stopped: string[]; scenarioContainers: number }> {
  throwIfAborted(options.signal, t('stopping the lab was cancelled'));
  const scenarioContainers = await stopScenarioContainers(docker, config, options, 'stop');
  const containers = await listProjectContainers(docker, config.projectName);
  const stopped: string[] = [];
  for (const level of stopLevels(containers)) {
    throwIfAborted(options.signal, t('stopping the lab was cancelled'));
    await Promise.all(
      level
        .filter((c) => c.state === 'running' || c.state === 'restarting' || c.state === 'paused')
        .map(async (c) => {
          options.onProgress?.({ phase: 'stop', service: c.service, message: MESSAGES.stoppingService(c.service) });
          // No timeout given: the engine uses the container's own StopTimeout (stop_grace_period).
          await ignoreAlreadyStopped(docker.getContainer(c.id).stop());
          stopped.push(c.service);
        }),
    );
  }
  options.onProgress?.({ phase: 'done', message: MESSAGES.stopped(stopped) });
  return { stopped, scenarioContainers };
}

/** Reverse dependency levels from the containers' own depends_on labels (no compose file needed to stop). */
function stopLevels(containers: ExistingContainer[]): ExistingContainer[][] {
  const services = new Set(containers.map((c) => c.service));
  const deps = Object.fromEntries(
    containers.map((c) => [
      c.service,
      (c.labels[LABEL.dependsOn] ?? '')
        .split(',')
        .map((d) => d.split(':')[0] as string)
        .filter((d) => d && services.has(d) && d !== c.service),
    ]),
  );
  let levels: string[][];
  try {
    levels = dependencyOrder(deps).levels;
  } catch {
    levels = [[...services]]; // labels edited by hand into a cycle: stop all at once
  }
  return levels.reverse().map((level) => containers.filter((c) => level.includes(c.service)));
}

export interface ResetResult {
  containers: number;
  /** Scenario stress containers of the project, stopped and removed. */
  scenarioContainers: number;
  volumes: string[];
  networks: string[];
}

/** Removes every container, network and volume of the project. Asking the user first is the caller's job. */
export async function resetStack(docker: Docker, config: LabConfig, options: StackOperationOptions = {}): Promise<ResetResult> {
  const filter = projectFilter(config.projectName);
  const scenarioContainers = await stopScenarioContainers(docker, config, options, 'remove');
  const containers = await listProjectContainers(docker, config.projectName, { includeReplacements: true });
  options.onProgress?.({ phase: 'remove', message: MESSAGES.removingContainers(containers.length) });
  await Promise.all(containers.map((c) => ignoreNotFound(docker.getContainer(c.id).remove({ force: true, v: true }))));

  const networks = await docker.listNetworks({ filters: filter });
  for (const network of networks) {
    options.onProgress?.({ phase: 'remove', message: MESSAGES.removingNetwork(network.Name) });
    await ignoreNotFound(docker.getNetwork(network.Id).remove());
  }
  const volumes = (await docker.listVolumes({ filters: filter })).Volumes ?? [];
  for (const volume of volumes) {
    options.onProgress?.({ phase: 'remove', message: MESSAGES.removingVolume(volume.Name) });
    await ignoreNotFound(docker.getVolume(volume.Name).remove());
  }
  options.onProgress?.({ phase: 'done', message: MESSAGES.reset() });
  return { containers: containers.length, scenarioContainers, volumes: volumes.map((v) => v.Name), networks: networks.map((n) => n.Name) };
}

/** Restarts one service's container and waits until it is ready again. */
export async function restartService(docker: Docker, config: LabConfig, service: string, options: StackOperationOptions = {}): Promise<void> {
  const container = (await listProjectContainers(docker, config.projectName)).find((c) => c.service === service);
  if (!container) throw new Error(MESSAGES.noContainer(service));
  const info = await docker.getContainer(container.id).inspect();
  const hasHealthcheck = Boolean(info.Config.Healthcheck?.Test?.length && info.Config.Healthcheck.Test[0] !== 'NONE');
  const events = await EngineEventStream.open(docker, config.projectName);
  try {
    options.onProgress?.({ phase: 'start', service, message: MESSAGES.restarting(service) });
    await docker.getContainer(container.id).restart();
    await waitUntilReady(
      docker,
      events,
      {
        service,
        containerId: container.id,
        hasHealthcheck,
        timeoutMs: isLabService(service) ? config.healthTimeoutSeconds[service] * 1000 : DEFAULT_HEALTH_TIMEOUT_MS,
        // Ready when it answers, as in a start (the status reader says healthy then too).
        probe: hasHealthcheck ? statusProbeFor(docker, service, portsOf(info)) : undefined,
      },
      options.signal,
    );
  } finally {
    events.close();
  }
}
