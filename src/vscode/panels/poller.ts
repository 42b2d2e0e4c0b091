// A poll loop that never overlaps itself, stops cleanly, and can be asked to run right away.
// Why not setInterval: a slow Elasticsearch answer must delay the next poll, not stack requests up.
export interface PollOutcome {
  /** More data is waiting (a tail hit its page limit): poll again without the usual pause. */
  again?: boolean;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Delay before an `again` poll: short, but still yields to the event loop and other pollers. */
const CATCH_UP_DELAY_MS = 20;

export class Poller {
  private timer: unknown;
  private running = false;
  private active = false;
  private rerunRequested = false;

  constructor(
    private readonly task: () => Promise<PollOutcome | void>,
    private readonly intervalMs: number,
    private readonly onError: (err: unknown) => void,
    private readonly timers: Timers = realTimers,
  ) {}

  get isActive(): boolean {
    return this.active;
  }

  /** Starts polling (first run immediately). Idempotent. */
  start(): void {
    if (this.active) return;
    this.active = true;
    this.runNow();
  }

  /** Stops scheduling; a run in flight finishes but schedules nothing. */
  stop(): void {
    this.active = false;
    this.clearTimer();
  }

  /** Runs as soon as possible (coalesced with a run in flight). No-op while stopped. */
  runNow(): void {
    if (!this.active) return;
    if (this.running) {
      this.rerunRequested = true;
      return;
    }
    this.clearTimer();
    void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    let outcome: PollOutcome | void = undefined;
    try {
      outcome = await this.task();
    } catch (err) {
      this.onError(err);
    } finally {
      this.running = false;
    }
    if (!this.active) return;
    const soon = this.rerunRequested || outcome?.again === true;
    this.rerunRequested = false;
    this.schedule(soon ? CATCH_UP_DELAY_MS : this.intervalMs);
  }

  private schedule(ms: number): void {
    this.clearTimer();
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      if (this.active) void this.run();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
