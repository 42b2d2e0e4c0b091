// SVG elements for the panels' charts. The geometry comes from the pure renderer in src/shared/chart
// (unit-tested); this file only turns it into elements. Colours come from CSS classes bound to VS Code
// theme variables (media/panels.css), never from here.
import { histogramBars } from '../../../src/shared/chart/histogram';
import { markerBands } from '../../../src/shared/chart/markers';
import type { Domain } from '../../../src/shared/chart/scale';
import { sparklinePath } from '../../../src/shared/chart/sparkline';
import type { Point, ScenarioMarker } from '../../../src/shared/panelProtocol';
import { s } from './dom';
import { text } from './strings';

export interface ChartSize {
  width: number;
  height: number;
}

/** A chart stretches to its container's width: the viewBox scales, strokes keep their width (non-scaling-stroke). */
function chartRoot(size: ChartSize, label: string, extraClass: string): SVGSVGElement {
  return s('svg', {
    class: `chart ${extraClass}`,
    viewBox: `0 0 ${size.width} ${size.height}`,
    preserveAspectRatio: 'none',
    role: 'img',
    'aria-label': label,
  });
}

function bandRects(markers: readonly ScenarioMarker[], x: Domain, size: ChartSize): SVGElement[] {
  return markerBands(markers, x, size.width).map((band) =>
    s('rect', { class: `marker marker-${band.kind}${band.running ? ' running' : ''}`, x: band.x, y: 0, width: band.width, height: size.height }, s('title', {}, band.label)),
  );
}

export interface SparklineSpec {
  points: readonly Point[];
  x: Domain;
  y: Domain;
  markers: readonly ScenarioMarker[];
  label: string;
  size?: ChartSize;
}

export const SPARKLINE_SIZE: ChartSize = { width: 300, height: 60 };

export function sparklineSvg(spec: SparklineSpec): SVGSVGElement {
  const size = spec.size ?? SPARKLINE_SIZE;
  const svg = chartRoot(size, spec.label, 'sparkline');
  svg.append(
    ...bandRects(spec.markers, spec.x, size),
    s('path', { class: 'line', d: sparklinePath(spec.points, { ...size, inset: 2 }, { x: spec.x, y: spec.y }), 'vector-effect': 'non-scaling-stroke' }),
  );
  return svg;
}

export interface HistogramSpec {
  counts: readonly number[];
  from: number;
  to: number;
  bucketMs: number;
  markers: readonly ScenarioMarker[];
  /** Highlighted time range (an alert's evidence). */
  focus?: { from: number; to: number };
  label: string;
  size?: ChartSize;
}

export const HISTOGRAM_SIZE: ChartSize = { width: 600, height: 90 };

export function histogramSvg(spec: HistogramSpec): { svg: SVGSVGElement; yMax: number } {
  const size = spec.size ?? HISTOGRAM_SIZE;
  const x: Domain = [spec.from, spec.to];
  const svg = chartRoot(size, spec.label, 'histogram');
  const layout = histogramBars(spec.counts, spec.from, spec.bucketMs, size, x);
  const focus = spec.focus
    ? markerBands([{ id: 'focus', kind: 'focus', label: text('alertEvidence'), start: spec.focus.from, end: spec.focus.to, outcome: 'focus' }], x, size.width)
    : [];
  svg.append(
    ...bandRects(spec.markers, x, size),
    ...focus.map((b) => s('rect', { class: 'focus-band', x: b.x, y: 0, width: b.width, height: size.height }, s('title', {}, b.label))),
    s('line', { class: 'baseline', x1: 0, x2: size.width, y1: size.height - 0.5, y2: size.height - 0.5, 'vector-effect': 'non-scaling-stroke' }),
    ...layout.bars.map((bar) => s('rect', { class: 'bar', x: bar.x, y: bar.y, width: bar.width, height: bar.height }, s('title', {}, `${bar.count}`))),
  );
  return { svg, yMax: layout.yMax };
}
