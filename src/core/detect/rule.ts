// What a rule is: one cheap query per tick that yields a number, and the thresholds that number is judged by.
// The alert manager owns firing, clearing and hysteresis; a rule only measures.

export type RuleId = 'brute-force' | 'error-burst' | 'high-cpu' | 'high-memory' | 'container-down' | 'events-dropped';

export type Severity = 'warning' | 'critical';

/** Where the rule reads its evidence; also names what is unreachable when it cannot evaluate. */
export type EvidenceSource = 'Elasticsearch' | 'Prometheus' | 'Docker engine';

/** Someone or something the evidence names: a source address, a service, the host. */
export interface Subject {
  name: string;
  value: number;
  /** e.g. "unhealthy" for a service. */
  detail?: string;
}

export interface Measurement {
  /** The number the fire threshold applies to (e.g. most failed logins from one source in the window). */
  value: number;
  /**
   * The number the clear threshold applies to, when it differs: a sustained-metric rule fires on the
   * minimum over its period but clears on the current value. Defaults to `value`.
   */
  clearValue?: number;
  /** Who crosses the fire threshold, most first; empty when nobody does. */
  subjects: Subject[];
  /** The time range the measurement covers (unix ms). */
  window: { from: number; to: number };
}

export interface Rule {
  id: RuleId;
  title: string;
  severity: Severity;
  source: EvidenceSource;
  /** Evaluation cadence. */
  intervalMs: number;
  /** Fires when value ≥ fireAt. */
  fireAt: number;
  /** An active alert clears once clearValue < clearBelow for the configured number of consecutive ticks. */
  clearBelow: number;
  /**
   * Consecutive ticks at or above fireAt before the alert fires (default 1). A rule whose one observation can be
   * a passing glitch (a container seen down while the engine was slow to answer) asks for two.
   */
  confirmTicks?: number;
  /**
   * Count rules over a sliding window: the alert's evidence keeps its peak (a burst of 30 stays "30" once the
   * window slides past its first attempts). State rules (a container down) show the current evidence instead.
   */
  keepPeak?: boolean;
  /** One request to the evidence source. `now` is unix ms; the signal aborts when detection stops. */
  measure(now: number, signal: AbortSignal): Promise<Measurement>;
  /** One line for people, e.g. "30 failed logins from 203.0.113.7 within 60 s". */
  describe(m: Measurement): string;
}
