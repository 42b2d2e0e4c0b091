// Decides which new alerts deserve a notification, so an attack cannot turn into a notification storm:
// only the configured severities, at most one per rule per cooldown, and alerts that arrive within a short
// gap of the previous notification are coalesced into one. The status bar and the history show everything.
import { type Alert, isAtLeast } from './alert';
import { type Clock, systemClock } from './clock';
import type { Severity } from './rule';
import type { NotifyLevel } from './settings';

export type NotificationDecision =
  | { action: 'show'; alerts: Alert[] }
  /** Coalesced: call flush() at `at` (unix ms); `schedule` is false when a flush is already due then. */
  | { action: 'queued'; at: number; schedule: boolean }
  | { action: 'drop'; why: 'level' | 'cooldown' | 'already-queued' };

export interface NotificationGateOptions {
  level: NotifyLevel;
  /** At most one notification per rule within this time. */
  cooldownMs: number;
  /** Minimum gap between two notifications; alerts inside it wait and are shown together. */
  coalesceMs?: number;
  clock?: Clock;
}

export const DEFAULT_COALESCE_MS = 5000;

/** The least severe alert each notify level lets through ("off" lets none). */
const NOTIFY_MINIMUM: Record<Exclude<NotifyLevel, 'off'>, Severity> = { all: 'warning', critical: 'critical' };

export class NotificationGate {
  private readonly lastShownByRule = new Map<string, number>();
  private lastShown = Number.NEGATIVE_INFINITY;
  private pending: Alert[] = [];
  private flushAt: number | undefined;
  private options: Required<NotificationGateOptions>;

  constructor(options: NotificationGateOptions) {
    this.options = { coalesceMs: DEFAULT_COALESCE_MS, clock: systemClock, ...options };
  }

  configure(options: Pick<NotificationGateOptions, 'level' | 'cooldownMs'>): void {
    this.options = { ...this.options, ...options };
  }

  offer(alert: Alert): NotificationDecision {
    const { level, cooldownMs, coalesceMs, clock } = this.options;
    if (level === 'off' || !isAtLeast(alert.severity, NOTIFY_MINIMUM[level])) return { action: 'drop', why: 'level' };
    const now = clock.now();
    const last = this.lastShownByRule.get(alert.ruleId);
    if (last !== undefined && now - last < cooldownMs) return { action: 'drop', why: 'cooldown' };
    if (this.pending.some((p) => p.ruleId === alert.ruleId)) return { action: 'drop', why: 'already-queued' };
    if (now - this.lastShown < coalesceMs) {
      this.pending.push(alert);
      const schedule = this.flushAt === undefined;
      this.flushAt ??= this.lastShown + coalesceMs;
      return { action: 'queued', at: this.flushAt, schedule };
    }
    this.markShown([alert], now);
    return { action: 'show', alerts: [alert] };
  }

  /** The queued alerts to show now as one notification; those no longer active are left out. */
  flush(stillActive: (alert: Alert) => boolean = () => true): Alert[] {
    const ready = this.pending.filter(stillActive);
    this.pending = [];
    this.flushAt = undefined;
    if (ready.length) this.markShown(ready, this.options.clock.now());
    return ready;
  }

  private markShown(alerts: Alert[], now: number): void {
    this.lastShown = now;
    for (const a of alerts) this.lastShownByRule.set(a.ruleId, now);
  }
}
