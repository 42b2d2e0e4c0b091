// A time-series (or per-bucket bar) chart drawn with uPlot from the chart model (src/core/charts): a value axis on
// the model's scale, a time axis, a cursor whose readout names the time and every series' value, drag to zoom with
// a "Reset zoom" button (and Escape), scenario runs as labelled bands, rule thresholds as dashed lines, alert
// moments as markers. Colours are the editor's theme variables, re-read when the theme changes; the chart follows
// its container's width. Labels reach the page as text only (textContent / canvas text), never as markup.
import uPlot from 'uplot';
import type { AlertMoment, ChartBand, ColourRole, SeriesRole, ThresholdLine, ValueUnit, YScale } from '../../../src/core/charts';
import { alignSeries, resolveColour, scaleFor } from '../../../src/core/charts';
import { formatShortClock } from '../../../src/shared/format';
import type { Point } from '../../../src/shared/panelProtocol';
import { h, setChildren } from './dom';
import { fill, text } from './strings';

export interface TimeChartSeries {
  label: string;
  role: SeriesRole;
  points: readonly Point[];
}

export interface TimeChartData {
  /** The window's range, unix ms: the time axis spans it unless zoomed. */
  from: number;
  to: number;
  unit: ValueUnit;
  series: readonly TimeChartSeries[];
  bands?: readonly ChartBand[];
  thresholds?: readonly ThresholdLine[];
  alerts?: readonly AlertMoment[];
  /** Bars only: each point is a bucket starting at its time, this long. */
  bucketMs?: number;
  /** Said instead of the chart when there is nothing to draw. */
  emptyText?: string;
  /** Values the y scale must reach besides the series' (a limit drawn as a line). */
  scaleValues?: ReadonlyArray<number | null>;
}

export interface TimeChartOptions {
  /** Names the chart for assistive technology and the readout ("Host CPU"). */
  title: string;
  height: number;
  kind?: 'line' | 'bars';
  /** Bars: a bucket was clicked (or chosen with Enter). */
  onPick?(from: number, to: number): void;
  /** Words for a bar's count in the readout ("failed logins"). */
  countNoun?: string;
}

type Colours = Record<ColourRole, string>;

const ALL_ROLES: ColourRole[] = [
  'cpu',
  'memory',
  'events',
  'series',
  'threshold',
  'clear',
  'alert',
  'focus',
  'axis',
  'grid',
  'text',
  'background',
  'border',
  'band',
];

/**
 * A scenario kind's band colour: what media/panels.css gives the kind's legend swatch (its `marker-<kind>` rule,
 * which follows the kind's descriptor tone), read from a hidden probe; cached until the theme changes.
 */
const bandColours = new Map<string, string>();
function bandColour(kind: string, fallback: string): string {
  let colour = bandColours.get(kind);
  if (colour === undefined) {
    const swatch = h('span', { class: 'swatch' });
    const probe = h('ul', { class: 'legend', hidden: true, 'aria-hidden': 'true' }, h('li', { class: `legend-item marker-${kind}` }, swatch));
    document.body.append(probe);
    const read = getComputedStyle(swatch).backgroundColor;
    // An unset theme variable leaves the swatch transparent: a band drawn with that would be invisible.
    colour = read && !/^transparent$|^rgba\([^)]*,\s*0\)$/.test(read) ? read : fallback;
    probe.remove();
    bandColours.set(kind, colour);
  }
  return colour;
}

/** The theme's colour for every role, read from the page's CSS variables (VS Code sets them on the root). */
export function readThemeColours(): Colours {
  const style = getComputedStyle(document.documentElement);
  const bodyStyle = getComputedStyle(document.body);
  const lookup = (name: string) => style.getPropertyValue(name) || bodyStyle.getPropertyValue(name);
  return Object.fromEntries(ALL_ROLES.map((role) => [role, resolveColour(role, lookup)])) as Colours;
}

