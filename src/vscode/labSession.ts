// The editor's handle on the lab: settings → LabConfig, the engine connection, the live model of the
// stack for the tree, and the one stats sampler. Everything it does goes through src/core.
import * as vscode from 'vscode';
import { LabConfig, LabConfigError } from '../core/config';
import { DockerConnection, EngineUnreachableError, checkEngine, connectDocker, explainEngineError } from '../core/docker/client';
import { ContainerSample, StatsSampler } from '../core/docker/statsSampler';
import { type LabState, type LabTransition, labStateFromServices } from '../core/detect/serviceStates';
import { ServiceStatus, StackStatusReader, StackWatcher, expectedServices } from '../core/stack';
import { LogStore } from '../core/logs/logStore';
import { PrometheusClient } from '../core/metrics/prometheusClient';
import { serviceUrl } from '../core/lab';
import { readLabConfig } from './settings';

/** 'misconfigured': the settings do not make a valid lab (the reason names the setting); the engine is not to blame. */
export type EngineState =
  | { kind: 'unknown' }
  | { kind: 'reachable'; version: string }
  | { kind: 'unreachable'; reason: string }
  | { kind: 'misconfigured'; reason: string };

export class LabSession implements vscode.Disposable {
  private connectionValue: DockerConnection | undefined;
  private watcher: StackWatcher<ServiceStatus[]> | undefined;
  private samplerValue: StatsSampler | undefined;
  private services: ServiceStatus[] = [];
  private engine: EngineState = { kind: 'unknown' };
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the stack model, the engine state or the samples change. */
  readonly onDidChange = this.changed.event;
  private samples = new Map<string, ContainerSample>();
  /** Why the engine is being watched: the visible Stack view, and/or a running lab (alerts, status bar). */
  private readonly watchReasons = new Set<'view' | 'lab'>();
  private clients: { key: string; logStore: LogStore; prometheus: PrometheusClient } | undefined;
  private modelReadAt = 0;
  private reading: Promise<void> | undefined;
  private statsSubscription: { dispose(): void } | undefined;
  private reader: { key: string; reader: StackStatusReader } | undefined;
  /** Starts, stops and resets the user asked for, still running, newest last (two can overlap). */
  private readonly transitions: LabTransition[] = [];
  private disposed = false;
  private lastModelSummary = '';

  /** Where failed engine reads are logged (the extension's output channel). */
  constructor(
    readonly context: vscode.ExtensionContext,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

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
    return this.engine;
  }

  get model(): readonly ServiceStatus[] {
    return this.services;
  }

  sample(containerId: string | undefined): ContainerSample | undefined {
    return containerId ? this.samples.get(containerId) : undefined;
  }

  /** The newest start, stop or reset still running, if any. */
  get transition(): LabTransition | undefined {
    return this.transitions.at(-1);
  }

  /**
   * The lab as detection and the status bar see it. Each service says whether its being down was asked for (the
   * reader learns it from the engine's stop events, whoever sent them: this editor, the CLI, docker), and a
   * start, stop or reset under way here is named (nothing is judged while containers come and go on purpose).
   */
  labState(): LabState {
    return labStateFromServices(this.services, this.transition);
  }

  /** Whether a service that is not running reads as stopped (neutral), not crashed: asked for, or the whole lab is down. */
  stoppedOnPurpose(service: string): boolean {
    return this.services.some((s) => s.service === service && s.expectedDown) || !this.services.some((s) => s.state === 'running');
  }

  /**
   * Runs a lab-wide operation (start, stop, reset) as a named transition: detection pauses, the status bar says
   * what is happening, and the model is read again before the transition ends, so nothing judges a stale model.
   * The operation must settle without waiting for the user (errors are shown without holding it up).
   */
  async during<T>(transition: LabTransition, operation: () => Promise<T>): Promise<T> {
    this.transitions.push(transition);
    this.changed.fire();
    try {
      return await operation();
    } finally {
      await this.refresh().catch(() => undefined);
      this.transitions.splice(this.transitions.lastIndexOf(transition), 1);
      if (!this.disposed) this.changed.fire();
    }
  }

  /** True when every service the profile enables is running (and healthy where it has a health check). */
  get isRunning(): boolean {
    return this.services.length > 0 && this.services.every((s) => s.state === 'running' && s.health !== 'unhealthy');
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
    return this.services.some((s) => s.service === service && s.state === 'running');
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
    return this.engine;
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
        this.setEngine(err instanceof LabConfigError ? { kind: 'misconfigured', reason: err.message } : { kind: 'unreachable', reason: (err as Error).message });
        return;
      }
      this.watcher = new StackWatcher({
        docker: this.connection.docker,
        projectName: this.config().projectName,
        read: () => this.statusReader().readAll(),
        patches: {
          readContainers: (ids) => this.statusReader().readContainers(ids),
          reconcile: (ids) => this.statusReader().reconcile(ids),
          applyHealth: (id, health) => this.statusReader().applyHealth(id, health),
          applyDestroyed: (id) => this.statusReader().applyDestroyed(id),
          noteAction: (id, action) => this.statusReader().noteAction(id, action),
        },
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
    if (reasons.length) reasons.forEach((reason) => this.startWatching(reason));
    else await this.readOnce();
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
    const summary = model.map((s) => `${s.service} ${s.state}${s.health !== 'none' ? `/${s.health}` : ''}${s.expectedDown ? ' (expected)' : ''}${s.stale ? ' (stale)' : ''}`).join(', ');
    if (summary !== this.lastModelSummary) this.log(`stack: ${summary}`);
    this.lastModelSummary = summary;
    this.services = model;
    this.modelReadAt = Date.now();
    // Once the engine has answered, the lab stays watched through its one events stream (no polling: the minute's
    // reconcile runs only while the Stack view shows), whether a view is visible or not and whether the lab runs
    // or not: detection and the status bar then follow a lab started or stopped anywhere (palette, CLI, compose).
    if (!this.watchReasons.has('lab')) this.startWatching('lab');
    if (this.engine.kind !== 'reachable') void this.checkEngine();
    this.sampler.setTargets(model.filter((s) => s.state === 'running' && s.containerId).map((s) => ({ containerId: s.containerId!, service: s.service })));
    void vscode.commands.executeCommand('setContext', 'monitoringLab.running', this.isRunning);
    this.changed.fire();
  }

  private setEngine(state: EngineState): void {
    const before = this.engine;
    this.engine = state;
    if (JSON.stringify(state) === JSON.stringify(before)) return;
    // Context keys only when they change (a dead engine is probed every second).
    if ((before.kind === 'unreachable') !== (state.kind === 'unreachable')) void vscode.commands.executeCommand('setContext', 'monitoringLab.engineUnreachable', state.kind === 'unreachable');
    if ((before.kind === 'misconfigured') !== (state.kind === 'misconfigured')) void vscode.commands.executeCommand('setContext', 'monitoringLab.settingsInvalid', state.kind === 'misconfigured');
    if (!this.disposed) this.changed.fire();
  }
}
