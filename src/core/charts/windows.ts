// Time windows of the time-series charts (System Metrics; the report uses the same rule for its range): the fixed
// look-backs a user picks from, "this scenario run", the rule that a lab younger than the window starts the axis at
// its first sample (no empty strip left of the data), and the query step that gives a readable number of points.
// Pure: no DOM, no editor, no Node.

export type ChartWindowKey = '5m' | '15m' | '1h' | 'run';

export interface ChartWindowOption {
  key: ChartWindowKey;
  /** The look-back of a fixed window; "run" has none (it follows the run). */
  ms?: number;
}

export const CHART_WINDOWS: readonly ChartWindowOption[] = [
  { key: '5m', ms: 5 * 60_000 },
  { key: '15m', ms: 15 * 60_000 },
  { key: '1h', ms: 60 * 60_000 },
  { key: 'run' },
];

export const DEFAULT_CHART_WINDOW: Exclude<ChartWindowKey, 'run'> = '15m';

/** The longest window: how much history a host keeps or asks for at most. */
export const LONGEST_WINDOW_MS = 60 * 60_000;

export function isChartWindowKey(value: unknown): value is ChartWindowKey {
  return CHART_WINDOWS.some((w) => w.key === value);
}

/** A scenario run as the window logic needs it (ScenarioMarker fits). */
export interface RunSpan {
  id?: string;
  start: number;
  /** Absent while the run is still going. */
  end?: number;
}

export interface WindowContext {
  /** Unix ms. */
  now: number;
  /** The first sample the lab has (unix ms), if known: a younger lab starts its axis there. */
  firstSample?: number;
  /** Scenario runs known to the chart, any order. */
  runs?: readonly RunSpan[];
}

export interface TimeRange {
  /** Unix ms. */
  from: number;
  to: number;
  /** The axis starts at the first sample because the lab is younger than the window. */
  startsAtFirstSample: boolean;
  /** "run" chosen but there is no run: the default window is shown instead (say so). */
  noRun?: boolean;
  /** The run the range was made around ("run" window). */
  run?: RunSpan;
}

/**
 * Room left of and right of a run in the "run" window, so "before" and "after" are visible too: a quarter of the
 * run, at least 10 s (two scrapes), so a short run still fills half the chart or more.
 */
export function runMargin(durationMs: number): number {
  return Math.max(10_000, Math.round(durationMs * 0.25));
}

/** The run "this scenario run" means: the one still running (latest started), else the latest started. */
export function currentRun(runs: readonly RunSpan[], now: number): RunSpan | undefined {
  const valid = runs.filter((r) => Number.isFinite(r.start) && r.start <= now);
  const running = valid.filter((r) => r.end === undefined).sort((a, b) => b.start - a.start)[0];
  return running ?? [...valid].sort((a, b) => b.start - a.start)[0];
}

/**
 * The time range a window shows at `now`. A fixed window ends now; a lab younger than it (first sample after the
 * window's start) starts the axis at its first sample. "run" is the current run with a margin either side, never
 * past now; without a run it falls back to the default window, flagged `noRun`.
 */
export function resolveWindow(key: ChartWindowKey, ctx: WindowContext): TimeRange {
  const { now } = ctx;
  let from: number;
  let to = now;
  let run: RunSpan | undefined;
  let noRun = false;
  if (key === 'run') {
    run = currentRun(ctx.runs ?? [], now);
    if (run) {
      const end = Math.min(run.end ?? now, now);
      const margin = runMargin(end - run.start);
      from = run.start - margin;
      to = Math.min(now, end + margin);
    } else {
      noRun = true;
      from = now - windowMs(DEFAULT_CHART_WINDOW);
    }
  } else {
    from = now - windowMs(key);
  }
  let startsAtFirstSample = false;
  if (ctx.firstSample !== undefined && Number.isFinite(ctx.firstSample) && ctx.firstSample > from && ctx.firstSample < to) {
    from = ctx.firstSample;
    startsAtFirstSample = true;
  }
  const range: TimeRange = { from, to, startsAtFirstSample };
  if (noRun) range.noRun = true;
  if (run) range.run = run;
  return range;
}

export function windowMs(key: Exclude<ChartWindowKey, 'run'>): number {
  return CHART_WINDOWS.find((w) => w.key === key)?.ms ?? 15 * 60_000;
}

/** Points a time-series chart aims for: enough for a smooth line at 1400 px, few enough to send every poll. */
export const TARGET_POINTS = 450;
export const MIN_POINTS = 300;
export const MAX_POINTS = 600;

/**
 * Whole seconds between points for a range: span / TARGET_POINTS, never below the scrape interval (a finer step
 * only repeats samples), and never so coarse that fewer than MIN_POINTS remain when the scrape interval allows more.
 */
export function stepSecondsFor(spanMs: number, scrapeIntervalSeconds: number, targetPoints = TARGET_POINTS): number {
  if (!(spanMs > 0)) throw new RangeError(`span must be positive, got ${spanMs}`);
  const scrape = Math.max(1, Math.ceil(scrapeIntervalSeconds));
  const spanSeconds = spanMs / 1000;
  let step = Math.max(scrape, Math.round(spanSeconds / targetPoints));
  // Rounding can overshoot the range of readable point counts: nudge back inside it when the scrape allows.
  while (step > scrape && spanSeconds / step < MIN_POINTS) step--;
  while (spanSeconds / step > MAX_POINTS) step++;
  return step;
}
