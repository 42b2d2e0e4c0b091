// The panel's bounded memory of event rows: newest first, each id once, at most `capacity` rows.
// Host and webview both keep one, so a reloaded page gets a snapshot and neither side grows without bound.
import type { EventRow } from '../securityEventsProtocol';

export const DEFAULT_ROW_CAPACITY = 500;

export class RowBuffer {
  /** Newest first. */
  private rows: EventRow[] = [];
  private readonly ids = new Set<string>();

  constructor(readonly capacity = DEFAULT_ROW_CAPACITY) {
    if (!(capacity >= 1) || !Number.isInteger(capacity)) throw new RangeError(`capacity must be a whole number ≥ 1, got ${capacity}`);
  }

  get size(): number {
    return this.rows.length;
  }

  /**
   * Adds rows in any order; rows already held (same id) are ignored. Returns how many were new.
   * When full, the oldest rows are dropped, even if they were just added (a late, old page).
   */
  add(incoming: readonly EventRow[]): number {
    // Ids inside one batch can repeat too (overlapping pages): keep the first.
    const seen = new Set(this.ids);
    const unique: EventRow[] = [];
    for (const r of incoming) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      unique.push(r);
    }
    if (unique.length === 0) return 0;
    const merged = [...unique, ...this.rows].sort(newestFirst);
    const kept = merged.slice(0, this.capacity);
    this.rows = kept;
    this.ids.clear();
    for (const r of kept) this.ids.add(r.id);
    return unique.filter((r) => this.ids.has(r.id)).length;
  }

  clear(): void {
    this.rows = [];
    this.ids.clear();
  }

  /** A copy, newest first. */
  snapshot(): EventRow[] {
    return [...this.rows];
  }
}

/** Time descending; equal times by id descending, so the order is stable across both sides. */
export function newestFirst(a: EventRow, b: EventRow): number {
  if (a.time !== b.time) return b.time - a.time;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
