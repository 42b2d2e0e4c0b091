// Keeps a model of the lab's containers fresh for the tree: the engine's events stream (debounced) drives
// refreshes, plus a slow safety reconcile (default 60 s) in case an event was missed. Pause it while
// nothing shows the model: no stream, no timer, no engine traffic. Plain callbacks, no editor types.
import type Docker from 'dockerode';
import { EngineEventStream } from './engineEvents';

export interface StackWatcherOptions<T> {
  docker: Docker;
  projectName: string;
  /** Reads the current model (normally () => stackStatus(docker, config)). */
  read: () => Promise<T>;
  onChange: (model: T) => void;
  /** Engine unreachable, stream lost, read failed: the tree shows it; the watcher keeps trying. */
  onError?: (err: Error) => void;
  debounceMs?: number;
  reconcileMs?: number;
  /** Longest wait between attempts to reopen a lost events stream. */
  maxReconnectMs?: number;
}

export class StackWatcher<T> {
  private events: EngineEventStream | undefined;
  private debounceTimer: NodeJS.Timeout | undefined;
  private reconcileTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectDelay = 1000;
  private running = false;
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;

  constructor(private readonly options: StackWatcherOptions<T>) {}

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

  /** Stops the stream and every timer; `start()` resumes. Use it when the view is hidden. */
  stop(): void {
    this.running = false;
    for (const timer of [this.debounceTimer, this.reconcileTimer, this.reconnectTimer]) if (timer) clearTimeout(timer);
    this.debounceTimer = this.reconcileTimer = this.reconnectTimer = undefined;
    this.events?.close();
    this.events = undefined;
  }

  /** Reads the model now and reports it (coalesces concurrent calls into one extra read). */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        try {
          const model = await this.options.read();
          if (this.running) this.options.onChange(model);
        } catch (err) {
          this.options.onError?.(err as Error);
        }
      } while (this.refreshAgain && this.running);
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private scheduleRefresh(): void {
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    // A start produces a burst (create, start, health_status…): one read after the burst is enough.
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = undefined;
      void this.refresh();
    }, this.options.debounceMs ?? 250);
  }

  private scheduleReconcile(): void {
    if (!this.running) return;
    this.reconcileTimer = setTimeout(() => {
      void this.refresh();
      this.scheduleReconcile();
    }, this.options.reconcileMs ?? 60_000);
  }

  private async openEvents(): Promise<void> {
    try {
      const events = await EngineEventStream.open(this.options.docker, this.options.projectName);
      if (!this.running) return events.close();
      this.events = events;
      this.reconnectDelay = 1000;
      events.on(() => this.scheduleRefresh());
      events.onEnd((err) => {
        if (!this.running || this.events !== events) return;
        this.events = undefined;
        if (err) this.options.onError?.(err);
        this.scheduleReconnect();
      });
      // Something may have changed while the stream was down.
      this.scheduleRefresh();
    } catch (err) {
      this.options.onError?.(err as Error);
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (!this.running) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(delay * 2, this.options.maxReconnectMs ?? 30_000);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.openEvents();
    }, delay);
  }
}
