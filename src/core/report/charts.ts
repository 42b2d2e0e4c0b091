// The report's SVG charts: pure functions from numbers to SVG text, drawn with the panels' chart math
// (src/shared/chart). Each has a title, labelled axes with units, time labels, the scenario runs as bands and,
// for CPU and memory, the rule's threshold. Every piece of text goes through escapeHtml (SVG is XML).
import { timeTicks, valueTicks } from '../../shared/chart/axis';
import { CHART_COLOURS } from '../../shared/chart/colours';
import { histogramBars } from '../../shared/chart/histogram';
import { markerBands } from '../../shared/chart/markers';
import { linearScale, niceCeiling, px } from '../../shared/chart/scale';
import { sparklinePath } from '../../shared/chart/sparkline';
import type { ScenarioMarker } from '../../shared/panelProtocol';
import { scenarioColour } from '../scenarios/catalog';
import { escapeHtml } from './escape';

export const CHART_WIDTH = 820;
export const CHART_HEIGHT = 240;
const M = { left: 56, right: 36, top: 30, bottom: 44 };

export interface ChartFrame {
  title: string;
  /** Unix ms. */
  from: number;
  to: number;
  bands: ScenarioMarker[];
  /** Formats a tick time (the caller's language and time zone). */
  timeLabel(t: number): string;
  /** Axis captions, e.g. "time (UTC)" and "events". */
  xCaption: string;
  yCaption: string;
  /** The zone's offset from UTC at `from`, ms (ticks on local round times). */
  offsetMs?: number;
}

const plotW = CHART_WIDTH - M.left - M.right;
const plotH = CHART_HEIGHT - M.top - M.bottom;

function frame(f: ChartFrame, yMax: number, yTickFormat: (v: number) => string, body: string, extra = ''): string {
  const x = linearScale([f.from, f.to], [M.left, M.left + plotW]);
  const y = linearScale([0, yMax], [M.top + plotH, M.top]);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" role="img" aria-label="${escapeHtml(f.title)}" font-family="sans-serif" font-size="11">`);
  parts.push(`<title>${escapeHtml(f.title)}</title>`);
  parts.push(`<rect x="0" y="0" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="#ffffff"/>`);
  parts.push(`<text x="${M.left}" y="18" font-size="13" font-weight="bold" fill="${CHART_COLOURS.text}">${escapeHtml(f.title)}</text>`);
  // Scenario bands under everything else.
  markerBands(f.bands, [f.from, f.to], plotW).forEach((band, i) => {
    const colour = scenarioColour(band.kind) ?? CHART_COLOURS.fallbackBand;
    // Labels of neighbouring runs take turns on three lines, so short runs close together stay readable.
    const labelY = M.top + 10 + (i % 3) * 11;
    parts.push(`<rect x="${px(M.left + band.x)}" y="${M.top}" width="${band.width}" height="${plotH}" fill="${colour}" fill-opacity="0.15" stroke="${colour}" stroke-opacity="0.5"><title>${escapeHtml(band.label)}</title></rect>`);
    parts.push(`<text x="${px(M.left + band.x + 2)}" y="${labelY}" font-size="9" fill="${colour}">${escapeHtml(band.label)}</text>`);
  });
  // Six ticks fit every 1/2/5 × 10^n top exactly, so the axis always ends on a labelled tick.
  for (const v of valueTicks([0, yMax], 6)) {
    const label = yTickFormat(v);
    if (!label) continue;
    const yy = px(y(v));
    parts.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${yy}" y2="${yy}" stroke="${CHART_COLOURS.grid}"/>`);
    parts.push(`<text x="${M.left - 6}" y="${px(yy + 4)}" text-anchor="end" fill="${CHART_COLOURS.axis}">${escapeHtml(label)}</text>`);
  }
  const { ticks } = timeTicks(f.from, f.to, 7, f.offsetMs ?? 0);
  for (const t of ticks) {
    const xx = px(x(t));
    parts.push(`<line x1="${xx}" x2="${xx}" y1="${M.top + plotH}" y2="${M.top + plotH + 5}" stroke="${CHART_COLOURS.axis}"/>`);
    parts.push(`<text x="${xx}" y="${M.top + plotH + 17}" text-anchor="middle" fill="${CHART_COLOURS.axis}">${escapeHtml(f.timeLabel(t))}</text>`);
  }
  parts.push(body);
  parts.push(extra);
  parts.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${M.top + plotH}" y2="${M.top + plotH}" stroke="${CHART_COLOURS.axis}"/>`);
  parts.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + plotH}" stroke="${CHART_COLOURS.axis}"/>`);
  parts.push(`<text x="${M.left + plotW / 2}" y="${CHART_HEIGHT - 6}" text-anchor="middle" fill="${CHART_COLOURS.axis}">${escapeHtml(f.xCaption)}</text>`);
  parts.push(`<text transform="translate(14 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="${CHART_COLOURS.axis}">${escapeHtml(f.yCaption)}</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}

/** Events per bucket as bars. */
export function histogramChart(f: ChartFrame, buckets: ReadonlyArray<{ start: number; count: number }>, bucketMs: number): string {
  const counts = buckets.map((b) => b.count);
  const first = buckets[0]?.start ?? f.from;
  const layout = histogramBars(counts, first, bucketMs, { width: plotW, height: plotH, inset: 0 }, [f.from, f.to]);
  const body = layout.bars
    .map((b) => `<rect x="${px(M.left + b.x)}" y="${px(M.top + b.y)}" width="${b.width}" height="${b.height}" fill="${CHART_COLOURS.bars}"><title>${escapeHtml(`${f.timeLabel(b.start)}: ${b.count}`)}</title></rect>`)
    .join('\n');
  // Counts are whole numbers: fractional ticks of a small axis (0.2, 0.4…) stay unlabelled.
  return frame(f, layout.yMax, (v) => (Number.isInteger(v) ? String(v) : ''), body);
}

/** A percent series (0..100, stretched if above) with the rule's threshold as a dashed line. */
export function percentChart(f: ChartFrame, points: ReadonlyArray<[number, number]>, threshold: number, thresholdLabel: string): string {
  const max = Math.max(100, ...points.map(([, v]) => (Number.isFinite(v) ? v : 0)));
  const yMax = max > 100 ? niceCeiling(max) : 100;
  const path = sparklinePath(points as Array<[number, number]>, { width: plotW, height: plotH, inset: 0 }, { x: [f.from, f.to], y: [0, yMax] });
  const body = `<path d="${escapeHtml(path)}" transform="translate(${M.left} ${M.top})" fill="none" stroke="${CHART_COLOURS.series}" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round"/>`;
  const ty = px(linearScale([0, yMax], [M.top + plotH, M.top])(threshold));
  const extra = [
    `<line x1="${M.left}" x2="${M.left + plotW}" y1="${ty}" y2="${ty}" stroke="${CHART_COLOURS.threshold}" stroke-dasharray="6 4"/>`,
    `<text x="${M.left + plotW - 4}" y="${px(ty - 4)}" text-anchor="end" fill="${CHART_COLOURS.threshold}">${escapeHtml(thresholdLabel)}</text>`,
  ].join('\n');
  return frame(f, yMax, (v) => `${v} %`, body, extra);
}