/** One observer for every chart: VS Code switches themes by changing the body's class. */
const themeListeners = new Set<() => void>();
let themeObserver: MutationObserver | undefined;
function onThemeChange(listener: () => void): () => void {
  themeListeners.add(listener);
  if (!themeObserver) {
    themeObserver = new MutationObserver(() => {
      bandColours.clear();
      themeListeners.forEach((l) => l());
    });
    themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  }
  return () => themeListeners.delete(listener);
}

function isHighContrast(): boolean {
  return document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
}

function withAlpha(colour: string, alpha: number): string {
  // Theme variables are #rgb, #rrggbb(aa) or rgb(a)(): draw bands translucent whatever the form.
  const hex = /^#([0-9a-f]{3,8})$/i.exec(colour.trim());
  if (hex) {
    let digits = hex[1]!;
    if (digits.length === 3 || digits.length === 4) digits = [...digits].map((c) => c + c).join('');
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16));
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  const rgb = /^rgba?\(([^)]+)\)$/i.exec(colour.trim());
  if (rgb) {
    const [r, g, b] = rgb[1]!.split(/[ ,/]+/).filter(Boolean);
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  return colour;
}

/**
 * Text drawn on the plot (a band's name, a threshold's label) in the theme's text colour on a box of the chart's
 * background: readable whatever lies under it (a band's tint, grid lines, the series) and in every theme, high
 * contrast included, where a label in its line's colour (orange on white) is too faint. The box gets the theme's
 * contrast border where the theme has one. Returns the box's width.
 */
function drawLabel(ctx: CanvasRenderingContext2D, label: string, x: number, y: number, align: 'left' | 'right', colours: Colours, ratio: number): number {
  const fontSize = parseFloat(ctx.font) || 10 * ratio;
  const pad = 3 * ratio;
  const width = ctx.measureText(label).width + 2 * pad;
  const height = fontSize + 2 * ratio;
  const left = align === 'left' ? x : x - width;
  ctx.fillStyle = withAlpha(colours.background, 0.88);
  ctx.fillRect(left, y, width, height);
  if (isHighContrast()) {
    ctx.strokeStyle = colours.border;
    ctx.lineWidth = ratio;
    ctx.strokeRect(left, y, width, height);
  }
  ctx.fillStyle = colours.text;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillText(label, left + pad, y + ratio);
  return width;
}

/** Time tick labels: hh:mm on minute steps, hh:mm:ss below. */
function timeLabels(splits: number[], stepMs: number): string[] {
  return splits.map((t) => (stepMs >= 60_000 ? formatShortClock(t).slice(0, 5) : formatShortClock(t)));
}

export class TimeChart {
  readonly element: HTMLElement;
  private readonly plotBox: HTMLElement;
  private readonly readout: HTMLElement;
  private readonly resetButton: HTMLButtonElement;
  private readonly notes: HTMLElement;
  private readonly empty: HTMLElement;
  private plot: uPlot | undefined;
  private data: TimeChartData | undefined;
  private scale: YScale;
  private colours: Colours;
  private zoom: { min: number; max: number } | undefined;
  /** True while this code (not the user) moves a scale, so the setScale hook does not take it for a zoom. */
  private programmatic = false;
  private readonly resizeObserver: ResizeObserver;
  private readonly stopTheme: () => void;
  private seriesCount = 0;

