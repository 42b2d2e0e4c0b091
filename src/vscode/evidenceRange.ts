// The time range a "show me" command is opened on (Show Evidence passes the alert's; a panel may pass its own).
// Pure: no 'vscode', so it is unit-tested in plain node.

export interface EvidenceRange {
  from: number;
  to: number;
}

/** {from, to} (unix ms, from < to, both finite) out of a command argument; anything else is no range. */
export function parseEvidenceRange(arg: unknown): EvidenceRange | undefined {
  const r = arg as Partial<EvidenceRange> | null | undefined;
  if (typeof r !== 'object' || r === null) return undefined;
  const { from, to } = r;
  return typeof from === 'number' && typeof to === 'number' && Number.isFinite(from) && Number.isFinite(to) && from < to ? { from, to } : undefined;
}

/** The longest look-back a panel opens on: Prometheus keeps a day or so of a lab, and 90 points still read. */
export const MAX_WINDOW_MS = 24 * 3_600_000;

/**
 * The window (ending now) a live chart needs to show `range`, with a minute before it: at least `minimumMs` (the
 * panel's usual window), at most MAX_WINDOW_MS. Undefined when the usual window already shows it.
 */
export function windowCovering(range: EvidenceRange | undefined, now: number, minimumMs: number): number | undefined {
  if (!range) return undefined;
  const needed = now - range.from + 60_000;
  return needed <= minimumMs ? undefined : Math.min(needed, MAX_WINDOW_MS);
}
