// The panels' text comes from the host: a table built with t() in the current language, embedded in the page shell
// and checked by the page against its protocol's list of sentences.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { useLanguage } from '../../../src/core/l10n';
import { securityEventsInit, systemMetricsInit } from '../../../src/vscode/panels/pageStrings';
import { panelHtml } from '../../../src/vscode/panels/webviewHtml';
import { SECURITY_EVENTS_STRING_KEYS, parseSecurityEventsInit } from '../../../src/shared/securityEventsProtocol';
import { parseSystemMetricsInit } from '../../../src/shared/systemMetricsProtocol';

const L10N = path.resolve(__dirname, '../../../../l10n');

/** The data-init attribute of a shell, decoded as a browser would. */
function initOf(html: string): unknown {
  const value = /data-init="([^"]*)"/.exec(html)?.[1] ?? '';
  return JSON.parse(
    value
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
  );
}

function shell(init: { lang: string; strings: Record<string, string> }): string {
  return panelHtml({ panel: 'securityEvents', title: 'T', init, loadingText: 'L', cspSource: 'csp', nonce: 'n', scriptUri: 'csp/s.js', styleUri: 'csp/s.css' });
}

describe("panels: the pages' text from the host", () => {
  afterEach(() => useLanguage('en'));

  it("the host's tables are exactly what the pages accept, in English and in Indonesian", () => {
    for (const lang of ['en', 'id'] as const) {
      useLanguage(lang, L10N);
      const security = parseSecurityEventsInit(securityEventsInit());
      const metrics = parseSystemMetricsInit(systemMetricsInit());
      assert.ok(security.ok, security.ok ? '' : security.reason);
      assert.ok(metrics.ok, metrics.ok ? '' : metrics.reason);
    }
  });

  it('Indonesian: the pages get Indonesian sentences and the id-ID tag; English by default', () => {
    useLanguage('id', L10N);
    const id = securityEventsInit();
    assert.equal(id.lang, 'id-ID');
    assert.equal(id.strings.title, 'Peristiwa Keamanan');
    assert.equal(id.strings.tabFailedLogins, 'Login gagal');
    assert.equal(systemMetricsInit().strings.containersHeading, 'Kontainer');
    useLanguage('en');
    assert.equal(securityEventsInit().strings.title, 'Security Events');
    assert.equal(securityEventsInit().lang, 'en-US');
  });

  it('a page rejects a table with a sentence missing or one it does not know', () => {
    const { lang, strings } = securityEventsInit();
    const { pause: _dropped, ...missing } = strings;
    assert.equal(parseSecurityEventsInit({ lang, strings: missing }).ok, false);
    assert.equal(parseSecurityEventsInit({ lang, strings: { ...strings, extra: 'x' } }).ok, false);
    assert.equal(parseSecurityEventsInit({ lang, strings: { ...strings, pause: 3 } }).ok, false);
    assert.equal(SECURITY_EVENTS_STRING_KEYS.length, Object.keys(strings).length);
  });

  it('the shell carries the table as an attribute that cannot break out of it, and sets <html lang>', () => {
    const init = { ...securityEventsInit(), lang: 'id-ID' };
    init.strings = { ...init.strings, title: '"><script>alert(1)</script>&' };
    const html = shell(init);
    assert.match(html, /<html lang="id-ID">/);
    assert.doesNotMatch(html, /<script>alert/);
    assert.deepEqual(initOf(html), init);
  });
});
