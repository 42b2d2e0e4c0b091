// Document → Markdown (report.md). Charts are relative SVG files (charts/<name>.svg). Every value passes
// escapeMarkdown; the catalogue's own sentences are trusted text. Pure.
import { type Block, type Inline, type RenderOptions, buildDocument } from './document';
import { escapeMarkdown } from './escape';
import type { ReportModel } from './model';
import { type Lang, text } from './strings';

function inline(parts: Inline[], lang: Lang): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return escapeMarkdown(p);
      if ('t' in p) {
        const values = Object.fromEntries(Object.entries(p.v ?? {}).map(([k, v]) => [k, escapeMarkdown(String(v))]));
        return text(lang, p.t, values).replace(/[\r\n]+/g, ' ');
      }
      if ('code' in p) return codeSpan(p.code);
      if ('strong' in p) return `**${inline(p.strong, lang)}**`;
      // Our own deep links only; the URL is percent-encoded by the builder, its label escaped.
      return `[${escapeMarkdown(p.label)}](<${p.link.replace(/[<>\s]/g, (c) => encodeURIComponent(c))}>)`;
    })
    .join('');
}

/** A code span that no backtick inside can close early. */
function codeSpan(value: string): string {
  const flat = value.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${flat} ${fence}`;
}

function fenceFor(body: string): string {
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((r) => r.length));
  return '`'.repeat(longest + 1);
}

export function renderBlocksMarkdown(blocks: Block[], lang: Lang, chartDir = 'charts'): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.k) {
      case 'h':
        out.push(`${'#'.repeat(b.level)} ${inline(b.text, lang)}`);
        break;
      case 'p':
        out.push(inline(b.text, lang));
        break;
      case 'note':
        out.push(`> ${inline(b.text, lang)}`);
        break;
      case 'ul':
        out.push(b.items.map((i) => `- ${inline(i, lang)}`).join('\n'));
        break;
      case 'table': {
        const row = (cells: Inline[][]) => `| ${cells.map((c) => inline(c, lang) || ' ').join(' | ')} |`;
        out.push([row(b.head), `|${b.head.map(() => ' --- ').join('|')}|`, ...b.rows.map(row)].join('\n'));
        break;
      }
      case 'code': {
        const fence = fenceFor(b.text);
        out.push(`${fence}${b.lang}\n${b.text}\n${fence}`);
        break;
      }
      case 'chart':
        out.push(`![${escapeMarkdown(b.title)}](${chartDir}/${encodeURIComponent(b.file)})`);
        break;
    }
  }
  return `${out.join('\n\n')}\n`;
}

export function renderMarkdown(model: ReportModel, options: RenderOptions = {}): string {
  return renderBlocksMarkdown(buildDocument(model, options), model.lang);
}
