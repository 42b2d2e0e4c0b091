// Linear scales and extents for the panels' charts. Pure math: no DOM, so it is unit-tested in Node.
import type { Point } from '../panelProtocol';

export type Domain = [min: number, max: number];

/** Maps a value in `domain` to `range`. A zero-width domain maps everything to the middle of the range. */
export function linearScale(domain: Domain, range: Domain): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const width = d1 - d0;
  if (width === 0 || !Number.isFinite(width)) {
    const middle = (r0 + r1) / 2;
    return () => middle;
  }
  const k = (r1 - r0) / width;
  return (value) => r0 + (value - d0) * k;
}

/** True for a value a chart can draw: not a gap (null), not NaN or ±Infinity. */
export function isDrawable(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Min and max of the drawable values, or undefined when there are none. */
export function valueExtent(points: readonly Point[]): Domain | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const [, v] of points) {
    if (!isDrawable(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min === Infinity ? undefined : [min, max];
}

/** The smallest 1, 2 or 5 × 10^n at or above `value` (≥ 1), so axes end on round numbers. */
export function niceCeiling(value: number): number {
  if (!(value > 1)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

/** Rounds a pixel coordinate to 0.1 px: sub-pixel enough, and keeps path strings short. */
export function px(value: number): number {
  return Math.round(value * 10) / 10;
}
