// Axis ticks for charts with labelled axes (the report's SVG charts; usable by the panels). Pure math.
import type { Domain } from './scale';

/** Round steps for a value axis: 1, 2 or 5 × 10^n, giving at most `maxTicks` ticks over the domain. */
export function valueTicks(domain: Domain, maxTicks = 5): number[] {
  const [lo, hi] = domain;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo || maxTicks < 2) return Number.isFinite(lo) ? [lo] : [];
  const raw = (hi - lo) / (maxTicks - 1);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Math.round(v / step) * step);
  return ticks;
}

/** Time steps a reader can count in: seconds to days (ms). */
export const TIME_STEPS_MS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((s) => s * 1000);

/**
 * Ticks on whole multiples of a round time step, at most `maxTicks` over [from, to] (unix ms). `offsetMs` is the
 * time zone's offset from UTC (local = UTC + offset), so steps of an hour or less land on local round times.
 */
export function timeTicks(from: number, to: number, maxTicks = 6, offsetMs = 0): { step: number; ticks: number[] } {
  if (!(to > from) || maxTicks < 1) return { step: 0, ticks: [] };
  const step = TIME_STEPS_MS.find((s) => (to - from) / s <= maxTicks) ?? Math.ceil((to - from) / maxTicks / 86_400_000) * 86_400_000;
  const ticks: number[] = [];
  for (let t = Math.ceil((from + offsetMs) / step) * step - offsetMs; t <= to; t += step) ticks.push(t);
  return { step, ticks };
}