  constructor(private readonly options: TimeChartOptions) {
    this.scale = scaleFor('percent', []);
    this.colours = readThemeColours();
    this.plotBox = h('div', {
      class: 'time-chart-plot',
      tabindex: 0,
      role: 'group',
      'aria-label': fill(options.onPick ? text('chartAriaPick') : options.kind === 'bars' ? text('chartAria') : text('chartAriaZoom'), options.title),
    });
    this.readout = h('div', { class: 'time-chart-readout', 'aria-live': 'off' });
    this.resetButton = h('button', { type: 'button', class: 'secondary reset-zoom', hidden: true }, text('resetZoom'));
    this.notes = h('ul', { class: 'time-chart-notes legend', 'aria-label': fill(text('chartNotes'), options.title) });
    this.empty = h('p', { class: 'muted time-chart-empty', hidden: true });
    this.element = h(
      'figure',
      { class: `time-chart time-chart-${options.kind ?? 'line'}`, 'data-chart': options.title },
      h('div', { class: 'time-chart-top' }, this.readout, this.resetButton),
      this.plotBox,
      this.empty,
      this.notes,
    );
    this.resetButton.addEventListener('click', () => this.resetZoom());
    this.plotBox.addEventListener('keydown', (e) => this.onKey(e));
    this.resizeObserver = new ResizeObserver(() => this.fitWidth());
    this.resizeObserver.observe(this.plotBox);
    this.stopTheme = onThemeChange(() => {
      this.colours = readThemeColours();
      // Rebuilt, not only redrawn: line widths differ in high contrast, and uPlot reads them when it is made.
      if (this.plot && this.data) {
        this.create(this.aligned(this.data));
        this.applyScales();
      }
      this.renderReadout();
    });
  }

  get zoomed(): boolean {
    return this.zoom !== undefined;
  }

  update(data: TimeChartData): void {
    const seriesChanged = data.series.length !== this.seriesCount || data.series.some((s, i) => s.label !== this.data?.series[i]?.label);
    const rangeChanged = this.data !== undefined && (this.data.from !== data.from || this.data.to !== data.to);
    this.data = data;
    this.scale = scaleFor(data.unit, [...data.series.flatMap((s) => s.points.map(([, v]) => v)), ...(data.scaleValues ?? [])]);
    if (rangeChanged && this.zoom && (this.zoom.max <= data.from || this.zoom.min >= data.to)) this.zoom = undefined;
    const aligned = this.aligned(data);
    const hasValues = aligned.values.some((col) => col.some((v) => typeof v === 'number'));
    this.empty.hidden = hasValues || !data.emptyText;
    this.empty.textContent = hasValues ? '' : (data.emptyText ?? '');
    if (!this.plot || seriesChanged) this.create(aligned);
    else this.withProgrammatic(() => this.plot!.setData(this.uplotData(aligned), false));
    this.applyScales();
    this.renderNotes();
    this.renderReadout();
    // For tests and tools: the range drawn, how many values it holds and the time of the latest.
    this.element.dataset.from = String(data.from);
    this.element.dataset.to = String(data.to);
    const drawable = aligned.times.filter((_t, i) => aligned.values.some((col) => typeof col[i] === 'number'));
    this.element.dataset.points = String(drawable.length);
    this.element.dataset.last = String(drawable.at(-1) ?? '');
  }

  resetZoom(): void {
    this.zoom = undefined;
    this.applyScales();
    this.renderReadout();
    this.plotBox.focus();
  }

  destroy(): void {
    this.resizeObserver.disconnect();
    this.stopTheme();
    this.plot?.destroy();
    this.plot = undefined;
  }

  // ----- data -----

  private aligned(data: TimeChartData): ReturnType<typeof alignSeries> {
    if (this.options.kind === 'bars' && data.bucketMs) {
      // Bars are centred on their bucket, so the cursor snaps to the bar under the pointer.
      const half = data.bucketMs / 2;
      return alignSeries(data.series.map((s) => s.points.map(([t, v]) => [t + half, v] as Point)));
    }
    return alignSeries(data.series.map((s) => s.points));
  }

  private uplotData(aligned: ReturnType<typeof alignSeries>): uPlot.AlignedData {
    return [aligned.times, ...aligned.values] as unknown as uPlot.AlignedData;
  }

  private withProgrammatic(fn: () => void): void {
    this.programmatic = true;
    try {
      fn();
    } finally {
      this.programmatic = false;
    }
  }

  private applyScales(): void {
    const plot = this.plot;
    const data = this.data;
    if (!plot || !data) return;
    this.withProgrammatic(() => {
      plot.batch(() => {
        plot.setScale('y', { min: this.scale.min, max: this.scale.max });
        plot.setScale('x', this.zoom ?? { min: data.from, max: data.to });
      });
    });
    this.resetButton.hidden = !this.zoom;
    this.element.dataset.zoomed = String(Boolean(this.zoom));
  }

