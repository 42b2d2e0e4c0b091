// The editor's handle on the lab: settings → LabConfig, the engine connection, the lab's state (one explicit model,
// core/stack/labState.ts, fed by the stack watcher and the engine checks), and the one stats sampler. Everything it
// does goes through src/core.
//
// Besides the lab's state it keeps only plumbing, each piece with one job:
//   watchReasons   why the engine is watched: the visible Stack view ('view': also samples stats and runs the
//                  minute's safety reconcile) and/or a lab the engine has described ('lab': detection and the
//                  status bar follow it through the events stream). No reason, no engine traffic.
//   modelReadAt    paces the reads a panel or a rule triggers while nothing watches (at most one per 10 s).
//   reader/clients caches keyed by the settings they were made from (project, services; Elasticsearch and
//                  Prometheus addresses), made again when those change.
import * as vscode from 'vscode';
import type { LabConfig } from '../core/config';
import { LabConfigError } from '../core/config';
import type { DockerConnection } from '../core/docker/client';
import { EngineUnreachableError, checkEngine, connectDocker, explainEngineError } from '../core/docker/client';
import type { ContainerSample } from '../core/docker/statsSampler';
import { StatsSampler } from '../core/docker/statsSampler';
import type { ServiceStatus } from '../core/stack';
import {
  type EngineState,
  INITIAL_LAB_STATE,
  type LabEvent,
  type LabState,
  type LabTransition,
  StackStatusReader,
  readerPatches,
  StackWatcher,
  currentTransition,
  expectedServices,
  isLabRunning,
  nextLabState,
  stoppedOnPurpose,
} from '../core/stack';
import { LogStore } from '../core/logs/logStore';
import { PrometheusClient } from '../core/metrics/prometheusClient';
import { serviceUrl } from '../core/lab';
import { ContextKeys, labContext } from './labContext';
import { readLabConfig, readProfile } from './settings';

export type { EngineState } from '../core/stack';

export class LabSession implements vscode.Disposable {
  private connectionValue: DockerConnection | undefined;
  private watcher: StackWatcher<ServiceStatus[]> | undefined;
  private samplerValue: StatsSampler | undefined;
  /** The lab's state: changed only through apply() (nextLabState). */
  private state: LabState<ServiceStatus> = INITIAL_LAB_STATE;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the lab's state or the samples change. */
  readonly onDidChange = this.changed.event;
  private samples = new Map<string, ContainerSample>();
  private readonly watchReasons = new Set<'view' | 'lab'>();
  private clients: { key: string; logStore: LogStore; prometheus: PrometheusClient } | undefined;
  private modelReadAt = 0;
  private reading: Promise<void> | undefined;
  private statsSubscription: { dispose(): void } | undefined;
  private reader: { key: string; reader: StackStatusReader } | undefined;
  private readonly contextKeys = new ContextKeys((key, value) => void vscode.commands.executeCommand('setContext', key, value));
  private disposed = false;
  private lastModelSummary = '';

  /** Where failed engine reads are logged (the extension's output channel). */
  constructor(
    readonly context: vscode.ExtensionContext,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.updateContext();
  }

  /** Settings as a validated LabConfig (read fresh: settings can change at any time). */
  config(): LabConfig {
    return readLabConfig(this.context);
  }

  get connection(): DockerConnection {
    this.connectionValue ??= connectDocker();
    return this.connectionValue;
  }

  get sampler(): StatsSampler {
    this.samplerValue ??= new StatsSampler(this.connection.docker);
    return this.samplerValue;
  }

  get engineState(): EngineState {
    return this.state.engine;
  }

  /** The services as the engine last described them (empty until it did). */
  get model(): readonly ServiceStatus[] {
    return this.state.services ?? [];
  }

  sample(containerId: string | undefined): ContainerSample | undefined {
    return containerId ? this.samples.get(containerId) : undefined;
  }

  /** The newest start, stop or reset still running, if any. */
  get transition(): LabTransition | undefined {
    return currentTransition(this.state);
  }

  /**
   * The lab's state, as the tree, detection and the status bar see it. Each service says whether its being down was
   * asked for (the reader learns it from the engine's stop events, whoever sent them: this editor, the CLI, docker),
   * and a start, stop or reset under way here is named (nothing is judged while containers come and go on purpose).
   */
  labState(): LabState<ServiceStatus> {
    return this.state;
  }

