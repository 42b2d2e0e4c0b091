// Turns measurements into alerts: fire on crossing the threshold, update the evidence while active, clear
// with hysteresis (below a lower threshold for K consecutive ticks), keep a bounded history, attribute a
// scenario, and tell the editor. Evaluation failures become a per-rule status, reported once per change.
import { type Alert, type AlertEvidence, type ClearReason, type RuleStatus, type ScenarioAttribution, compareAlerts } from './alert';
import { attributeScenario } from './attribution';
import { type Clock, systemClock } from './clock';
import { Emitter } from './emitter';
import { describeEvaluationError } from './evaluationError';
import type { Measurement, Rule, RuleId, Subject } from './rule';
import type { ScenarioLookup } from './sources';

export interface AlertManagerOptions {
  /** Consecutive ticks below the clear threshold before an active alert clears. */
  clearAfterTicks: number;
  /** Alerts kept in the history, oldest dropped first. */
  historySize: number;
  scenarios?: ScenarioLookup;
  clock?: Clock;
}

interface ActiveAlert {
  alert: Alert;
  ticksBelowClear: number;
}

export class AlertManager {
  private readonly fired = new Emitter<Alert>();
  private readonly updated = new Emitter<Alert>();
  private readonly cleared = new Emitter<Alert>();
  private readonly statusChanged = new Emitter<RuleStatus>();
  /** A new alert (after scenario attribution). */
  readonly onFired = this.fired.event;
  /** An active alert's evidence changed (new subject, new value). */
  readonly onUpdated = this.updated.event;
  readonly onCleared = this.cleared.event;
  /** A rule became unable to evaluate, or recovered. */
  readonly onStatusChanged = this.statusChanged.event;

  private readonly active = new Map<RuleId, ActiveAlert>();
  /** Consecutive firing observations of rules that are not active yet (for rules with confirmTicks > 1). */
  private readonly firingTicks = new Map<RuleId, number>();
  private readonly statuses = new Map<RuleId, RuleStatus>();
  private past: Alert[] = [];
  private clearAfterTicks: number;
  private historySize: number;
  private readonly clock: Clock;
  private readonly scenarios: ScenarioLookup | undefined;
  /** Bumped by clearAll: a firing still awaiting attribution from before a stop must not resurrect. */
  private epoch = 0;
  private sequence = 0;

  constructor(options: AlertManagerOptions) {
    this.clearAfterTicks = options.clearAfterTicks;
    this.historySize = options.historySize;
    this.clock = options.clock ?? systemClock;
    this.scenarios = options.scenarios;
  }

  configure(options: Pick<AlertManagerOptions, 'clearAfterTicks' | 'historySize'>): void {
    this.clearAfterTicks = options.clearAfterTicks;
    this.historySize = options.historySize;
    this.trimHistory();
  }

  /** Active alerts, most severe then newest first. */
  activeAlerts(): Alert[] {
    return [...this.active.values()].map((a) => snapshot(a.alert)).sort(compareAlerts);
  }

  /** Every alert remembered, active ones included, newest first. */
  history(): Alert[] {
    return this.past.map(snapshot).reverse();
  }

  ruleStatuses(): RuleStatus[] {
    return [...this.statuses.values()].map((s) => ({ ...s }));
  }

  /** One tick's successful measurement of a rule. */
  async observe(rule: Rule, m: Measurement): Promise<void> {
    const now = this.clock.now();
    this.setStatus({ ruleId: rule.id, state: 'ok', since: now });
    const current = this.active.get(rule.id);
    const firing = m.value >= rule.fireAt;
    if (!current) {
      const ticks = firing ? (this.firingTicks.get(rule.id) ?? 0) + 1 : 0;
      if (ticks >= (rule.confirmTicks ?? 1)) {
        this.firingTicks.delete(rule.id);
        await this.fire(rule, m, now);
      } else if (ticks > 0) this.firingTicks.set(rule.id, ticks);
      else this.firingTicks.delete(rule.id);
      return;
    }
    if (firing || (m.clearValue ?? m.value) >= rule.clearBelow) {
      current.ticksBelowClear = 0;
      this.update(current.alert, rule, m, now);
      return;
    }
    current.ticksBelowClear++;
    current.alert.updatedAt = now;
    if (current.ticksBelowClear >= this.clearAfterTicks) await this.clear(rule.id, 'condition-ended', now, rule.describe(m));
  }

  /** One tick's failure: becomes the rule's status. Active alerts are held as they are: no evidence either way. */
  observeFailure(rule: Rule, err: unknown): void {
    const problem = describeEvaluationError(rule, err);
    this.setStatus({ ruleId: rule.id, state: 'cannot-evaluate', reason: problem.reason, detail: problem.detail, since: this.clock.now() });
  }

  /** Clears every active alert (the lab stopped, or rules were reconfigured) and forgets rule statuses. */
  clearAll(reason: ClearReason): void {
    this.epoch++;
    const now = this.clock.now();
    for (const ruleId of [...this.active.keys()]) void this.clear(ruleId, reason, now);
    this.statuses.clear();
    this.firingTicks.clear();
  }

