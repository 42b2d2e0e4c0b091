import * as assert from 'node:assert/strict';
import { contentSecurityPolicy, makeNonce, panelHtml } from '../../../src/vscode/panels/webviewHtml';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

describe('panels: page shell and content security policy', () => {
  const nonce = 'bm9uY2Utbm9uY2Utbm9uY2U=';
  const html = panelHtml({
    panel: 'securityEvents',
    title: 'Security Events',
    cspSource: CSP_SOURCE,
    nonce,
    scriptUri: `${CSP_SOURCE}/ext/dist/webview/securityEvents.js`,
    styleUri: `${CSP_SOURCE}/ext/media/panels.css`,
    chartStyleUri: `${CSP_SOURCE}/ext/dist/webview/uPlot.min.css`,
  });

  it('denies everything by default and allows only nonce scripts and the webview source for styles and images', () => {
    const csp = contentSecurityPolicy(CSP_SOURCE, nonce);
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name!, values]),
    );
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), [`'nonce-${nonce}'`]);
    assert.deepEqual(directives.get('style-src'), [CSP_SOURCE]);
    assert.deepEqual(directives.get('img-src'), [CSP_SOURCE, 'data:']);
    assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval') && !csp.includes('*'), csp);
  });

  it('puts the policy in a meta tag before any resource, and the nonce on the only script', () => {
    const metaAt = html.indexOf('http-equiv="Content-Security-Policy"');
    assert.ok(metaAt > 0 && metaAt < html.indexOf('<link'), 'the CSP meta must come before the stylesheet');
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.ok(scripts[0]!.includes(`nonce="${nonce}"`) && scripts[0]!.includes('src="'), scripts[0]);
    assert.match(html, /<script[^>]*><\/script>/, 'no inline script body');
    assert.doesNotMatch(html, /\sstyle=|<style/, 'no inline styles (style-src has no unsafe-inline)');
  });

  it('loads nothing remote', () => {
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    assert.equal(urls.length, 3);
    for (const url of urls) assert.ok(url.startsWith(CSP_SOURCE), url);
  });

  it("links the charts' stylesheet (uPlot's, a file under the policy) before the panel's, which overrides it", () => {
    const links = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1]!);
    assert.deepEqual(links, [`${CSP_SOURCE}/ext/dist/webview/uPlot.min.css`, `${CSP_SOURCE}/ext/media/panels.css`]);
  });

  it('makes a fresh, unguessable nonce each time', () => {
    const nonces = new Set(Array.from({ length: 50 }, makeNonce));
    assert.equal(nonces.size, 50);
    for (const n of nonces) assert.match(n, /^[A-Za-z0-9+/]{22}==$/);
  });
});
