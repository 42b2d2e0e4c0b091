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
import type { LogStore } from '../core/logs/logStore';
import type { PrometheusClient } from '../core/metrics/prometheusClient';
import { createLogStore, createPrometheusClient } from '../core/attach/clients';
import type { LabMode } from '../core/attach/config';
import { type EndpointHealth, attachServices, checkAttachHealth } from '../core/attach/health';
import { AttachCredentialStore } from './attachCredentials';
import { ContextKeys, labContext } from './labContext';
import { readLabConfig, readMode, readProfile } from './settings';

/** How often attach mode checks its endpoints while anything watches (the Stack view, detection). */
const ATTACH_CHECK_MS = 15_000;

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
  /** Attach mode's credentials (SecretStorage). */
  readonly credentials: AttachCredentialStore;
  /** Attach mode: the endpoints' health as last checked, and the timer that checks them again. */
  private endpointsValue: EndpointHealth[] | undefined;
  private attachTimer: NodeJS.Timeout | undefined;
  private attachChecking: Promise<void> | undefined;
  /** The mode the lab's state was last built for. */
  private modeOfModel: LabMode = readMode();

  /** Where failed engine reads are logged (the extension's output channel). */
  constructor(
    readonly context: vscode.ExtensionContext,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    // New credentials: new clients and a fresh check (the key of the clients includes them).
    this.credentials = new AttachCredentialStore(context.secrets, () => void this.reconnect());
    void this.credentials.load().then(
      () => (this.mode === 'attach' ? this.reconnect() : undefined),
      (err: unknown) => this.log(`attach credentials: ${(err as Error).message}`),
    );
    this.updateContext();
  }

  /** Settings as a validated LabConfig (read fresh: settings can change at any time). */
  config(): LabConfig {
    return readLabConfig(this.context, this.credentials.current());
  }

  /** 'lab' (containers on the engine) or 'attach' (the user's own Elasticsearch, Prometheus and app). */
  get mode(): LabMode {
    return readMode();
  }

  /** Attach mode: the endpoints' health as last checked (undefined before the first check or in lab mode). */
  get endpoints(): readonly EndpointHealth[] | undefined {
    return this.mode === 'attach' ? this.endpointsValue : undefined;
  }

  /** Attach mode: checks the endpoints now; their rows become the lab's services (detection follows them). */
  async checkEndpoints(): Promise<readonly EndpointHealth[]> {
    this.attachChecking ??= this.runAttachCheck().finally(() => (this.attachChecking = undefined));
    await this.attachChecking;
    return this.endpointsValue ?? [];
  }

  private async runAttachCheck(): Promise<void> {
    try {
      // An invalid setting or an unreadable CA file: the view says which setting to fix.
      const config = this.config();
      const health = await checkAttachHealth(config, this.labClients());
      if (this.disposed || this.mode !== 'attach') return;
      const summary = health.map((h) => `${h.service} ${h.status} ${h.problem ?? ''}`).join(', ');
      if (summary !== this.lastModelSummary) this.log(`attach: ${summary}`);
      this.lastModelSummary = summary;
      this.endpointsValue = health;
      this.setEngine({ kind: 'reachable', version: 'attach' });
      this.apply({ type: 'services', services: attachServices(health) });
    } catch (err) {
      this.endpointsValue = undefined;
      this.setEngine({ kind: 'misconfigured', reason: (err as Error).message });
    }
    this.changed.fire();
  }

  private startAttachChecks(): void {
    this.attachTimer ??= setInterval(() => void this.checkEndpoints(), ATTACH_CHECK_MS);
    void this.checkEndpoints();
  }

  private stopAttachChecks(): void {
    if (this.attachTimer) clearInterval(this.attachTimer);
    this.attachTimer = undefined;
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
    if (this.mode === 'attach') return this.attachedClients()?.logStore;
    return this.serviceRunning('elasticsearch') ? this.labClients().logStore : undefined;
  }

  prometheus(): PrometheusClient | undefined {
    if (this.mode === 'attach') return this.attachedClients()?.prometheus;
    return this.serviceRunning('prometheus') ? this.labClients().prometheus : undefined;
  }

  /** Attach mode's clients: always there once the settings make a valid configuration (their failures say why). */
  private attachedClients(): { logStore: LogStore; prometheus: PrometheusClient } | undefined {
    if (!this.attachTimer && !this.attachChecking && this.endpointsValue === undefined) this.startAttachChecks();
    try {
      return this.labClients();
    } catch {
      return undefined;
    }
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
    // Everything the clients are made from: the lab's addresses, or attach mode's endpoints and credentials.
    const key = JSON.stringify([config.mode, config.bindAddress, config.ports, config.logIndex, config.mode === 'attach' ? config.attach : undefined]);
    if (this.clients?.key !== key) {
      const logStore = createLogStore(config);
      const prometheus = createPrometheusClient(config);
      void this.clients?.logStore.close();
      this.clients = { key, logStore, prometheus };
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
    // Attach mode has no containers to watch: its endpoints are checked on a timer instead.
    if (this.mode === 'attach') {
      this.startAttachChecks();
      return;
    }
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
    if (this.watchReasons.size === 0) {
      this.watcher?.stop();
      this.stopAttachChecks();
    }
  }

  /** Re-reads the model now (after an action, or the Refresh button). */
  async refresh(): Promise<void> {
    if (this.mode === 'attach') {
      await this.checkEndpoints();
      return;
    }
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
    this.stopAttachChecks();
    // The mode changed: nothing of the other mode's model stays (a settings change within a mode keeps it, so
    // detection does not stop and clear its alerts on every edit).
    if (this.mode !== this.modeOfModel) {
      this.modeOfModel = this.mode;
      this.endpointsValue = undefined;
      this.apply({ type: 'services', services: [] });
      this.setEngine({ kind: 'unknown' });
    }
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
    this.stopAttachChecks();
    this.credentials.dispose();
    void this.clients?.logStore.close();
    this.changed.dispose();
  }

  private async readOnce(): Promise<void> {
    if (this.mode === 'attach') {
      await this.checkEndpoints();
      return;
    }
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
