// The ONE escaping function per output format. Every value that is not the report's own sentence goes through
// one of them — user names, user agents, messages, routes, image names — because log data is written by whoever
// sent the request. Unit-tested with hostile values (test/unit/core/report/escape.test.ts).

/** Control characters and line/paragraph separators: a value stays on one line (one table cell, one list item). */
// eslint-disable-next-line no-control-regex -- matching control characters is this expression's purpose
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * Markdown (CommonMark + GFM, as VS Code's preview renders it, math included): the value is literal text.
 * Backslash-escaped (CommonMark allows it for every ASCII punctuation character):
 * - every character that opens or closes markup: \ ` * _ [ ] < > # + - | ~ & $ { } @ (links and images need an
 *   escaped `[` or `<` to start, so `(`, `)` and `!` are harmless and stay readable);
 * - `.` before a letter or digit and `:` before `/`, which breaks up "www.x.y", "x@y.z" and "http://", so the
 *   preview's linkify cannot turn a value into a link.
 * Line breaks and control characters become a space: a value stays one line, one table cell.
 */
export function escapeMarkdown(value: string): string {
  return String(value)
    .replace(LINE_BREAKING, ' ')
    .replace(/[\\`*_[\]<>#+\-|~&${}@]|\.(?=[A-Za-z0-9])|:(?=\/)/g, (c) => `\\${c}`);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Control characters other than tab and line feed (harmless whitespace in HTML, needed inside <pre>). */
// eslint-disable-next-line no-control-regex -- matching control characters is this expression's purpose
const HTML_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]+/g;

/** HTML and SVG (XML) text and attribute values: the five markup characters become entities; control characters a space. */
export function escapeHtml(value: string): string {
  return String(value)
    .replace(HTML_CONTROL, ' ')
    .replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}
