// Runs the rules on their schedules while the lab runs, and only then. Each rule has its own loop: the next
// tick is scheduled when the previous one has finished, so a slow or unreachable source can never pile up
// requests; a tick that fails becomes the rule's status, not an exception.
//
// Right after the lab starts, its sources are still filling: Prometheus needs two scrapes (about 10 s) before a
// rate() has a point, and the log data stream's shard answers 503 for its first moments. A rule that has not yet
// evaluated once is given FIRST_DATA_GRACE_MS for such "not yet" answers before it says it cannot evaluate, so a start
// does not show warnings that go away by themselves. An unreachable source, a rejected query, or "no data" after the
// rule has had data are news at once.
import { AlertManager } from './alertManager';
import { type Clock, type TimerHandle, type Timers, systemClock, systemTimers } from './clock';
import { Emitter } from './emitter';
import type { Rule, RuleId } from './rule';
import { type EvidenceSources, createRules } from './rules';
import type { DetectionSettings } from './settings';
import type { ScenarioLookup } from './sources';
import { NoMetricDataError } from './rules/sustainedMetric';
import { LogQueryError } from '../logs/logStore';

/** How long after a start a rule that never evaluated may answer "no data yet" without it being reported. */
export const FIRST_DATA_GRACE_MS = 60_000;

/** The answers of a source that is up but not filled yet. */
function isNotYet(err: unknown): boolean {
  return err instanceof NoMetricDataError || (err instanceof LogQueryError && err.status === 503);
}

export interface DetectionEngineOptions {
  settings: DetectionSettings;
  sources: EvidenceSources;
  /** Scenario records, for attribution only. */
  scenarios?: ScenarioLookup;
  clock?: Clock;
  timers?: Timers;
  /** Replaces the lab's rule set (tests). */
  rules?: (settings: DetectionSettings, sources: EvidenceSources) => Rule[];
}

export interface TickReport {
  ruleId: RuleId;
  startedAt: number;
  durationMs: number;
  ok: boolean;
}

export class DetectionEngine {
  readonly alerts: AlertManager;
  private readonly ticked = new Emitter<TickReport>();
  /** Every finished evaluation (benchmarks, tests, a debug log). */
  readonly onTick = this.ticked.event;

  private settings: DetectionSettings;
  private rules: Rule[];
  private readonly sources: EvidenceSources;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly buildRules: (settings: DetectionSettings, sources: EvidenceSources) => Rule[];
  private readonly pending = new Map<RuleId, TimerHandle>();
  private abort: AbortController | undefined;
  /** When start() last ran, and the rules that have evaluated since: the first-data grace (see the header). */
  private startedAt = 0;
  private readonly evaluated = new Set<RuleId>();

  constructor(options: DetectionEngineOptions) {
    this.settings = options.settings;
    this.sources = options.sources;
    this.clock = options.clock ?? systemClock;
    this.timers = options.timers ?? systemTimers;
    this.buildRules = options.rules ?? createRules;
    this.rules = this.buildRules(this.settings, this.sources);
    this.alerts = new AlertManager({
      clearAfterTicks: this.settings.clearAfterTicks,
      historySize: this.settings.historySize,
      clock: this.clock,
      ...(options.scenarios ? { scenarios: options.scenarios } : {}),
    });
  }

  get running(): boolean {
    return this.abort !== undefined;
  }

  activeRules(): Array<Pick<Rule, 'id' | 'title' | 'severity' | 'source' | 'intervalMs' | 'fireAt' | 'clearBelow'>> {
    return this.rules.map(({ id, title, severity, source, intervalMs, fireAt, clearBelow }) => ({
      id,
      title,
      severity,
      source,
      intervalMs,
      fireAt,
      clearBelow,
    }));
  }

  /** The lab is up: evaluate every rule now, then on its cadence. Idempotent. */
  start(): void {
    if (this.abort) return;
    this.startedAt = this.clock.now();
    this.evaluated.clear();
    this.runRules();
  }

  /** The lab is down: no more queries, in-flight results are dropped, active alerts clear. Idempotent. */
  stop(): void {
    if (!this.abort) return;
    this.abort.abort();
    this.abort = undefined;
    for (const handle of this.pending.values()) this.timers.clearTimeout(handle);
    this.pending.clear();
    this.alerts.clearAll('lab-stopped');
  }

  /** New settings take effect at once: rules are rebuilt; alerts of removed or changed rules clear. */
  updateSettings(settings: DetectionSettings): void {
    const wasRunning = this.running;
    if (wasRunning) {
      this.abort!.abort();
      this.abort = undefined;
      for (const handle of this.pending.values()) this.timers.clearTimeout(handle);
      this.pending.clear();
    }
    this.settings = settings;
    this.alerts.configure({ clearAfterTicks: settings.clearAfterTicks, historySize: settings.historySize });
    // Thresholds may have changed under an active alert: start those rules from a clean slate.
    for (const rule of this.rules) this.alerts.clearRule(rule.id, 'rule-removed');
    this.rules = this.buildRules(settings, this.sources);
    // The lab did not restart: its sources are as filled as they were, so the first-data grace goes on as it was.
    if (wasRunning) this.runRules();
  }

  /** Evaluates one rule (or all) once, outside the schedule (tests; an "evaluate now" command). */
  async evaluateNow(ruleId?: RuleId): Promise<void> {
    const signal = this.abort?.signal ?? new AbortController().signal;
    await Promise.all(this.rules.filter((r) => !ruleId || r.id === ruleId).map((r) => this.evaluate(r, signal)));
  }

  dispose(): void {
    this.stop();
    this.alerts.dispose();
    this.ticked.dispose();
  }

  /** Starts every rule's loop under a new abort controller. */
  private runRules(): void {
    const abort = new AbortController();
    this.abort = abort;
    for (const rule of this.rules) void this.loop(rule, abort.signal);
  }

  private async loop(rule: Rule, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    const startedAt = this.clock.now();
    await this.evaluate(rule, signal);
    if (signal.aborted) return;
    const delay = Math.max(0, rule.intervalMs - (this.clock.now() - startedAt));
    this.pending.set(
      rule.id,
      this.timers.setTimeout(() => void this.loop(rule, signal), delay),
    );
  }

  private async evaluate(rule: Rule, signal: AbortSignal): Promise<void> {
    const startedAt = this.clock.now();
    let ok = true;
    try {
      const measurement = await rule.measure(startedAt, signal);
      // Stopped while the request was in flight: the lab is gone, its answer is no longer news.
      if (signal.aborted) return;
      this.evaluated.add(rule.id);
      await this.alerts.observe(rule, measurement);
    } catch (err) {
      if (signal.aborted) return;
      ok = false;
      const waitingForFirstData = !this.evaluated.has(rule.id) && this.clock.now() - this.startedAt < FIRST_DATA_GRACE_MS && isNotYet(err);
      if (!waitingForFirstData) this.alerts.observeFailure(rule, err);
    }
    this.ticked.fire({ ruleId: rule.id, startedAt, durationMs: this.clock.now() - startedAt, ok });
  }
}