  // ----- uPlot -----

  private create(aligned: ReturnType<typeof alignSeries>): void {
    this.plot?.destroy();
    const data = this.data!;
    this.seriesCount = data.series.length;
    const bars = this.options.kind === 'bars';
    const c = () => this.colours;
    const font = `${Math.max(11, parseFloat(getComputedStyle(document.body).fontSize) - 1 || 12)}px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
    const axisStroke = () => c().axis;
    // High contrast: the grid takes the theme's contrast border, dimmed so it stays behind the series and the
    // threshold lines (at full strength it competes with them, and hides a threshold lying on a grid line).
    const gridStroke = () => (isHighContrast() ? withAlpha(c().border, 0.4) : c().grid);
    const opts: uPlot.Options = {
      width: Math.max(200, this.plotBox.clientWidth || 600),
      height: this.options.height,
      ms: 1,
      legend: { show: false },
      padding: [18, 12, 0, 0],
      scales: {
        x: { time: true, auto: false, min: data.from, max: data.to },
        y: { auto: false, min: this.scale.min, max: this.scale.max },
      },
      axes: [
        {
          stroke: axisStroke,
          font,
          size: 30,
          grid: { stroke: gridStroke, width: 1 },
          ticks: { stroke: gridStroke, width: 1, size: 4 },
          values: (_u, splits, _ai, _space, incr) => timeLabels(splits, incr),
        },
        {
          stroke: axisStroke,
          font,
          size: this.scale.unit === 'bytes' ? 70 : 52,
          grid: { stroke: gridStroke, width: 1 },
          ticks: { stroke: gridStroke, width: 1, size: 4 },
          splits: () => this.scale.ticks.filter((t) => t >= this.scale.min && t <= this.scale.max),
          values: (_u, splits) => splits.map((v) => this.scale.tickLabel(v)),
        },
      ],
      series: [
        {},
        ...data.series.map((s) => ({
          label: s.label,
          stroke: () => c()[s.role],
          fill: bars ? () => c()[s.role] : undefined,
          width: bars ? 0 : isHighContrast() ? 2 : 1.5,
          spanGaps: false,
          points: { show: false },
          ...(bars ? { paths: uPlot.paths.bars!({ size: [0.9, 64], align: 0 }) } : {}),
        })),
      ],
      cursor: {
        y: false,
        drag: bars ? { x: false, y: false, setScale: false } : { x: true, y: false, setScale: true },
        points: { size: 7, stroke: () => c().background, width: 1.5, fill: (_u: uPlot, i: number) => c()[data.series[i - 1]?.role ?? 'series'] ?? c().series },
        bind: {
          // Double-click returns to the window (uPlot's default would auto-range to the data instead).
          dblclick: () => () => {
            this.resetZoom();
            return null;
          },
        },
      },
      hooks: {
        drawClear: [(u) => this.drawBands(u)],
        draw: [(u) => this.drawOverlay(u)],
        setCursor: [() => this.renderReadout()],
        setScale: [
          (u, key) => {
            if (key !== 'x' || this.programmatic || bars) return;
            const { min, max } = u.scales.x;
            if (min === undefined || max === undefined || !(max > min)) return;
            this.zoom = { min, max };
            this.resetButton.hidden = false;
            this.element.dataset.zoomed = 'true';
            this.renderReadout();
          },
        ],
      },
    };
    this.withProgrammatic(() => {
      this.plot = new uPlot(opts, this.uplotData(aligned), this.plotBox);
    });
    if (bars && this.options.onPick) {
      this.plot!.over.addEventListener('click', () => this.pickAtCursor());
    }
  }

  private fitWidth(): void {
    const width = this.plotBox.clientWidth;
    if (!this.plot || width <= 0 || Math.abs(width - this.plot.width) < 1) return;
    this.withProgrammatic(() => this.plot!.setSize({ width, height: this.options.height }));
  }

  // ----- drawing on the canvas -----

  private drawBands(u: uPlot): void {
    const data = this.data;
    if (!data?.bands?.length) return;
    const { ctx, bbox } = u;
    ctx.save();
    for (const band of data.bands) {
      const left = Math.max(bbox.left, u.valToPos(band.from, 'x', true));
      const right = Math.min(bbox.left + bbox.width, u.valToPos(band.to, 'x', true));
      if (right < bbox.left || left > bbox.left + bbox.width) continue;
      const width = Math.max(2 * uPlot.pxRatio, right - left);
      const colour = band.kind === 'focus' ? this.colours.focus : bandColour(band.kind, this.colours.band);
      // High contrast: a stronger tint and solid edges, so a band stays visible on pure black or white.
      const hc = isHighContrast();
      ctx.fillStyle = withAlpha(colour, (band.running ? 0.22 : 0.14) + (hc ? 0.1 : 0));
      ctx.fillRect(left, bbox.top, width, bbox.height);
      ctx.strokeStyle = hc ? colour : withAlpha(colour, 0.6);
      ctx.lineWidth = (hc ? 1.5 : 1) * uPlot.pxRatio;
      ctx.strokeRect(left, bbox.top, width, bbox.height);
    }
    ctx.restore();
  }

  private drawOverlay(u: uPlot): void {
    const data = this.data;
    if (!data) return;
    const { ctx, bbox } = u;
    const ratio = uPlot.pxRatio;
    const fontSize = 10 * ratio;
    ctx.save();
    ctx.font = `${fontSize}px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
    // uPlot leaves its own text settings on the context (its y axis draws right-aligned): set every one used here.
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.beginPath();
    ctx.rect(bbox.left, 0, bbox.width, bbox.top + bbox.height);
    ctx.clip();
    const labels: Array<() => void> = [];
    /** Tops of the threshold labels placed so far (all end at the plot's right edge). */
    const taken: number[] = [];
    // Thresholds: dashed across the plot, labelled at the right end.
    for (const line of data.thresholds ?? []) {
      if (line.value < this.scale.min || line.value > this.scale.max) continue;
      const y = Math.round(u.valToPos(line.value, 'y', true)) + 0.5;
      ctx.strokeStyle = this.colours[line.role];
      ctx.lineWidth = ratio * (line.role === 'threshold' ? 2 : 1.5);
      ctx.setLineDash(line.role === 'threshold' ? [6 * ratio, 4 * ratio] : [2 * ratio, 4 * ratio]);
      ctx.beginPath();
      ctx.moveTo(bbox.left, y);
      ctx.lineTo(bbox.left + bbox.width, y);
      ctx.stroke();
      ctx.setLineDash([]);
      // The label sits just above its line, at the right end; below it when the line is at the top or when the
      // label of a line close above (a clear threshold 5 % under its raise threshold) is already there.
      const labelHeight = fontSize + 2 * ratio;
      const above = y - labelHeight - 2 * ratio;
      const below = y + 2 * ratio;
      const free = (top: number) => top >= bbox.top && taken.every((t) => top + labelHeight <= t || top >= t + labelHeight);
      const labelTop = free(above) ? above : free(below) ? below : above < bbox.top ? below : above;
      taken.push(labelTop);
      labels.push(() => drawLabel(ctx, line.label, bbox.left + bbox.width - 4 * ratio, labelTop, 'right', this.colours, ratio));
    }
    // Alert moments: a solid vertical line with a triangle on top.
    for (const alert of data.alerts ?? []) {
      const x = Math.round(u.valToPos(alert.time, 'x', true)) + 0.5;
      if (x < bbox.left || x > bbox.left + bbox.width) continue;
      ctx.strokeStyle = this.colours.alert;
      ctx.fillStyle = this.colours.alert;
      ctx.lineWidth = 1.5 * ratio;
      ctx.beginPath();
      ctx.moveTo(x, bbox.top);
      ctx.lineTo(x, bbox.top + bbox.height);
      ctx.stroke();
      ctx.beginPath();
      ctx.moveTo(x - 5 * ratio, bbox.top);
      ctx.lineTo(x + 5 * ratio, bbox.top);
      ctx.lineTo(x, bbox.top + 7 * ratio);
      ctx.closePath();
      ctx.fill();
    }
    // Band labels, on lanes so neighbouring runs do not overwrite each other; a label that would run past the
    // plot's right edge (a run near "now") is moved left to fit. Labels last: nothing is drawn over their text.
    for (const band of data.bands ?? []) {
      const left = Math.max(bbox.left, u.valToPos(band.from, 'x', true));
      if (left > bbox.left + bbox.width) continue;
      const width = ctx.measureText(band.label).width + 6 * ratio;
      const x = Math.max(bbox.left, Math.min(left + 2 * ratio, bbox.left + bbox.width - width - 2 * ratio));
      labels.unshift(() => drawLabel(ctx, band.label, x, bbox.top + 2 * ratio + band.lane * (fontSize + 4 * ratio), 'left', this.colours, ratio));
    }
    for (const draw of labels) draw();
    ctx.restore();
  }

