// What a time-series chart draws besides its lines: scenario runs as labelled bands, the alert rules'
// thresholds as horizontal lines, and the moments alerts fired as markers. Times in unix ms.
import type { ScenarioMarker } from '../../shared/panelProtocol';

export interface ChartBand {
  id: string;
  /** The run's scenario kind (its colour is the kind's descriptor's); 'focus' for a highlighted range that is not a run. */
  kind: string;
  label: string;
  /** Clipped to the range. */
  from: number;
  to: number;
  /** Still running: the band reaches the range's end. */
  running: boolean;
  /** Label line (0, 1, 2): neighbouring bands take turns so short runs close together stay readable. */
  lane: number;
}

export const BAND_LANES = 3;

/** The runs overlapping [from, to], clipped to it, oldest first; a running run extends to `to`. */
export function scenarioBands(markers: readonly ScenarioMarker[], from: number, to: number): ChartBand[] {
  return markers
    .filter((m) => Number.isFinite(m.start) && m.start <= to && (m.end ?? to) >= from)
    .sort((a, b) => a.start - b.start)
    .map((m, i) => ({
      id: m.id,
      kind: m.kind,
      label: m.label,
      from: Math.max(m.start, from),
      to: Math.min(m.end ?? to, to),
      running: m.end === undefined,
      lane: i % BAND_LANES,
    }));
}

/**
 * The runs' bands plus, when given, a highlighted range (an alert's evidence) as one more band of kind 'focus',
 * clipped to [from, to]; a focus outside the range adds nothing.
 */
export function bandsWithFocus(markers: readonly ScenarioMarker[], from: number, to: number, focus?: { from: number; to: number; label: string }): ChartBand[] {
  const bands = scenarioBands(markers, from, to);
  if (focus && focus.to >= from && focus.from <= to) {
    bands.push({
      id: 'focus',
      kind: 'focus',
      label: focus.label,
      from: Math.max(focus.from, from),
      to: Math.min(focus.to, to),
      running: false,
      lane: bands.length % BAND_LANES,
    });
  }
  return bands;
}

export interface ThresholdLine {
  value: number;
  label: string;
  role: 'threshold' | 'clear';
}

/** The settings of a sustained-metric rule the chart needs (ResolvedDetectionSettings' highCpu/highMemory fit). */
export interface MetricRuleSettings {
  enabled: boolean;
  abovePercent: number;
  forSeconds?: number;
  clearBelowPercent?: number;
}

/**
 * The words of the lines and markers. This module is pure (the pages bundle it), so it holds no catalogue: the
 * host passes the sentences in the user's language (src/vscode/panels/systemMetricsFeed.ts); English by default.
 */
export interface AnnotationWords {
  /** "alert above 80 % for 20 s" (`forSeconds` absent or 0: "alert above 80 %"). */
  alertAbove(percent: number, forSeconds?: number): string;
  clearsBelow(percent: number): string;
  /** "High CPU fired". */
  fired(title: string): string;
}

export const ENGLISH_ANNOTATION_WORDS: AnnotationWords = {
  alertAbove: (percent, forSeconds) => `alert above ${percent} %${forSeconds ? ` for ${forSeconds} s` : ''}`,
  clearsBelow: (percent) => `clears below ${percent} %`,
  fired: (title) => `${title} fired`,
};

/** The rule's raise threshold (and its clear threshold, when lower) as lines; none for a disabled rule. */
export function ruleThresholds(rule: MetricRuleSettings | undefined, words: AnnotationWords = ENGLISH_ANNOTATION_WORDS): ThresholdLine[] {
  if (!rule || !rule.enabled || !Number.isFinite(rule.abovePercent)) return [];
  const lines: ThresholdLine[] = [{ value: rule.abovePercent, label: words.alertAbove(rule.abovePercent, rule.forSeconds), role: 'threshold' }];
  if (rule.clearBelowPercent !== undefined && Number.isFinite(rule.clearBelowPercent) && rule.clearBelowPercent < rule.abovePercent) {
    lines.push({ value: rule.clearBelowPercent, label: words.clearsBelow(rule.clearBelowPercent), role: 'clear' });
  }
  return lines;
}

/** An alert as a chart marker needs it (the detection engine's Alert fits). */
export interface FiredAlert {
  id: string;
  ruleId: string;
  title: string;
  severity: string;
  firedAt: number;
}

export interface AlertMoment {
  id: string;
  time: number;
  label: string;
  severity: string;
}

/** The alerts of `ruleIds` that fired within [from, to], oldest first, each once. */
export function alertMoments(
  alerts: readonly FiredAlert[],
  ruleIds: readonly string[],
  from: number,
  to: number,
  words: AnnotationWords = ENGLISH_ANNOTATION_WORDS,
): AlertMoment[] {
  // Each moment once: the same alert can be both active and in the history the caller joins, and one rule firing
  // at one instant is one marker however it was recorded.
  const seen = new Set<string>();
  return alerts
    .filter((a) => ruleIds.includes(a.ruleId) && Number.isFinite(a.firedAt) && a.firedAt >= from && a.firedAt <= to)
    .sort((a, b) => a.firedAt - b.firedAt)
    .filter((a) => {
      const keys = [`id:${a.id}`, `at:${a.ruleId}@${a.firedAt}`];
      if (keys.some((k) => seen.has(k))) return false;
      keys.forEach((k) => seen.add(k));
      return true;
    })
    .map((a) => ({ id: a.id, time: a.firedAt, label: words.fired(a.title), severity: a.severity }));
}
