// The filter box: every whitespace-separated word must appear (case-insensitively) in one of the row's
// visible fields. Plain substring matching, never a RegExp built from user input.
import type { EventRow } from '../securityEventsProtocol';

/** The lower-cased words of a filter text; empty means "show everything". */
export function filterTerms(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

function searchableText(row: EventRow): string {
  return [row.user, row.source, row.userAgent, row.message, row.path, row.errorType, row.status?.toString()]
    .filter((v): v is string => typeof v === 'string')
    .join('\n')
    .toLowerCase();
}

export function matchesFilter(row: EventRow, terms: readonly string[]): boolean {
  if (terms.length === 0) return true;
  const haystack = searchableText(row);
  return terms.every((t) => haystack.includes(t));
}

export function applyFilter(rows: readonly EventRow[], text: string): EventRow[] {
  const terms = filterTerms(text);
  return terms.length === 0 ? [...rows] : rows.filter((r) => matchesFilter(r, terms));
}
