// The page's text: a table of sentences from the host, in the user's language (src/vscode/panels/pageStrings.ts),
// delivered with the page (the shell's data-init, see PageInit in src/shared/panelProtocol.ts). The page has no
// sentences of its own; numbers go into the sentences' {0}-style placeholders. Everything is shown as text.
import type { CommonStringKey, ParseResult, PageInit } from '../../../src/shared/panelProtocol';

let table: Record<string, string> = {};

/**
 * Reads and checks the init data once, before the page draws anything. A table that does not check (a host and a
 * page from different builds) leaves the keys themselves showing, and says why in the developer tools.
 */
export function loadStrings<K extends string>(parse: (raw: unknown) => ParseResult<PageInit<K>>, keys: readonly K[]): Record<K, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(document.body.dataset.init ?? 'null');
  } catch {
    raw = undefined;
  }
  const parsed = parse(raw);
  if (parsed.ok) {
    table = parsed.message.strings;
    document.documentElement.lang = parsed.message.lang;
  } else {
    console.warn(`Monitoring Lab: the page's text did not arrive (${parsed.reason})`);
    table = Object.fromEntries(keys.map((k) => [k, k]));
  }
  return table as Record<K, string>;
}

/** A sentence of the parts every page shares. */
export function text(key: CommonStringKey): string {
  return table[key] ?? key;
}

/** A sentence of the page's own table, for modules that are not handed the table (e.g. column headings). */
export function pageText<K extends string>(key: K): string {
  return table[key] ?? key;
}

/** Fills {0}, {1}… with the arguments (as text). */
export function fill(sentence: string, ...args: Array<string | number>): string {
  return sentence.replace(/\{(\d+)\}/g, (match, i: string) => (args[Number(i)] === undefined ? match : String(args[Number(i)])));
}
