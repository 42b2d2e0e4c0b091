// CPU and memory stress run inside short-lived containers on the lab's engine, so Node Exporter sees
// the load wherever the engine runs (on Docker Desktop it measures the Linux VM, not the host OS).
// They use an image the stack already has (the lab app's Python image): nothing is pulled.
import type Docker from 'dockerode';
import { isGone, removeContainerQuietly } from '../docker/containers';
import type { CpuStressParams, MemoryPressureParams, ScenarioKind } from './params';
import { t } from '../l10n';
import { defined } from '../../shared/defined';

/** Labels that let any later start find and remove a leftover scenario container (e.g. after a crash). */
export const SCENARIO_LABEL = 'org.monitoring-lab.scenario';
export const SCENARIO_RUN_LABEL = 'org.monitoring-lab.scenario.run';
export const PROJECT_LABEL = 'org.monitoring-lab.project';

export interface StressTarget {
  docker: Docker;
  /** The lab app image (has Python). */
  image: string;
  project: string;
}

export interface StressHandle {
  containerId: string;
  /** Resolves when the run ended by itself or was stopped; `cancelled` when stopped early. */
  done: Promise<{ cancelled: boolean; exitCode?: number }>;
  /** Kills and removes the container (idempotent). */
  stop(): Promise<void>;
}

const MESSAGES = {
  waitFailed: (kind: ScenarioKind, name: string, err: unknown) =>
    t('the {0} run failed while waiting for its container {1}: {2}', kind, name, err instanceof Error ? err.message : String(err)),
};

/** Busy workers, each a process spinning until the deadline. Python so it runs on the app image. */
function cpuScript(workers: number, seconds: number): string {
  return [
    'import multiprocessing, time',
    `deadline = time.monotonic() + ${seconds}`,
    'def spin():',
    '    x = 0',
    '    while time.monotonic() < deadline:',
    '        x = (x * 31 + 7) % 1000003',
    `procs = [multiprocessing.Process(target=spin) for _ in range(${workers})]`,
    '[p.start() for p in procs]',
    '[p.join() for p in procs]',
  ].join('\n');
}

/** Allocates and touches `mb` MiB (multiplying bytes fills every page, so the memory is really resident). */
function memoryScript(mb: number, seconds: number): string {
  return ['import time', 'chunks = []', `for _ in range(${mb}):`, "    chunks.append(b'\\x01' * (1024 * 1024))", `time.sleep(${seconds})`].join('\n');
}

export async function startCpuStress(target: StressTarget, runId: string, params: CpuStressParams): Promise<StressHandle> {
  return startStressContainer(target, runId, 'cpu-stress', cpuScript(params.workers, params.durationSeconds), params.durationSeconds, {});
}

/** Headroom above the allocation for the interpreter itself; the limit also forbids swap. */
const MEMORY_HEADROOM_MB = 64;

export async function startMemoryPressure(target: StressTarget, runId: string, params: MemoryPressureParams): Promise<StressHandle> {
  const limit = (params.megabytes + MEMORY_HEADROOM_MB) * 1024 * 1024;
  return startStressContainer(target, runId, 'memory-pressure', memoryScript(params.megabytes, params.durationSeconds), params.durationSeconds, {
    Memory: limit,
    MemorySwap: limit,
  });
}

async function startStressContainer(
  target: StressTarget,
  runId: string,
  kind: ScenarioKind,
  script: string,
  durationSeconds: number,
  limits: Docker.HostConfig,
): Promise<StressHandle> {
  const { docker } = target;
  const name = `${target.project}-scenario-${kind}-${runId.slice(0, 8)}`;
  const container = await docker.createContainer({
    name,
    Image: target.image,
    Entrypoint: ['python', '-c', script],
    Cmd: [],
    User: '65534:65534',
    Labels: { [SCENARIO_LABEL]: kind, [SCENARIO_RUN_LABEL]: runId, [PROJECT_LABEL]: target.project },
    // No network at all: a stress container has nothing to talk to.
    NetworkDisabled: true,
    HostConfig: { NetworkMode: 'none', Init: true, AutoRemove: false, ...limits },
  });
  let stopped = false;
  // One removal shared by every caller (cancel, Stop All, the run's own end): a second force-remove while the
  // first is under way gets 409 at once, which would let that caller go on while the container still exists.
  let removal: Promise<void> | undefined;
  const stop = () => {
    stopped = true;
    removal ??= removeContainerQuietly(container).catch((err: unknown) => {
      removal = undefined; // A failed removal may be retried.
      throw err;
    });
    return removal;
  };
  try {
    await container.start();
  } catch (err) {
    await stop();
    throw err;
  }
  // A hard deadline beyond the script's own, in case the container hangs: it never outlives its bound.
  const hardStop = setTimeout(() => void stop(), (durationSeconds + 30) * 1000);
  const done = (async () => {
    let waitError: unknown;
    try {
      const result = (await container.wait()) as { StatusCode?: number };
      return { cancelled: stopped, ...defined({ exitCode: result.StatusCode }) };
    } catch (err) {
      // Removed under us (Stop All, Stop or Reset of the lab): the run was cancelled. Anything else (the engine
      // went away, a proxy cut the request) is a real failure the run reports.
      if (isGone(err)) return { cancelled: true };
      waitError = err;
      throw new Error(MESSAGES.waitFailed(kind, name, err), { cause: err });
    } finally {
      clearTimeout(hardStop);
      // The container never outlives its run; when the wait already failed, that failure is the one to report.
      await stop().catch((err: unknown) => {
        if (waitError === undefined) throw err;
      });
    }
  })();
  return { containerId: container.id, done, stop };
}

/** Removes every scenario container of the project (leftovers from a crash, or Stop All). Returns how many. */
export async function removeScenarioContainers(docker: Docker, project: string): Promise<number> {
  const leftovers = await docker.listContainers({ all: true, filters: { label: [`${PROJECT_LABEL}=${project}`, SCENARIO_LABEL] } });
  await Promise.all(leftovers.map((c) => removeContainerQuietly(docker.getContainer(c.Id))));
  return leftovers.length;
}
