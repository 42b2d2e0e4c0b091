// The ONE escaping function per output format. Every value that is not the report's own sentence goes through
// one of them — user names, user agents, messages, routes, image names — because log data is written by whoever
// sent the request. Unit-tested with hostile values (test/unit/core/report/escape.test.ts).

/** Control characters and line/paragraph separators: a value stays on one line (one table cell, one list item). */
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * Markdown (CommonMark + GFM, as VS Code's preview renders it): the value is literal text. Every ASCII
 * punctuation character that can start or end markup is backslash-escaped (CommonMark allows that for all ASCII
 * punctuation; only , ; = % $ ? " ' ^ are left, which open nothing), so no value can open a
 * link, an image, emphasis, a code span, raw HTML, an entity or a table cell (`\|`); escaped dots and colons also
 * break up "www.x.y" and "http://" so the preview's linkify cannot turn a value into a link.
 */
export function escapeMarkdown(value: string): string {
  return String(value)
    .replace(LINE_BREAKING, ' ')
    .replace(/[!#&()*+\-./:<>@[\\\]_`{|}~]/g, (c) => `\\${c}`);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Control characters other than tab and line feed (harmless whitespace in HTML, needed inside <pre>). */
const HTML_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]+/g;

/** HTML and SVG (XML) text and attribute values: the five markup characters become entities; control characters a space. */
export function escapeHtml(value: string): string {
  return String(value)
    .replace(HTML_CONTROL, ' ')
    .replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}
