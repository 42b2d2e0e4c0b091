// Runs scenarios, records every run, and can stop them all. One runner per host (editor or CLI).
// The target (app address, engine, image) is resolved from the running stack by the caller each time,
// so a scenario can only ever aim at the lab's own app and engine.
import type Docker from 'dockerode';
import type { LabAppClient } from '../app/labAppClient';
import type { BruteForceParams, CpuStressParams, ErrorBurstParams, MemoryPressureParams, ScenarioKind } from './params';
import { validateBruteForce, validateCpuStress, validateErrorBurst, validateMemoryPressure } from './params';
import type { ScenarioRecords } from './records';
import type { HttpScenarioResult, ScenarioProgress } from './httpScenarios';
import { runBruteForce, runErrorBurst } from './httpScenarios';
import type { StressHandle } from './stressContainers';
import { removeScenarioContainers, startCpuStress, startMemoryPressure } from './stressContainers';
import { defined } from '../../shared/defined';

/** What a scenario may aim at: always derived from the running stack. */
export interface ScenarioTarget {
  app: LabAppClient;
  demoPassword: string;
  /** The demo account's user name; the app's default ('demo') when absent. */
  demoUser?: string;
  docker: Docker;
  /** Image with Python that the stack already has (the lab app's). */
  stressImage: string;
  project: string;
  engineCpus: number;
  /** Upper bound for memory pressure, MB (setting and engine memory already applied). */
  memoryCapMb: number;
}

export interface ScenarioRunOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ScenarioProgress) => void;
}

export interface ScenarioOutcomeSummary {
  recordId: string;
  kind: ScenarioKind;
  cancelled: boolean;
  counts: Record<string, number>;
}

export class ScenarioRunner {
  private readonly running = new Map<string, { kind: ScenarioKind; abort: AbortController; stress?: StressHandle }>();
  private readonly finishListeners = new Set<(summary: ScenarioOutcomeSummary) => void>();

  constructor(readonly records: ScenarioRecords) {}

  /** Called after each run that ended (completed or cancelled) and was recorded; a failed run throws to its caller instead. */
  onDidFinish(listener: (summary: ScenarioOutcomeSummary) => void): { dispose(): void } {
    this.finishListeners.add(listener);
    return { dispose: () => this.finishListeners.delete(listener) };
  }

  /** Kinds currently running (for the tree and status bar). */
  runningKinds(): ScenarioKind[] {
    return [...this.running.values()].map((r) => r.kind);
  }

  bruteForce(target: ScenarioTarget, params: BruteForceParams, options: ScenarioRunOptions = {}): Promise<ScenarioOutcomeSummary> {
    const p = validateBruteForce(params);
    return this.runHttp('brute-force', p, options, (signal, onProgress) =>
      runBruteForce(
        target.app,
        p,
        { password: target.demoPassword, ...(target.demoUser ? { user: target.demoUser } : {}) },
        { signal, ...(onProgress ? { onProgress } : {}) },
      ),
    );
  }

  errorBurst(target: ScenarioTarget, params: ErrorBurstParams, options: ScenarioRunOptions = {}): Promise<ScenarioOutcomeSummary> {
    const p = validateErrorBurst(params);
    return this.runHttp('error-burst', p, options, (signal, onProgress) => runErrorBurst(target.app, p, { signal, ...(onProgress ? { onProgress } : {}) }));
  }

  cpuStress(target: ScenarioTarget, params: CpuStressParams, options: ScenarioRunOptions = {}): Promise<ScenarioOutcomeSummary> {
    const p = validateCpuStress(params, target.engineCpus);
    return this.runStress('cpu-stress', p, p.durationSeconds, options, (runId) =>
      startCpuStress({ docker: target.docker, image: target.stressImage, project: target.project }, runId, p),
    );
  }

  memoryPressure(target: ScenarioTarget, params: MemoryPressureParams, options: ScenarioRunOptions = {}): Promise<ScenarioOutcomeSummary> {
    const p = validateMemoryPressure(params, target.memoryCapMb);
    return this.runStress('memory-pressure', p, p.durationSeconds, options, (runId) =>
      startMemoryPressure({ docker: target.docker, image: target.stressImage, project: target.project }, runId, p),
    );
  }

  /** Ends every running scenario and removes every scenario container of the project (also leftovers). */
  async stopAll(docker: Docker, project: string): Promise<number> {
    const stopping = [...this.running.values()];
    for (const run of stopping) run.abort.abort();
    await Promise.all(stopping.map((r) => r.stress?.stop() ?? Promise.resolve()));
    await removeScenarioContainers(docker, project);
    return stopping.length;
  }

  /** Runs and records an HTTP scenario (requests to the lab app); a new descriptor's `run` may call it directly. */
  async runHttp(
    kind: ScenarioKind,
    params: object,
    options: ScenarioRunOptions,
    run: (signal: AbortSignal, onProgress: ScenarioRunOptions['onProgress']) => Promise<HttpScenarioResult>,
  ): Promise<ScenarioOutcomeSummary> {
    return this.track(kind, params, options, async (_id, signal) => {
      const result = await run(signal, options.onProgress);
      return { cancelled: result.cancelled, counts: result.counts };
    });
  }

  /** Runs and records a stress container for `durationSeconds`; a new descriptor's `run` may call it directly. */
  async runStress(
    kind: ScenarioKind,
    params: object,
    durationSeconds: number,
    options: ScenarioRunOptions,
    start: (runId: string) => Promise<StressHandle>,
  ): Promise<ScenarioOutcomeSummary> {
    return this.track(kind, params, options, async (id, signal) => {
      const handle = await start(id);
      const entry = this.running.get(id);
      if (entry) entry.stress = handle;
      const onAbort = () => void handle.stop();
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) onAbort();
      const began = Date.now();
      const ticker = setInterval(() => {
        const done = Math.min(durationSeconds, Math.round((Date.now() - began) / 1000));
        options.onProgress?.({ done, total: durationSeconds, counts: {} });
      }, 1000);
      try {
        const ended = await handle.done;
        return {
          cancelled: ended.cancelled || signal.aborted,
          counts: { seconds: Math.round((Date.now() - began) / 1000), ...defined({ exitCode: ended.exitCode }) },
        };
      } finally {
        clearInterval(ticker);
        signal.removeEventListener('abort', onAbort);
      }
    });
  }

  /** Records the run, links the caller's signal to the runner's own abort, and always closes the record. */
  private async track(
    kind: ScenarioKind,
    params: object,
    options: ScenarioRunOptions,
    body: (id: string, signal: AbortSignal) => Promise<{ cancelled: boolean; counts: Record<string, number> }>,
  ): Promise<ScenarioOutcomeSummary> {
    const record = await this.records.start(kind, params);
    const abort = new AbortController();
    const forward = () => abort.abort();
    options.signal?.addEventListener('abort', forward, { once: true });
    if (options.signal?.aborted) abort.abort();
    this.running.set(record.id, { kind, abort });
    try {
      const { cancelled, counts } = await body(record.id, abort.signal);
      await this.records.finish(record.id, cancelled ? 'cancelled' : 'completed', counts);
      const summary = { recordId: record.id, kind, cancelled, counts };
      for (const listener of this.finishListeners) {
        try {
          listener(summary);
        } catch {
          // A listener's failure is its own: the run and its caller are not affected.
        }
      }
      return summary;
    } catch (err) {
      await this.records.finish(record.id, 'failed', {}, (err as Error).message);
      throw err;
    } finally {
      this.running.delete(record.id);
      options.signal?.removeEventListener('abort', forward);
    }
  }
}
