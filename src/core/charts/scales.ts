// Value axes of the charts: 0–100 % for a share (CPU, memory), binary units for bytes, whole numbers for counts.
// Each scale says where the axis ends, where its ticks are and how a value reads, so the panels' uPlot charts and
// the report's SVG charts label the same numbers the same way.
import { formatBytes, formatPercent } from '../../shared/format';

export type ValueUnit = 'percent' | 'bytes' | 'count';

export interface YScale {
  unit: ValueUnit;
  min: number;
  max: number;
  ticks: number[];
  /** The value as a cursor readout ("42.5 %" reads "43 %", "–" for none). */
  format(value: number | null | undefined): string;
  /** A tick's label: round numbers stay round ("0 %", "20 %", "512 MiB"). */
  tickLabel(value: number): string;
}

function finiteMax(values: Iterable<number | null | undefined>): number {
  let max = -Infinity;
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v) && v > max) max = v;
  return max;
}

/** The smallest 1, 2 or 5 × 10^n at or above `value` (at least `floor`). */
export function niceStep(value: number, floor = 1): number {
  if (!(value > floor)) return floor;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * magnitude >= value) return m * magnitude;
  return 10 * magnitude;
}

function evenTicks(max: number, step: number): number[] {
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks;
}

/**
 * A share in percent: 0–100, ticks every 20. A value above 100 (a container's CPU on several cores) stretches the
 * axis to the next multiple of 50, so the peak is never cut off.
 */
export function percentScale(values: Iterable<number | null | undefined> = []): YScale {
  const top = finiteMax(values);
  const max = top > 100 ? Math.ceil(top / 50) * 50 : 100;
  const step = max <= 100 ? 20 : niceStep(max / 5, 10);
  return {
    unit: 'percent',
    min: 0,
    max,
    ticks: evenTicks(max, step),
    format: (v) => (v === null || v === undefined ? '–' : formatPercent(v)),
    tickLabel: (v) => `${v} %`,
  };
}

const KIB = 1024;

/**
 * Bytes on binary units: the step is a power of two of the unit that fits (…, 256 MiB, 512 MiB, 1 GiB, 2 GiB…),
 * about five ticks, and the axis ends on a tick; labels read "512 MiB", "1.5 GiB" (formatBytes).
 */
export function bytesScale(values: Iterable<number | null | undefined> = []): YScale {
  const top = Math.max(finiteMax(values), 0);
  const format = (v: number | null | undefined) => (v === null || v === undefined ? '–' : formatBytes(v));
  if (top === 0) return { unit: 'bytes', min: 0, max: KIB, ticks: [0, KIB], format, tickLabel: formatBytes };
  // Powers of two: 1, 2, 4 … bytes; pick the smallest step with at most 5 intervals under the top.
  let step = 1;
  while (top / step > 5) step *= 2;
  const max = Math.ceil(top / step) * step;
  return { unit: 'bytes', min: 0, max, ticks: evenTicks(max, step), format, tickLabel: formatBytes };
}

/** Whole counts (events per bucket): the axis ends on 1, 2 or 5 × 10^n, ticks on whole numbers only. */
export function countScale(values: Iterable<number | null | undefined> = []): YScale {
  const top = Math.max(finiteMax(values), 0);
  const max = niceStep(top, 1);
  const step = Math.max(1, niceStep(max / 5, 1));
  const ticks = evenTicks(max, step).filter((t) => Number.isInteger(t));
  return { unit: 'count', min: 0, max, ticks, format: (v) => (v === null || v === undefined ? '–' : String(Math.round(v))), tickLabel: (v) => String(v) };
}

export function scaleFor(unit: ValueUnit, values: Iterable<number | null | undefined>): YScale {
  return unit === 'percent' ? percentScale(values) : unit === 'bytes' ? bytesScale(values) : countScale(values);
}