  // ----- readout, notes, keyboard -----

  /** The time under the cursor and every series' value there; without a cursor, the latest values. */
  private renderReadout(): void {
    const data = this.data;
    const plot = this.plot;
    if (!data || !plot) return;
    const xs = plot.data[0] as number[];
    const idx = plot.cursor.idx;
    const atCursor = idx !== null && idx !== undefined && xs[idx] !== undefined;
    const parts: Array<Node | string> = [];
    let time: number | undefined;
    const values: Array<number | null | undefined> = [];
    if (atCursor) {
      time = xs[idx];
      data.series.forEach((_s, i) => values.push((plot.data[i + 1] as Array<number | null | undefined>)[idx]));
    } else {
      // Latest drawable value of each series.
      data.series.forEach((_s, i) => {
        const col = plot.data[i + 1] as Array<number | null | undefined>;
        let j = col.length - 1;
        while (j >= 0 && typeof col[j] !== 'number') j--;
        values.push(j >= 0 ? col[j] : undefined);
        if (j >= 0 && (time === undefined || xs[j]! > time)) time = xs[j];
      });
    }
    const bars = this.options.kind === 'bars' && data.bucketMs;
    const timeText =
      time === undefined
        ? '–'
        : bars
          ? `${formatShortClock(time - data.bucketMs! / 2)}–${formatShortClock(time + data.bucketMs! / 2)}`
          : formatShortClock(time);
    parts.push(h('span', { class: 'readout-time' }, atCursor ? timeText : time === undefined ? text('noDataYet') : fill(text('latestAt'), timeText)));
    data.series.forEach((s, i) => {
      const v = values[i];
      const text = bars ? `${v === null || v === undefined ? 0 : Math.round(v)}` : this.scale.format(v);
      const name = bars ? ` ${this.options.countNoun ?? s.label}` : '';
      parts.push(
        h(
          'span',
          { class: `readout-value role-${s.role}`, 'data-series': s.label },
          h('span', { class: 'swatch', 'aria-hidden': 'true' }),
          bars ? '' : `${s.label} `,
          h('strong', {}, text),
          name,
        ),
      );
    });
    if (atCursor && time !== undefined) {
      const during = (data.bands ?? []).filter((b) => b.from <= time! && b.to >= time!).map((b) => b.label);
      if (during.length) parts.push(h('span', { class: 'readout-band muted' }, fill(text('duringRuns'), during.join(', '))));
    }
    setChildren(this.readout, ...parts);
    this.readout.dataset.cursor = String(atCursor);
  }

