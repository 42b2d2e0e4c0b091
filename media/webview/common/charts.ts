// SVG elements for the panels' charts. The geometry comes from the pure renderer in src/shared/chart
// (unit-tested); this file only turns it into elements. Colours come from CSS classes bound to VS Code
// theme variables (media/panels.css), never from here.
import { markerBands } from '../../../src/shared/chart/markers';
import type { Domain } from '../../../src/shared/chart/scale';
import { sparklinePath } from '../../../src/shared/chart/sparkline';
import type { Point, ScenarioMarker } from '../../../src/shared/panelProtocol';
import { s } from './dom';

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
    s(
      'rect',
      { class: `marker marker-${band.kind}${band.running ? ' running' : ''}`, x: band.x, y: 0, width: band.width, height: size.height },
      s('title', {}, band.label),
    ),
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