  /** Whether a service that is not running reads as stopped (neutral), not crashed (core/stack/labState.ts). */
  stoppedOnPurpose(service: string): boolean {
    return stoppedOnPurpose(this.state, service);
  }

  /**
   * Runs a lab-wide operation (start, stop, reset) as a named transition: detection pauses, the status bar says
   * what is happening, and the model is read again before the transition ends, so nothing judges a stale model.
   * The operation must settle without waiting for the user (errors are shown without holding it up).
   */
  async during<T>(transition: LabTransition, operation: () => Promise<T>): Promise<T> {
    this.apply({ type: 'transition-began', transition });
    try {
      return await operation();
    } finally {
      await this.refresh().catch(() => undefined);
      this.apply({ type: 'transition-ended', transition });
    }
  }

  /** The lab runs: the one definition (core/stack/labState.ts isLabRunning). */
  get isRunning(): boolean {
    return isLabRunning(this.state);
  }

  /**
   * Readers of the lab's Elasticsearch and Prometheus at the addresses the settings give, or undefined while the
   * lab is not running (the panels then say so and offer Start, rather than "unreachable").
   */
  logStore(): LogStore | undefined {
    return this.serviceRunning('elasticsearch') ? this.labClients().logStore : undefined;
  }

  prometheus(): PrometheusClient | undefined {
    return this.serviceRunning('prometheus') ? this.labClients().prometheus : undefined;
  }

  /**
   * From the stack model. When nothing watches the engine (view hidden, lab stopped) the model can age: a
   * reader asking then triggers a fresh read, at most every 10 s, so a lab started elsewhere is noticed.
   */
  private serviceRunning(service: string): boolean {
    const stale = !this.watcher?.isRunning && Date.now() - this.modelReadAt > 10_000;
    if (stale && !this.reading) {
      this.modelReadAt = Date.now(); // also paces retries while the engine is unreachable
      this.reading = this.readOnce().finally(() => (this.reading = undefined));
    }
    return this.model.some((s) => s.service === service && s.state === 'running');
  }

  private labClients(): { logStore: LogStore; prometheus: PrometheusClient } {
    const config = this.config();
    const key = `${serviceUrl(config, 'elasticsearch')}|${config.logIndex}|${serviceUrl(config, 'prometheus')}`;
    if (this.clients?.key !== key) {
      void this.clients?.logStore.close();
      this.clients = {
        key,
        logStore: new LogStore({ url: serviceUrl(config, 'elasticsearch'), index: config.logIndex }),
        prometheus: new PrometheusClient({ baseUrl: serviceUrl(config, 'prometheus') }),
      };
    }
    return this.clients;
  }

  /** Checks the engine; the state (and reason in plain words) is kept for the tree. */
  async checkEngine(): Promise<EngineState> {
    try {
      const info = await checkEngine(this.connection);
      this.setEngine({ kind: 'reachable', version: info.version });
    } catch (err) {
      const reason = err instanceof EngineUnreachableError ? err.message : explainEngineError(err, this.connection).message;
      this.setEngine({ kind: 'unreachable', reason });
    }
    return this.state.engine;
  }

  /**
   * Watches the engine (events stream + slow safety reconcile) while there is a reason: the Stack view is
   * visible ('view': also samples stats for its CPU/memory columns), or the lab is running ('lab': the status
   * bar and the container-down rule follow it). No reason, no engine traffic.
   */
  startWatching(reason: 'view' | 'lab' = 'view'): void {
    this.watchReasons.add(reason);
    if (!this.watcher) {
      try {
        this.statusReader(); // settings that do not make a valid config: say so instead of watching
      } catch (err) {
        this.setEngine(
          err instanceof LabConfigError ? { kind: 'misconfigured', reason: err.message } : { kind: 'unreachable', reason: (err as Error).message },
        );
        return;
      }
      this.watcher = new StackWatcher({
        docker: this.connection.docker,
        projectName: this.config().projectName,
        read: () => this.statusReader().readAll(),
        patches: readerPatches(() => this.statusReader()),
        onChange: (model) => this.setModel(model),
        // Containers the engine did not answer for are read again soon (a dead one has no further event).
        isStale: (model) => model.some((s) => s.stale),
        onError: (err) => {
          this.log(`reading the lab's containers failed: ${err.message}`);
          void this.checkEngine();
        },
        onReconnect: () => void this.checkEngine(),
        // The minute's safety re-read only while the Stack view shows the model; detection needs the events only.
        reconcile: this.watchReasons.has('view'),
      });
    }
    this.watcher.setReconcile(this.watchReasons.has('view'));
    this.watcher.start();
    if (reason === 'view') {
      this.statsSubscription ??= this.sampler.subscribe((samples) => {
        this.samples = new Map(samples.map((s) => [s.containerId, s]));
        this.changed.fire();
      });
    }
    void this.checkEngine();
  }

