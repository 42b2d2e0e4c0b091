// Document → one self-contained HTML file (report.html): inline SVG, print CSS, no script, and a CSP that
// allows nothing but inline styles and data: images. Every value passes escapeHtml. Pure.
import { type Block, type Inline, type RenderOptions, buildDocument } from './document';
import { escapeHtml } from './escape';
import type { ReportModel } from './model';
import { type Language, messageParts, tIn } from '../l10n/translate';

export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** A sentence of the catalogue, its values filled in: all of it escaped, values as data; `code` in the sentence becomes <code>. */
function sentence(template: string, values: Record<string, string | number>): string {
  return messageParts(template, values)
    .map((p) => ('value' in p ? escapeHtml(p.value) : escapeHtml(p.text).replace(/`([^`]+)`/g, '<code>$1</code>')))
    .join('');
}

function inline(parts: Inline[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return escapeHtml(p);
      if ('t' in p) return sentence(p.t, p.v ?? {});
      if ('code' in p) return `<code>${escapeHtml(p.code)}</code>`;
      if ('strong' in p) return `<strong>${inline(p.strong)}</strong>`;
      return /^https?:\/\//i.test(p.link) ? `<a href="${escapeHtml(p.link)}" rel="noopener noreferrer">${escapeHtml(p.label)}</a>` : escapeHtml(p.label);
    })
    .join('');
}

const STYLE = `
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1b1b; max-width: 900px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.7em; border-bottom: 2px solid #333; } h2 { border-bottom: 1px solid #bbb; margin-top: 1.6em; } h4 { margin: 1em 0 .2em; }
table { border-collapse: collapse; width: 100%; margin: .6em 0; font-size: 13px; } th, td { border: 1px solid #ccc; padding: 4px 6px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: #f0f0f0; } blockquote { border-left: 4px solid #d9534f; margin: .6em 0; padding: .2em .8em; background: #fff5f5; }
pre { background: #f6f8fa; padding: .6em; overflow-x: auto; font-size: 12px; white-space: pre-wrap; overflow-wrap: anywhere; } code { font-size: 12px; }
figure { margin: 1em 0; } svg { max-width: 100%; height: auto; border: 1px solid #ddd; }
@media print { body { max-width: none; margin: 0; font-size: 11px; } h2, h3 { break-after: avoid; } figure, table, pre { break-inside: avoid; } a { color: inherit; } }
`;

export function renderBlocksHtml(blocks: Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.k) {
      case 'h':
        out.push(`<h${b.level}>${inline(b.text)}</h${b.level}>`);
        break;
      case 'p':
        out.push(`<p>${inline(b.text)}</p>`);
        break;
      case 'note':
        out.push(`<blockquote>${inline(b.text)}</blockquote>`);
        break;
      case 'ul':
        out.push(`<ul>${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`);
        break;
      case 'table':
        out.push(
          `<table><thead><tr>${b.head.map((c) => `<th>${inline(c)}</th>`).join('')}</tr></thead><tbody>${b.rows
            .map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`)
            .join('')}</tbody></table>`,
        );
        break;
      case 'code':
        out.push(`<pre><code>${escapeHtml(b.text)}</code></pre>`);
        break;
      case 'chart':
        // The SVG is our own markup, built with escapeHtml for every text in it (charts.ts).
        out.push(`<figure>${b.svg}</figure>`);
        break;
    }
  }
  return out.join('\n');
}

export function renderHtml(model: ReportModel, options: RenderOptions = {}): string {
  const lang: Language = model.lang;
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(tIn(lang, 'Monitoring Lab — lab report'))}</title>
<style>${STYLE}</style>
</head>
<body>
${renderBlocksHtml(buildDocument(model, options))}
</body>
</html>
`;
}
