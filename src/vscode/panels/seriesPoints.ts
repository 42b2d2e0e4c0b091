// Prometheus range results as chart points: ratios become percents, NaN becomes a gap (null), and a
// missing step (Prometheus simply omits it) becomes an explicit gap, so a sparkline does not draw a
// straight line across a time when nothing was scraped.
import type { Series } from '../../core/metrics/prometheusClient';
import type { Point } from '../../shared/panelProtocol';

/** A hole longer than this many steps is shown as a gap (1.5: tolerate jitter in evaluation times). */
const GAP_FACTOR = 1.5;

export function ratioSeriesToPercentPoints(series: Series | undefined, stepSeconds: number): Point[] {
  if (!series) return [];
  const points: Point[] = [];
  let previous: number | undefined;
  for (const [seconds, value] of series.points) {
    const time = seconds * 1000;
    if (previous !== undefined && time - previous > GAP_FACTOR * stepSeconds * 1000) points.push([previous + stepSeconds * 1000, null]);
    points.push([time, Number.isFinite(value) ? value * 100 : null]);
    previous = time;
  }
  return points;
}