  stopWatching(reason: 'view' | 'lab' = 'view'): void {
    this.watchReasons.delete(reason);
    if (reason === 'view') {
      this.statsSubscription?.dispose();
      this.statsSubscription = undefined;
    }
    this.watcher?.setReconcile(this.watchReasons.has('view'));
    if (this.watchReasons.size === 0) this.watcher?.stop();
  }

  /** Re-reads the model now (after an action, or the Refresh button). */
  async refresh(): Promise<void> {
    // A paused watcher (every view hidden, lab stopped) still reads and reports: after a Start from the palette
    // the model must say "running", or detection and the status bar never follow the lab.
    if (!this.watcher) {
      await this.readOnce();
      return;
    }
    await this.watcher.refresh();
  }

  /** One reader per engine connection and project: it keeps the model that events patch. */
  private statusReader(): StackStatusReader {
    const config = this.config();
    const expected = expectedServices(config);
    const key = `${config.projectName}|${expected.join(',')}`;
    if (this.reader?.key !== key) this.reader = { key, reader: new StackStatusReader(this.connection.docker, config.projectName, expected) };
    return this.reader.reader;
  }

  /** A new connection and watcher: after the user fixed the engine or changed the project settings. */
  async reconnect(): Promise<void> {
    const reasons = [...this.watchReasons];
    for (const reason of reasons) this.stopWatching(reason);
    this.watcher = undefined;
    this.samplerValue?.dispose();
    this.samplerValue = undefined;
    this.connectionValue = undefined;
    this.reader = undefined;
    this.updateContext(); // the profile may have changed
    if (reasons.length) reasons.forEach((reason) => this.startWatching(reason));
    else await this.readOnce();
    this.changed.fire(); // listeners holding the old connection (labTunnels.ts) move to the new one
  }

  dispose(): void {
    this.disposed = true;
    this.stopWatching('view');
    this.stopWatching('lab');
    this.samplerValue?.dispose();
    void this.clients?.logStore.close();
    this.changed.dispose();
  }

  private async readOnce(): Promise<void> {
    if ((await this.checkEngine()).kind !== 'reachable') return;
    try {
      this.setModel(await this.statusReader().readAll());
    } catch (err) {
      this.setEngine(err instanceof LabConfigError ? { kind: 'misconfigured', reason: err.message } : { kind: 'unreachable', reason: (err as Error).message });
    }
  }

  private setModel(model: ServiceStatus[]): void {
    if (this.disposed) return;
    const summary = model
      .map((s) => `${s.service} ${s.state}${s.health !== 'none' ? `/${s.health}` : ''}${s.expectedDown ? ' (expected)' : ''}${s.stale ? ' (stale)' : ''}`)
      .join(', ');
    if (summary !== this.lastModelSummary) this.log(`stack: ${summary}`);
    this.lastModelSummary = summary;
    this.modelReadAt = Date.now();
    // Once the engine has answered, the lab stays watched through its one events stream (no polling: the minute's
    // reconcile runs only while the Stack view shows), whether a view is visible or not and whether the lab runs
    // or not: detection and the status bar then follow a lab started or stopped anywhere (palette, CLI, compose).
    if (!this.watchReasons.has('lab')) this.startWatching('lab');
    if (this.state.engine.kind !== 'reachable') void this.checkEngine();
    this.sampler.setTargets(model.filter((s) => s.state === 'running' && s.containerId).map((s) => ({ containerId: s.containerId!, service: s.service })));
    this.apply({ type: 'services', services: model });
  }

  private setEngine(engine: EngineState): void {
    this.apply({ type: 'engine', engine });
  }

  /** The one way the lab's state changes: the pure transition, then the context keys and listeners if it changed. */
  private apply(event: LabEvent<ServiceStatus>): void {
    if (this.disposed) return;
    const next = nextLabState(this.state, event);
    if (next === this.state) return;
    this.state = next;
    this.updateContext();
    this.changed.fire();
  }

  /** Context keys for `when` clauses; setContext only for the keys whose value changed. */
  private updateContext(): void {
    this.contextKeys.update(labContext(this.state, readProfile()));
  }
}
