// Time ranges people ask reports for: typed times and "the last run of each scenario". Pure (the editor's quick
// pick and input boxes use them; unit-tested here).
import type { ScenarioRecord } from '../scenarios/records';

export interface ReportRange {
  /** Unix ms. */
  from: number;
  to: number;
}

const BASELINE = 120_000;

/** "2026-11-29 14:05", "2026-11-29T14:05:00Z", "14:05" (today) → unix ms in local time unless a zone is given. */
export function parseUserTime(text: string, now = Date.now()): number | undefined {
  const t = text.trim();
  if (/^\d{1,2}:\d{2}(:\d{2})?$/.test(t)) {
    const [h, m, s] = t.split(':').map(Number);
    if (h! > 23 || m! > 59 || (s ?? 0) > 59) return undefined;
    const d = new Date(now);
    d.setHours(h!, m!, s ?? 0, 0);
    return d.getTime();
  }
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(t)) return undefined;
  const ms = Date.parse(t.replace(' ', 'T'));
  return Number.isFinite(ms) ? ms : undefined;
}

/** The range covering the newest run of each scenario kind, with the baseline before and a minute after. */
export function lastRunsRange(records: readonly ScenarioRecord[], now: number): ReportRange | undefined {
  const newest = new Map<string, ScenarioRecord>();
  for (const r of records) if (!newest.has(r.kind) || newest.get(r.kind)!.startedAt < r.startedAt) newest.set(r.kind, r);
  const runs = [...newest.values()];
  if (!runs.length) return undefined;
  return { from: Math.min(...runs.map((r) => r.startedAt)) - BASELINE, to: Math.min(now, Math.max(...runs.map((r) => r.endedAt ?? now)) + 60_000) };
}
