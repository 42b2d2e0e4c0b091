// Scenario runs as vertical bands on a time axis, clipped to the chart, so "the attack started here"
// is visible on every chart.
import type { ScenarioMarker } from '../panelProtocol';
import type { Domain } from './scale';
import { linearScale, px } from './scale';

export interface MarkerBand {
  id: string;
  x: number;
  /** At least 2 px so a short run stays visible. */
  width: number;
  label: string;
  kind: string;
  running: boolean;
}

export const MIN_BAND_WIDTH = 2;

/** Bands for the markers that overlap the domain; a running marker extends to the domain's end. */
export function markerBands(markers: readonly ScenarioMarker[], x: Domain, width: number): MarkerBand[] {
  const [from, to] = x;
  const toX = linearScale(x, [0, width]);
  const bands: MarkerBand[] = [];
  for (const m of markers) {
    const end = m.end ?? to;
    if (!Number.isFinite(m.start) || m.start > to || end < from) continue;
    const left = Math.max(0, toX(Math.max(m.start, from)));
    const right = Math.min(width, toX(Math.min(end, to)));
    const bandWidth = Math.max(MIN_BAND_WIDTH, right - left);
    bands.push({ id: m.id, x: px(Math.min(left, width - bandWidth)), width: px(bandWidth), label: m.label, kind: m.kind, running: m.end === undefined });
  }
  return bands;
}
