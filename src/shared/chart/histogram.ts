// Bars for a per-bucket histogram (failed logins per bucket), as rectangles in an SVG box.
import { Domain, linearScale, niceCeiling, px } from './scale';
import type { Box } from './sparkline';

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  start: number;
  count: number;
}

export interface HistogramLayout {
  bars: Bar[];
  /** The count the top of the box stands for (a round number ≥ the highest bar). */
  yMax: number;
}

/**
 * Lays out `counts` (bucket i starts at from + i × bucketMs) over the time domain [from, to].
 * Empty buckets get no bar (a zero-height rectangle would still catch the pointer and the eye).
 * A one-pixel gap separates bars when there is room for it.
 */
export function histogramBars(counts: readonly number[], from: number, bucketMs: number, box: Box, x: Domain): HistogramLayout {
  const inset = box.inset ?? 0;
  const yMax = niceCeiling(Math.max(0, ...counts.filter(Number.isFinite)));
  const toX = linearScale(x, [inset, box.width - inset]);
  const toHeight = linearScale([0, yMax], [0, box.height - 2 * inset]);
  const bars: Bar[] = [];
  counts.forEach((count, i) => {
    if (!(count > 0)) return;
    const start = from + i * bucketMs;
    const left = toX(start);
    const right = toX(start + bucketMs);
    const gap = right - left > 3 ? 1 : 0;
    const height = Math.max(1, toHeight(count));
    bars.push({ x: px(left), y: px(box.height - inset - height), width: px(Math.max(0.5, right - left - gap)), height: px(height), start, count });
  });
  return { bars, yMax };
}