  private renderNotes(): void {
    const data = this.data!;
    const items: HTMLElement[] = [];
    for (const band of data.bands ?? []) {
      items.push(
        h(
          'li',
          { class: `legend-item band marker-${band.kind}`, 'data-kind': band.kind, 'data-from': band.from, 'data-to': band.to },
          h('span', { class: 'swatch', 'aria-hidden': 'true' }),
          `${band.label} ${formatShortClock(band.from)}–${band.running ? text('legendNow') : formatShortClock(band.to)}`,
        ),
      );
    }
    for (const line of data.thresholds ?? [])
      items.push(h('li', { class: `legend-item threshold role-${line.role}` }, h('span', { class: 'swatch line', 'aria-hidden': 'true' }), line.label));
    for (const alert of data.alerts ?? [])
      items.push(
        h(
          'li',
          { class: 'legend-item alert role-alert', 'data-time': alert.time },
          h('span', { class: 'swatch', 'aria-hidden': 'true' }),
          `${alert.label} ${formatShortClock(alert.time)}`,
        ),
      );
    setChildren(this.notes, ...items);
    this.notes.hidden = items.length === 0;
  }

  private onKey(e: KeyboardEvent): void {
    const plot = this.plot;
    if (!plot) return;
    if (e.key === 'Escape' && this.zoom) {
      e.preventDefault();
      this.resetZoom();
      return;
    }
    if (e.key === 'Enter' && this.options.onPick && this.options.kind === 'bars') {
      e.preventDefault();
      this.pickAtCursor();
      return;
    }
    const xs = plot.data[0] as number[];
    if (xs.length === 0) return;
    const { min = -Infinity, max = Infinity } = plot.scales.x;
    const visible = xs
      .map((t, i) => [t, i] as const)
      .filter(([t]) => t >= min && t <= max)
      .map(([, i]) => i);
    if (visible.length === 0) return;
    const current = plot.cursor.idx ?? undefined;
    let next: number | undefined;
    if (e.key === 'ArrowRight') next = current === undefined ? visible[0] : (visible.find((i) => i > current) ?? visible[visible.length - 1]);
    else if (e.key === 'ArrowLeft')
      next = current === undefined ? visible[visible.length - 1] : ([...visible].reverse().find((i) => i < current) ?? visible[0]);
    else if (e.key === 'Home') next = visible[0];
    else if (e.key === 'End') next = visible[visible.length - 1];
    if (next === undefined) return;
    e.preventDefault();
    const left = plot.valToPos(xs[next]!, 'x');
    plot.setCursor({ left, top: plot.over.clientHeight / 2 });
  }

