// Prometheus range results as chart points: ratios become percents, NaN becomes a gap (null), and a
// missing step (Prometheus simply omits it) becomes an explicit gap (the chart model's one gap rule), so a
// chart does not draw a straight line across a time when nothing was scraped.
import { withGaps } from '../../core/charts';
import type { Series } from '../../core/metrics/prometheusClient';
import type { Point } from '../../shared/panelProtocol';

export function ratioSeriesToPercentPoints(series: Series | undefined, stepSeconds: number): Point[] {
  if (!series) return [];
  return withGaps(
    series.points.map(([seconds, value]) => [seconds * 1000, Number.isFinite(value) ? value * 100 : null]),
    stepSeconds * 1000,
  );
}
