// An alert as the editor and the history see it: plain data, safe to serialise.
import type { ScenarioKind } from '../scenarios/params';
import type { EvidenceSource, RuleId, Severity, Subject } from './rule';

export type ClearReason = 'condition-ended' | 'lab-stopped' | 'rule-removed';

export interface AlertEvidence {
  /** The measured value the threshold applies to, and the threshold. */
  value: number;
  threshold: number;
  /** Who crosses the threshold, most first (sources, services, "host"). */
  subjects: Subject[];
  /** The range the measurement covered (unix ms). */
  window: { from: number; to: number };
  /** One line for people. */
  summary: string;
}

export interface ScenarioAttribution {
  id: string;
  kind: ScenarioKind;
  startedAt: number;
  endedAt?: number;
}

export interface Alert {
  /** Unique per firing. */
  id: string;
  ruleId: RuleId;
  title: string;
  severity: Severity;
  source: EvidenceSource;
  firedAt: number;
  updatedAt: number;
  clearedAt?: number;
  clearReason?: ClearReason;
  /**
   * The evidence of the alert's peak: replaced only by a measurement at least as high, so a burst of 30 failed
   * logins is not told as "21" once the window slides past its first attempts. Frozen when cleared.
   */
  evidence: AlertEvidence;
  /** The highest value seen while active. */
  peakValue: number;
  /** When the peak was measured (unix ms). */
  peakAt: number;
  /** Every subject named while active (e.g. each source that crossed the threshold), with its highest value. */
  subjectsSeen: Subject[];
  /** Everything the alert's evidence covered, first window start to last window end (unix ms). */
  span: { from: number; to: number };
  /** The scenario run whose time overlaps the evidence, if one of a matching kind does. */
  scenario?: ScenarioAttribution;
}

/** Whether a rule could evaluate on its last tick. */
export type RuleStatus =
  { ruleId: RuleId; state: 'ok'; since: number } | { ruleId: RuleId; state: 'cannot-evaluate'; reason: string; detail: string; since: number };

/** Every severity, least severe first: the one ranking that sorting, thresholds and "the worst of these" use. */
export const SEVERITIES: readonly Severity[] = ['warning', 'critical'];

/** Higher is more severe. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Whether `severity` is `minimum` or worse. */
export function isAtLeast(severity: Severity, minimum: Severity): boolean {
  return severityRank(severity) >= severityRank(minimum);
}

/** Most severe first, then newest first: the one order every list of alerts uses (status bar, views, report). */
export function compareAlerts(a: Alert, b: Alert): number {
  return severityRank(b.severity) - severityRank(a.severity) || b.firedAt - a.firedAt;
}
