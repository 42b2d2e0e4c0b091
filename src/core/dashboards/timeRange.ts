// A time range for deep links: absolute instants, or Grafana/Kibana date math relative to now ("now-15m").
// Both UIs accept the same relative syntax, which is why one type serves both.

export type TimeInstant = Date | RelativeTime;
/** `now`, or `now-<n><unit>` with unit s, m, h, d, w, M or y (the subset both Kibana and Grafana accept). */
export type RelativeTime = string;

export interface TimeRange {
  from: TimeInstant;
  to: TimeInstant;
}

const RELATIVE = /^now(-\d+[smhdwMy])?$/;

/** The last `minutes` minutes up to now. */
export function lastMinutes(minutes: number): TimeRange {
  if (!Number.isInteger(minutes) || minutes <= 0) throw new RangeError(`lastMinutes needs a positive whole number (got ${minutes})`);
  return { from: `now-${minutes}m`, to: 'now' };
}

/** Throws on an invalid instant or an absolute range that ends before it starts. */
export function checkTimeRange(range: TimeRange): void {
  for (const [name, value] of [
    ['from', range.from],
    ['to', range.to],
  ] as const) {
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) throw new RangeError(`time range ${name} is an invalid date`);
    } else if (!RELATIVE.test(value)) {
      throw new RangeError(`time range ${name} "${value}" is neither a date nor relative time like now-15m`);
    }
  }
  if (range.from instanceof Date && range.to instanceof Date && range.to.getTime() < range.from.getTime()) {
    throw new RangeError(`time range ends (${range.to.toISOString()}) before it starts (${range.from.toISOString()})`);
  }
}
