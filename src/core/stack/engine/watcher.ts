// Keeps a model of the lab's containers fresh: the engine's events stream drives it, plus a slow safety
// reconcile (default 60 s, only while someone looks; one listing when nothing changed) in case an event was missed. Events that cannot change
// what is shown (exec_*, attach, resize…) are ignored; a health event carries its new health and a destroy
// event its removal, so neither costs an engine call; other state events re-read only the container they name,
// coalesced over a short burst. A read that failed, or that left containers stale (the engine did not answer for
// them), is repeated soon with backoff until it is whole. Pause it while nothing needs the model: no stream, no
// timer, no engine traffic.
// Plain callbacks, no editor types.
import type Docker from 'dockerode';
import { type EngineEvent, EngineEventStream } from './engineEvents';

/** Cheaper reads than a full one, when the model supports them (StackStatusReader does). */
export interface StackModelPatches<T> {
  /** Re-reads only these containers. */
  readContainers(ids: readonly string[]): Promise<T>;
  /**
   * The safety reconcile without a full read: one listing compared with the model, inspecting only what differs
   * (and `ids`). Without it the reconcile is a full read.
   */
  reconcile?(ids: readonly string[]): Promise<T>;
  /** Applies a health event without an engine call; undefined when the container is not known (→ re-read it). */
  applyHealth(containerId: string, health: string): T | undefined;
  /** Applies a destroy event without an engine call; undefined when the container is not known. */
  applyDestroyed(containerId: string): T | undefined;
  /** Every container event's action, before anything else (intent: an API stop vs a crash). */
  noteAction?(containerId: string, action: string): void;
}

export interface StackWatcherOptions<T> {
  docker: Docker;
  projectName: string;
  /** Reads the whole model (normally a StackStatusReader's readAll). */
  read: () => Promise<T>;
  /** Per-event patches; without them every relevant event triggers a full read. */
  patches?: StackModelPatches<T>;
  onChange: (model: T) => void;
  /** Engine unreachable, stream lost, read failed: the tree shows it; the watcher keeps trying. */
  onError?: (err: Error) => void;
  /** Called when the events stream (re)opens after having been lost: the engine answers again. */
  onReconnect?: () => void;
  debounceMs?: number;
  reconcileMs?: number;
  /** Whether the safety reconcile runs (default true). Switch it off while nothing is shown. */
  reconcile?: boolean;
  /**
   * Longest wait between attempts to reopen a lost events stream. Kept short (default 1 s): an attempt against
   * an engine that is down fails at once and costs nothing, and the view is right soon after it is back.
   */
  maxReconnectMs?: number;
  /**
   * Whether a model holds parts the engine did not answer for (StackStatusReader marks them `stale`). Such a
   * model, like a read that failed, is read again soon: otherwise a container that died while the engine was
   * too busy to answer would show its last state until its next event, and a dead container has none.
   */
  isStale?: (model: T) => boolean;
  /** Longest wait between re-reads after a failed or stale read (default 2 s; the first comes after at most 250 ms). */
  maxRetryMs?: number;
}

/** What one engine event means for the model. */
export type EventEffect =
  | { kind: 'ignore' }
  | { kind: 'health'; containerId: string; health: string }
  | { kind: 'destroyed'; containerId: string }
  | { kind: 'reread'; containerId: string };

/** Container actions that can change state, health, name or configuration as the tree shows them. */
const STATE_ACTIONS = new Set(['create', 'start', 'restart', 'die', 'stop', 'pause', 'unpause', 'rename', 'update', 'oom']);

export function classifyEvent(event: EngineEvent): EventEffect {
  if (event.Type !== 'container' || !event.Actor?.ID) return { kind: 'ignore' };
  const colon = event.Action.indexOf(':');
  const action = colon >= 0 ? event.Action.slice(0, colon) : event.Action;
  const containerId = event.Actor.ID;
  if (action === 'health_status') return { kind: 'health', containerId, health: event.Action.slice(colon + 1).trim() };
  if (action === 'destroy') return { kind: 'destroyed', containerId };
  return STATE_ACTIONS.has(action) ? { kind: 'reread', containerId } : { kind: 'ignore' };
}

export class StackWatcher<T> {
  private events: EngineEventStream | undefined;
  private debounceTimer: NodeJS.Timeout | undefined;
  private reconcileTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectDelay: number;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelay: number;
  private running = false;
  private reconcileOn: boolean;
  private streamLost = false;
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  /** Containers named by events since the last read, and whether a full read is due. */
  private pendingIds = new Set<string>();
  private pendingFull = false;
  /** The safety reconcile is due (a listing compared with the model). */
  private pendingCheck = false;
  /** Bumped by stop(): an events stream that opens after it belongs to an older start and is closed. */
  private generation = 0;

  constructor(private readonly options: StackWatcherOptions<T>) {
    this.reconcileOn = options.reconcile ?? true;
    this.reconnectDelay = this.initialReconnectDelay();
    this.retryDelay = this.initialRetryDelay();
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Starts (or resumes) watching and reads the model at once. */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.openEvents();
    this.scheduleReconcile();
    void this.refresh();
  }

