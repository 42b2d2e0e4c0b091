// A sparkline as an SVG path string, with gaps where data is missing (a lost scrape must look lost,
// not interpolated), plus the current/min/max summary shown beside it.
import type { Point } from '../panelProtocol';
import type { Domain } from './scale';
import { isDrawable, linearScale, px } from './scale';

export interface Box {
  width: number;
  height: number;
  /** Space kept free on every side so the stroke is not clipped (default 1). */
  inset?: number;
}

export interface SparklineScales {
  /** Time domain, unix ms (usually [now − window, now], so charts line up with each other and their markers). */
  x: Domain;
  /** Value domain; values outside are clamped to the box. */
  y: Domain;
}

/**
 * SVG path data: "M" starts a run of consecutive drawable points, "L" continues it; a null/NaN point
 * ends the run. An isolated point becomes a zero-length segment, which a round line cap draws as a dot.
 */
export function sparklinePath(points: readonly Point[], box: Box, scales: SparklineScales): string {
  const inset = box.inset ?? 1;
  const x = linearScale(scales.x, [inset, box.width - inset]);
  // SVG's y grows downwards: the domain's max maps to the top.
  const y = linearScale(scales.y, [box.height - inset, inset]);
  const clampY = (v: number) => Math.min(box.height - inset, Math.max(inset, y(v)));
  const parts: string[] = [];
  let runLength = 0;
  for (const [t, v] of points) {
    if (!isDrawable(v) || !Number.isFinite(t)) {
      if (runLength === 1) parts.push('l0,0');
      runLength = 0;
      continue;
    }
    parts.push(`${runLength === 0 ? 'M' : 'L'}${px(x(t))},${px(clampY(v))}`);
    runLength++;
  }
  if (runLength === 1) parts.push('l0,0');
  return parts.join('');
}

export interface SeriesSummary {
  /** The latest drawable value (a trailing gap does not hide the last known value). */
  current?: number;
  min?: number;
  max?: number;
}

export function summarize(points: readonly Point[]): SeriesSummary {
  const summary: SeriesSummary = {};
  for (const [, v] of points) {
    if (!isDrawable(v)) continue;
    summary.current = v;
    summary.min = summary.min === undefined ? v : Math.min(summary.min, v);
    summary.max = summary.max === undefined ? v : Math.max(summary.max, v);
  }
  return summary;
}

/** A percent y domain: 0..100, stretched when a value goes above (container CPU can exceed 100 % on several cores). */
export function percentDomain(points: readonly Point[]): Domain {
  const max = summarize(points).max ?? 0;
  return [0, Math.max(100, Math.ceil(max / 50) * 50)];
}
