// Series for time-series charts: a missing sample interval becomes a gap (null), never a straight line drawn
// across a time nothing was measured; several series become the columns a chart library draws (one shared,
// sorted time column).
import type { Point } from '../../shared/panelProtocol';

/** A hole longer than this many steps is a gap (1.5 tolerates jitter in sample times). */
export const GAP_FACTOR = 1.5;

/**
 * The points with a null inserted after every point followed by a hole longer than GAP_FACTOR × stepMs, and
 * non-finite values turned into nulls. Unsorted input is sorted by time first.
 */
export function withGaps(points: readonly Point[], stepMs: number, factor = GAP_FACTOR): Point[] {
  const sorted = [...points].filter(([t]) => Number.isFinite(t)).sort((a, b) => a[0] - b[0]);
  const out: Point[] = [];
  let previous: number | undefined;
  for (const [time, value] of sorted) {
    if (previous !== undefined && stepMs > 0 && time - previous > factor * stepMs) out.push([previous + stepMs, null]);
    out.push([time, typeof value === 'number' && Number.isFinite(value) ? value : null]);
    previous = time;
  }
  return out;
}

/** The median interval between consecutive points (the sampling step, robust to the odd hole). */
export function typicalStep(points: readonly Point[]): number | undefined {
  const deltas: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const d = points[i]![0] - points[i - 1]![0];
    if (d > 0) deltas.push(d);
  }
  if (deltas.length === 0) return undefined;
  deltas.sort((a, b) => a - b);
  return deltas[Math.floor(deltas.length / 2)];
}

export interface AlignedSeries {
  /** Sorted, distinct unix ms. */
  times: number[];
  /**
   * One column per series: a number, null (a gap: the line breaks) or undefined (this series has no sample at that
   * time but another does: the line continues across it).
   */
  values: Array<Array<number | null | undefined>>;
}

/** One time column for several series, points outside [from, to] dropped. */
export function alignSeries(series: ReadonlyArray<readonly Point[]>, from = -Infinity, to = Infinity): AlignedSeries {
  const timeSet = new Set<number>();
  for (const s of series) for (const [t] of s) if (t >= from && t <= to) timeSet.add(t);
  const times = [...timeSet].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const values = series.map((s) => {
    const column: Array<number | null | undefined> = new Array<number | null | undefined>(times.length).fill(undefined);
    for (const [t, v] of s) {
      const i = index.get(t);
      if (i !== undefined) column[i] = v;
    }
    return column;
  });
  return { times, values };
}

/** The earliest time with a value in any series (the lab's first sample, as far as these series know). */
export function firstSampleTime(series: ReadonlyArray<readonly Point[]>): number | undefined {
  let first: number | undefined;
  for (const s of series) for (const [t, v] of s) if (v !== null && Number.isFinite(t) && (first === undefined || t < first)) first = t;
  return first;
}

/** The point nearest to `time` with a value, within `maxDistanceMs`. */
export function valueAt(points: readonly Point[], time: number, maxDistanceMs: number): Point | undefined {
  let best: Point | undefined;
  for (const p of points) {
    if (p[1] === null) continue;
    const d = Math.abs(p[0] - time);
    if (d <= maxDistanceMs && (best === undefined || d < Math.abs(best[0] - time))) best = p;
  }
  return best;
}
