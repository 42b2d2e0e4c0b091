// The report's SVG charts: pure functions from numbers to SVG text. Scales, colours, gaps and scenario bands come
// from the one chart model the panels draw with (src/core/charts), so a report and a panel label the same numbers
// the same way; the report stays static SVG (fixed colours by role, no script). Each chart has a title, labelled
// axes with units, time labels, the scenario runs as bands and, for CPU and memory, the rule's threshold. Every
// piece of text goes through escapeHtml (SVG is XML).
import type { YScale } from '../charts';
import { STATIC_COLOURS, countScale, percentScale, scenarioBands, typicalStep, withGaps } from '../charts';
import { timeTicks } from '../../shared/chart/axis';
import { linearScale, px } from '../../shared/chart/scale';
import { sparklinePath } from '../../shared/chart/sparkline';
import type { Point, ScenarioMarker } from '../../shared/panelProtocol';
import { scenarioColour } from '../scenarios/catalog';
import { escapeHtml } from './escape';

const C = STATIC_COLOURS;

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

function frame(f: ChartFrame, scale: YScale, body: string, extra = ''): string {
  const x = linearScale([f.from, f.to], [M.left, M.left + plotW]);
  const y = linearScale([scale.min, scale.max], [M.top + plotH, M.top]);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" role="img" aria-label="${escapeHtml(f.title)}" font-family="sans-serif" font-size="11">`,
  );
  parts.push(`<title>${escapeHtml(f.title)}</title>`);
  parts.push(`<rect x="0" y="0" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="${C.background}"/>`);
  parts.push(`<text x="${M.left}" y="18" font-size="13" font-weight="bold" fill="${C.text}">${escapeHtml(f.title)}</text>`);
  // Scenario bands under everything else; labels of neighbouring runs take turns on the model's lanes.
  for (const band of scenarioBands(f.bands, f.from, f.to)) {
    // A kind's colour is its scenario descriptor's (src/core/scenarios/catalog.ts); an unknown kind gets the neutral band.
    const colour = scenarioColour(band.kind) ?? C.band;
    const left = x(band.from);
    const width = Math.max(2, x(band.to) - left);
    const labelY = M.top + 10 + band.lane * 11;
    parts.push(
      `<rect x="${px(Math.min(left, M.left + plotW - width))}" y="${M.top}" width="${px(width)}" height="${plotH}" fill="${colour}" fill-opacity="0.15" stroke="${colour}" stroke-opacity="0.5"><title>${escapeHtml(band.label)}</title></rect>`,
    );
    parts.push(`<text x="${px(left + 2)}" y="${labelY}" font-size="9" fill="${colour}">${escapeHtml(band.label)}</text>`);
  }
  for (const v of scale.ticks) {
    const yy = px(y(v));
    parts.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${yy}" y2="${yy}" stroke="${C.grid}"/>`);
    parts.push(`<text x="${M.left - 6}" y="${px(yy + 4)}" text-anchor="end" fill="${C.axis}">${escapeHtml(scale.tickLabel(v))}</text>`);
  }
  const { ticks } = timeTicks(f.from, f.to, 7, f.offsetMs ?? 0);
  for (const t of ticks) {
    const xx = px(x(t));
    parts.push(`<line x1="${xx}" x2="${xx}" y1="${M.top + plotH}" y2="${M.top + plotH + 5}" stroke="${C.axis}"/>`);
    parts.push(`<text x="${xx}" y="${M.top + plotH + 17}" text-anchor="middle" fill="${C.axis}">${escapeHtml(f.timeLabel(t))}</text>`);
  }
  parts.push(body);
  parts.push(extra);
  parts.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${M.top + plotH}" y2="${M.top + plotH}" stroke="${C.axis}"/>`);
  parts.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + plotH}" stroke="${C.axis}"/>`);
  parts.push(`<text x="${M.left + plotW / 2}" y="${CHART_HEIGHT - 6}" text-anchor="middle" fill="${C.axis}">${escapeHtml(f.xCaption)}</text>`);
  parts.push(`<text transform="translate(14 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="${C.axis}">${escapeHtml(f.yCaption)}</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}

/** Events per bucket as bars, on the model's count scale (whole-number ticks, a round top). */
export function histogramChart(f: ChartFrame, buckets: ReadonlyArray<{ start: number; count: number }>, bucketMs: number): string {
  const scale = countScale(buckets.map((b) => b.count));
  const x = linearScale([f.from, f.to], [M.left, M.left + plotW]);
  const h = linearScale([0, scale.max], [0, plotH]);
  const body = buckets
    .filter((b) => b.count > 0 && b.start + bucketMs >= f.from && b.start <= f.to)
    .map((b) => {
      const left = x(Math.max(b.start, f.from));
      const right = x(Math.min(b.start + bucketMs, f.to));
      const gap = right - left > 3 ? 1 : 0;
      const height = Math.max(1, h(b.count));
      return `<rect x="${px(left)}" y="${px(M.top + plotH - height)}" width="${px(Math.max(0.5, right - left - gap))}" height="${px(height)}" fill="${C.events}"><title>${escapeHtml(`${f.timeLabel(b.start)}: ${b.count}`)}</title></rect>`;
    })
    .join('\n');
  return frame(f, scale, body);
}

/**
 * A percent series on the model's share scale (0–100 %, stretched above), a missing sample interval drawn as a gap,
 * with the rule's threshold as a dashed line. `role` picks the series colour (CPU or memory).
 */
export function percentChart(
  f: ChartFrame,
  points: ReadonlyArray<[number, number]>,
  threshold: number,
  thresholdLabel: string,
  role: 'cpu' | 'memory' = 'cpu',
): string {
  const scale = percentScale(points.map(([, v]) => v));
  const step = typicalStep(points as Point[]);
  const series = step ? withGaps(points as Point[], step) : (points as Point[]);
  const path = sparklinePath(series, { width: plotW, height: plotH, inset: 0 }, { x: [f.from, f.to], y: [scale.min, scale.max] });
  const body = `<path d="${escapeHtml(path)}" transform="translate(${M.left} ${M.top})" fill="none" stroke="${C[role]}" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round"/>`;
  const ty = px(linearScale([scale.min, scale.max], [M.top + plotH, M.top])(threshold));
  const extra = [
    `<line x1="${M.left}" x2="${M.left + plotW}" y1="${ty}" y2="${ty}" stroke="${C.threshold}" stroke-dasharray="6 4"/>`,
    `<text x="${M.left + plotW - 4}" y="${px(ty - 4)}" text-anchor="end" fill="${C.threshold}">${escapeHtml(thresholdLabel)}</text>`,
  ].join('\n');
  return frame(f, scale, body, extra);
}
