// Document → Markdown (report.md). Charts are relative SVG files (charts/<name>.svg). Every value passes
// escapeMarkdown; the catalogue's own sentences are trusted text. Pure.
import { type Block, type Inline, type RenderOptions, buildDocument } from './document';
import { escapeMarkdown } from './escape';
import type { ReportModel } from './model';
import { messageParts } from '../l10n/translate';

/** A sentence of the catalogue (trusted text, on one line), its values filled in escaped. */
function sentence(template: string, values: Record<string, string | number>): string {
  return messageParts(template, values)
    .map((p) => ('value' in p ? escapeMarkdown(p.value) : p.text.replace(/[\r\n]+/g, ' ')))
    .join('');
}

function inline(parts: Inline[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return escapeMarkdown(p);
      if ('t' in p) return sentence(p.t, p.v ?? {});
      if ('code' in p) return codeSpan(p.code);
      if ('strong' in p) return `**${inline(p.strong)}**`;
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

export function renderBlocksMarkdown(blocks: Block[], chartDir = 'charts'): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.k) {
      case 'h':
        out.push(`${'#'.repeat(b.level)} ${inline(b.text)}`);
        break;
      case 'p':
        out.push(inline(b.text));
        break;
      case 'note':
        out.push(`> ${inline(b.text)}`);
        break;
      case 'ul':
        out.push(b.items.map((i) => `- ${inline(i)}`).join('\n'));
        break;
      case 'table': {
        const row = (cells: Inline[][]) => `| ${cells.map((c) => inline(c) || ' ').join(' | ')} |`;
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
  return renderBlocksMarkdown(buildDocument(model, options));
}
