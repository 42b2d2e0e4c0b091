// The HTML shell of a panel page: a strict content security policy with a per-load nonce, its stylesheets,
// one script, nothing remote, no inline code. Pure (strings in, string out) so the policy is unit-tested.
import { randomBytes } from 'node:crypto';
import type { PanelKind } from '../../shared/panelProtocol';

export interface PanelHtmlOptions {
  panel: PanelKind;
  title: string;
  /** The page's init data (its text, its language): JSON in an attribute, read and validated by the page. */
  init?: { lang: string; strings: Record<string, string> };
  /** Shown until the page's script has drawn it, e.g. "Loading Security Events…". */
  loadingText?: string;
  /** webview.cspSource */
  cspSource: string;
  nonce: string;
  /** webview.asWebviewUri(...) of the script bundle and the stylesheet, as strings. */
  scriptUri: string;
  styleUri: string;
  /** The charts' stylesheet (uPlot's, dist/webview/uPlot.min.css), linked before the panel's so the panel's wins. */
  chartStyleUri?: string;
}

/** 128 random bits, base64: a fresh one per HTML load, so a script injected by data cannot guess it. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Attribute-safe text for the few host-controlled values placed in the shell (never log data). */
function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function panelHtml(o: PanelHtmlOptions): string {
  return `<!DOCTYPE html>
<html lang="${attr(o.init?.lang ?? 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${o.chartStyleUri ? `<link rel="stylesheet" href="${attr(o.chartStyleUri)}">\n` : ''}<link rel="stylesheet" href="${attr(o.styleUri)}">
<title>${attr(o.title)}</title>
</head>
<body data-panel="${attr(o.panel)}" data-init="${attr(JSON.stringify(o.init ?? null))}">
<main id="app" aria-busy="true"><p class="state-text">${attr(o.loadingText ?? o.title)}</p></main>
<script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>
</body>
</html>`;
}