  /** Stops the stream and every timer; `start()` resumes. */
  stop(): void {
    this.running = false;
    this.generation++;
    for (const timer of [this.debounceTimer, this.reconcileTimer, this.reconnectTimer, this.retryTimer]) if (timer) clearTimeout(timer);
    this.debounceTimer = this.reconcileTimer = this.reconnectTimer = this.retryTimer = undefined;
    this.retryDelay = this.initialRetryDelay();
    this.pendingIds.clear();
    this.pendingFull = this.pendingCheck = false;
    this.events?.close();
    this.events = undefined;
  }

  /** The safety reconcile costs a full read a minute: only worth it while the model is shown. */
  setReconcile(on: boolean): void {
    if (this.reconcileOn === on) return;
    this.reconcileOn = on;
    if (this.reconcileTimer) clearTimeout(this.reconcileTimer);
    this.reconcileTimer = undefined;
    this.scheduleReconcile();
  }

  /**
   * Reads the whole model now and reports it, running or not (a stopped watcher is still asked after an
   * action). Concurrent calls coalesce into one extra read.
   */
  refresh(): Promise<void> {
    this.pendingFull = true;
    return this.drain();
  }

  private drain(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        const patches = this.options.patches;
        const full = this.pendingFull || !patches || (this.pendingCheck && !patches.reconcile);
        const check = !full && this.pendingCheck;
        const ids = [...this.pendingIds];
        this.pendingFull = this.pendingCheck = false;
        this.pendingIds.clear();
        if (!full && !check && ids.length === 0) continue;
        let retry: boolean;
        try {
          const model = full ? await this.options.read() : check ? await patches!.reconcile!(ids) : await patches!.readContainers(ids);
          this.options.onChange(model);
          retry = this.options.isStale?.(model) ?? false;
        } catch (err) {
          this.options.onError?.(err as Error);
          retry = true;
        }
        if (retry) this.scheduleRetry();
        else this.retryDelay = this.initialRetryDelay();
      } while (this.refreshAgain || this.pendingFull || this.pendingCheck || this.pendingIds.size > 0);
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private onEvent(event: EngineEvent): void {
    const patches = this.options.patches;
    if (event.Type === 'container' && event.Actor?.ID) patches?.noteAction?.(event.Actor.ID, event.Action.split(':')[0]!.trim());
    const effect = classifyEvent(event);
    if (effect.kind === 'ignore') return;
    // During a read, a patch would be overwritten by the read's older answer: re-read the container after it.
    if (patches && effect.kind !== 'reread' && !this.refreshing) {
      const model = effect.kind === 'health' ? patches.applyHealth(effect.containerId, effect.health) : patches.applyDestroyed(effect.containerId);
      if (model !== undefined) {
        this.options.onChange(model);
        return;
      }
      if (effect.kind === 'destroyed') return; // not one of ours (a one-off, a leftover replacement)
    }
    this.pendingIds.add(effect.containerId);
    this.scheduleDrain();
  }

  private scheduleDrain(): void {
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    // A start produces a burst (create, start, health_status…): one read after the burst is enough.
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = undefined;
      if (this.running) void this.drain();
    }, this.options.debounceMs ?? 250);
  }

  /** A full read again soon, backing off to maxRetryMs; not while the stream is lost (its reopening reads). */
  private scheduleRetry(): void {
    if (!this.running || this.streamLost || this.retryTimer) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(delay * 2, this.options.maxRetryMs ?? 2000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.running) void this.refresh();
    }, delay);
  }

  private scheduleReconcile(): void {
    if (!this.running || !this.reconcileOn || this.reconcileTimer) return;
    this.reconcileTimer = setTimeout(() => {
      this.reconcileTimer = undefined;
      this.pendingCheck = true;
      if (this.running) void this.drain();
      this.scheduleReconcile();
    }, this.options.reconcileMs ?? 60_000);
  }

  private async openEvents(): Promise<void> {
    const generation = this.generation;
    try {
      const events = await EngineEventStream.open(this.options.docker, this.options.projectName);
      if (!this.running || generation !== this.generation || this.events) return events.close();
      this.events = events;
      this.reconnectDelay = this.initialReconnectDelay();
      events.on((event) => this.onEvent(event));
      events.onEnd((err) => {
        if (!this.running || this.events !== events) return;
        this.events = undefined;
        this.streamLost = true;
        if (err) this.options.onError?.(err);
        this.scheduleReconnect();
      });
      if (this.streamLost) {
        this.streamLost = false;
        this.options.onReconnect?.();
      }
      // Anything that changed before the stream was listening (since start()'s first read, or while it was down).
      void this.refresh();
    } catch (err) {
      if (generation !== this.generation) return;
      this.streamLost = true;
      this.options.onError?.(err as Error);
      this.scheduleReconnect();
    }
  }

  private initialRetryDelay(): number {
    return Math.min(250, this.options.maxRetryMs ?? 2000);
  }

  private initialReconnectDelay(): number {
    return Math.min(250, this.options.maxReconnectMs ?? 1000);
  }

  private scheduleReconnect(): void {
    if (!this.running) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(delay * 2, this.options.maxReconnectMs ?? 1000);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.openEvents();
    }, delay);
  }
}