  /** Clears one rule's alert (e.g. the rule was disabled). */
  clearRule(ruleId: RuleId, reason: ClearReason): void {
    if (this.active.has(ruleId)) void this.clear(ruleId, reason, this.clock.now());
    this.statuses.delete(ruleId);
    this.firingTicks.delete(ruleId);
  }

  dispose(): void {
    for (const e of [this.fired, this.updated, this.cleared, this.statusChanged]) e.dispose();
  }

  private async fire(rule: Rule, m: Measurement, now: number): Promise<void> {
    const epoch = this.epoch;
    const scenario = await this.attribution(rule.id, m.window.from, now);
    if (epoch !== this.epoch || this.active.has(rule.id)) return;
    const alert: Alert = {
      id: `${rule.id}-${now}-${++this.sequence}`,
      ruleId: rule.id,
      title: rule.title,
      severity: rule.severity,
      source: rule.source,
      firedAt: now,
      updatedAt: now,
      evidence: evidenceOf(rule, m),
      peakValue: m.value,
      peakAt: now,
      subjectsSeen: m.subjects.map((s) => ({ ...s })),
      span: { ...m.window },
      ...(scenario ? { scenario } : {}),
    };
    this.active.set(rule.id, { alert, ticksBelowClear: 0 });
    this.past.push(alert);
    this.trimHistory();
    this.fired.fire(snapshot(alert));
  }

  private update(alert: Alert, rule: Rule, m: Measurement, now: number): void {
    const before = JSON.stringify([alert.evidence.value, alert.evidence.subjects]);
    alert.updatedAt = now;
    alert.span.to = Math.max(alert.span.to, m.window.to);
    // Below the fire threshold but above the clear one: the alert holds; its last firing evidence stays.
    if (m.value < rule.fireAt) return;
    // A count rule's evidence follows the peak, never the way down (the window sliding past the first attempts);
    // any other rule's evidence is the current one.
    if (!rule.keepPeak || m.value >= alert.peakValue) alert.evidence = evidenceOf(rule, m);
    if (m.value >= alert.peakValue) {
      alert.peakValue = m.value;
      alert.peakAt = now;
    }
    alert.subjectsSeen = mergeSubjects(alert.subjectsSeen, m.subjects);
    if (JSON.stringify([alert.evidence.value, alert.evidence.subjects]) !== before) this.updated.fire(snapshot(alert));
  }

  private async clear(ruleId: RuleId, reason: ClearReason, now: number, finalSummary?: string): Promise<void> {
    const current = this.active.get(ruleId);
    if (!current) return;
    this.active.delete(ruleId);
    const alert = current.alert;
    alert.clearedAt = now;
    alert.clearReason = reason;
    alert.updatedAt = now;
    if (finalSummary) alert.evidence = { ...alert.evidence, summary: `${alert.evidence.summary} — cleared: ${finalSummary}` };
    // A metric alert fires some time into a scenario; by now the whole span is known, so look again.
    if (!alert.scenario && reason === 'condition-ended') {
      const scenario = await this.attribution(ruleId, alert.span.from, now);
      if (scenario) alert.scenario = scenario;
    }
    this.cleared.fire(snapshot(alert));
  }

  private async attribution(ruleId: RuleId, from: number, to: number): Promise<ScenarioAttribution | undefined> {
    if (!this.scenarios) return undefined;
    try {
      return attributeScenario(ruleId, await this.scenarios.inRange(from, to));
    } catch {
      return undefined; // Attribution is a label: a broken record store must not stop an alert.
    }
  }

  private setStatus(status: RuleStatus): void {
    const previous = this.statuses.get(status.ruleId);
    const same =
      previous && previous.state === status.state && (previous.state === 'ok' || (status.state === 'cannot-evaluate' && previous.reason === status.reason));
    if (same) return;
    this.statuses.set(status.ruleId, status);
    // The first "ok" of a rule is not news; recovering from a failure is.
    if (status.state === 'ok' && !previous) return;
    this.statusChanged.fire({ ...status });
  }

  private trimHistory(): void {
    // Active alerts are never dropped from the history while they are active.
    while (this.past.length > this.historySize) {
      const index = this.past.findIndex((a) => a.clearedAt !== undefined);
      if (index < 0) break;
      this.past.splice(index, 1);
    }
  }
}

function evidenceOf(rule: Rule, m: Measurement): AlertEvidence {
  return { value: m.value, threshold: rule.fireAt, subjects: m.subjects.map((s) => ({ ...s })), window: { ...m.window }, summary: rule.describe(m) };
}

function mergeSubjects(seen: Subject[], now: Subject[]): Subject[] {
  const byName = new Map(seen.map((s) => [s.name, { ...s }]));
  for (const s of now) {
    const known = byName.get(s.name);
    if (!known || s.value > known.value) byName.set(s.name, { ...s });
  }
  return [...byName.values()].sort((a, b) => b.value - a.value);
}

function snapshot(a: Alert): Alert {
  return structuredClone(a);
}
