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
  /** A start, stop or reset the user asked for, while it runs. */
  private transitionValue: LabTransition | undefined;
  /** Services the user stopped (until they run again), and services an action is restarting right now. */
  private readonly stoppedByUser = new Set<string>();
  private readonly inAction = new Set<string>();

  constructor(readonly context: vscode.ExtensionContext) {}

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

  get transition(): LabTransition | undefined {
    return this.transitionValue;
  }

  /**
   * The lab as detection and the status bar see it: services the user stopped are marked so (not an incident),
   * and a start, stop or reset under way is named (nothing is judged while containers come and go on purpose).
   */
  labState(): LabState {
    const services = this.services.map((s) => (this.stoppedByUser.has(s.service) || this.inAction.has(s.service) ? { ...s, stoppedByUser: true } : s));
    return labStateFromServices(services, this.transitionValue);
  }

  /** Whether a service that is not running was stopped on purpose (by a lab stop or the user), for a neutral look. */
  stoppedOnPurpose(service: string): boolean {
    return this.stoppedByUser.has(service) || this.inAction.has(service) || !this.services.some((s) => s.state === 'running');
  }

  /**
   * Runs a lab-wide operation (start, stop, reset) as a named transition: detection pauses, the status bar says
   * what is happening, and the model is read again before the transition ends, so nothing judges a stale model.
   */
  async during<T>(transition: LabTransition, operation: () => Promise<T>): Promise<T> {
    this.transitionValue = transition;
    if (transition === 'starting') this.stoppedByUser.clear();
    this.changed.fire();
    try {
      return await operation();
    } finally {
      await this.refresh().catch(() => undefined);
      this.transitionValue = undefined;
      this.changed.fire();
    }
  }

  /**
   * Runs a per-service action. 'stop' marks the service stopped by the user until it runs again; 'restart' and
   * 'start' mark it only while the action runs (the container goes down and up on purpose).
   */
  async duringServiceAction<T>(service: string, action: 'start' | 'stop' | 'restart', operation: () => Promise<T>): Promise<T> {
    this.inAction.add(service);
    if (action !== 'stop') this.stoppedByUser.delete(service);
    this.changed.fire();
    try {
      const result = await operation();
      if (action === 'stop') this.stoppedByUser.add(service);
      return result;
    } finally {
      await this.refresh().catch(() => undefined);
      this.inAction.delete(service);
      this.changed.fire();
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
          applyHealth: (id, health) => this.statusReader().applyHealth(id, health),
          applyDestroyed: (id) => this.statusReader().applyDestroyed(id),
        },
        onChange: (model) => this.setModel(model),
        onError: () => void this.checkEngine(),
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
    this.services = model;
    this.modelReadAt = Date.now();
    // A service the user stopped counts as theirs again once it runs.
    for (const s of model) if (s.state === 'running' && !this.inAction.has(s.service)) this.stoppedByUser.delete(s.service);
    // A running lab keeps itself watched (alerts, status bar) even when the Stack view is hidden.
    if (model.some((s) => s.state === 'running')) {
      if (!this.watchReasons.has('lab')) this.startWatching('lab');
    } else if (this.watchReasons.has('lab')) {
      this.stopWatching('lab');
    }
    if (this.engine.kind !== 'reachable') void this.checkEngine();
    this.sampler.setTargets(model.filter((s) => s.state === 'running' && s.containerId).map((s) => ({ containerId: s.containerId!, service: s.service })));
    void vscode.commands.executeCommand('setContext', 'monitoringLab.running', this.isRunning);
    this.changed.fire();
  }

  private setEngine(state: EngineState): void {
    const before = JSON.stringify(this.engine);
    this.engine = state;
    void vscode.commands.executeCommand('setContext', 'monitoringLab.engineUnreachable', state.kind === 'unreachable');
    void vscode.commands.executeCommand('setContext', 'monitoringLab.settingsInvalid', state.kind === 'misconfigured');
    if (JSON.stringify(state) !== before) this.changed.fire();
  }
}