  private pickAtCursor(): void {
    const plot = this.plot;
    const data = this.data;
    if (!plot || !data?.bucketMs || !this.options.onPick) return;
    const idx = plot.cursor.idx;
    if (idx === null || idx === undefined) return;
    const centre = (plot.data[0] as number[])[idx];
    if (centre === undefined) return;
    const from = centre - data.bucketMs / 2;
    this.options.onPick(from, from + data.bucketMs);
  }
}

export interface WindowPicker {
  element: HTMLElement;
  /** Marks `key` as the window shown (none of the buttons for a window the picker does not offer). */
  select(key: string): void;
}

/** The window picker: real buttons in a labelled group, the chosen one aria-pressed. */
export function createWindowPicker<K extends string>(options: ReadonlyArray<{ key: K; label: string }>, initial: K, onChange: (key: K) => void): WindowPicker {
  const element = h('div', { class: 'window-picker', role: 'group', 'aria-label': text('timeWindow') });
  const buttons = new Map<K, HTMLButtonElement>();
  const select = (key: string) => {
    for (const [k, b] of buttons) b.setAttribute('aria-pressed', String(k === key));
  };
  for (const option of options) {
    const button = h('button', { type: 'button', class: 'secondary', 'data-window': option.key, 'aria-pressed': String(option.key === initial) }, option.label);
    button.addEventListener('click', () => {
      select(option.key);
      onChange(option.key);
    });
    buttons.set(option.key, button);
    element.append(button);
  }
  return { element, select };
}
