/**
 * "Generate Lab Report" in a real VS Code: from the palette, pick a range, and the report opens in the Markdown
 * preview. The lab is deliberately unreachable here (its ports point at nothing), so the report must still be
 * written and say plainly what it could not read.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { PageElement, Workbench } from '../harness';
import { findWebviewFrameWithText, openFile, screenshot, Session, waitFor } from '../harness';
import { writeReport } from '../../../src/core/report/writer';
import { hostileModel } from '../../unit/core/report/fixtures';
import { pickQuickItem, startCommand } from '../harness/quickInput';

const COMMAND = 'Monitoring Lab: Generate Lab Report';

describe('Generate Lab Report (code-server + chromium)', function () {
  let session: Session | undefined;
  let wb: Workbench;

  before(async function () {
    // Port 1 refuses at once: Elasticsearch and Prometheus are unreachable without waiting for a timeout.
    session = await Session.start({ settings: { 'monitoringLab.ports.elasticsearch': 1, 'monitoringLab.ports.prometheus': 2 } });
    // A report written from a model full of hostile log values (user names like "](javascript:alert(1))", "<script>",
    // "|", line breaks, backticks), for VS Code's own Markdown preview to render.
    const dir = path.join(session.server.workspace, 'hostile-report');
    await writeReport(hostileModel(), { dir, formats: ['md'], timeZone: 'UTC' });
    // A name of its own, so Quick Open cannot offer the report.md the first test opened.
    fs.copyFileSync(path.join(dir, 'report.md'), path.join(dir, 'hostile-report.md'));
    wb = await session.openWorkbench();
  });

  after(async function () {
    await session?.dispose();
  });

  it('palette → "The last hour" → report.md opens in the Markdown preview, marking the unreachable sources', async function () {
    await startCommand(wb.page, COMMAND);
    const picked = await pickQuickItem(wb.page, 'Generate Lab Report', 'The last hour');
    assert.match(picked, /The last hour/);
    const frame = await findWebviewFrameWithText(wb.page, 'Monitoring Lab — lab report', 90_000);
    const body = (await frame.locator('body').innerText()).replace(/\s+/g, ' ');
    assert.match(body, /Elasticsearch: NOT READ — Elasticsearch at http:\/\/127\.0\.0\.1:1 is unreachable/);
    assert.match(body, /Prometheus: NOT READ/);
    assert.match(body, /1\. Summary/);
    assert.match(body, /Left out on purpose/);
    // Escaped punctuation renders as plain text: no stray backslashes in the preview.
    assert.ok(!body.includes('\\:'), 'backslash escapes are not visible in the preview');
    await screenshot(wb.page, 'lab-report-preview');
  });

  it("VS Code's Markdown preview shows hostile log values as text: no link, no script, tables intact, the SVG charts load", async function () {
    await wb.runCommand('View: Close All Editors');
    await openFile(wb.page, 'hostile-report.md', { language: 'Markdown' });
    await wb.runCommand('Markdown: Open Preview to the Side');
    const frame = await findWebviewFrameWithText(wb.page, 'Password Spraying', 60_000);
    // Only the report's own two deep links are links.
    const hrefs = await frame.locator('.markdown-body a[href]').evaluateAll((as: PageElement[]) => as.map((a) => a.getAttribute('href') ?? ''));
    assert.deepStrictEqual(
      hrefs.filter((h) => !h.startsWith('#')).map((h) => new URL(h).host),
      ['127.0.0.1:5601', '127.0.0.1:3000'],
      JSON.stringify(hrefs),
    );
    // No element from the data: no script in the rendered document, and the only images are the four charts.
    const content = frame.locator('.markdown-body').first();
    assert.strictEqual(await content.locator('script, iframe, object, embed, img[onerror]').count(), 0);
    const srcs = await content.locator('img').evaluateAll((imgs: PageElement[]) => imgs.map((i) => i.getAttribute('src') ?? ''));
    assert.deepStrictEqual(
      srcs.map((src) => /charts\/([\w-]+\.svg)/.exec(src)?.[1]),
      ['failed-logins.svg', 'errors.svg', 'cpu.svg', 'memory.svg'],
      JSON.stringify(srcs),
    );
    const body = await frame.locator('.markdown-body').first().innerText();
    assert.ok(body.includes('<script>alert(1)</script>'), 'the script tag is shown as text');
    assert.ok(body.includes('](javascript:alert(1))'), 'the link syntax is shown as text');
    assert.ok(body.includes('$x^2$ and $$math$$'), 'math delimiters are shown as text, not rendered');
    assert.ok(body.includes('evil@example.com'), 'an address is text');
    // The summary table: a header and one row per run, five cells each.
    const cells = await frame
      .locator('.markdown-body table')
      .first()
      .locator('tr')
      .evaluateAll((rows: PageElement[]) => rows.map((r) => r.children.length));
    assert.deepStrictEqual(cells, [5, 5, 5, 5]);
    // The four charts are relative SVG files the preview loads.
    await waitFor(
      'the four chart images to load',
      async () => {
        const widths = await frame
          .locator('.markdown-body img')
          .evaluateAll((imgs) => imgs.map((i) => (i as unknown as { naturalWidth: number }).naturalWidth));
        return widths.length === 4 && widths.every((w) => w > 0);
      },
      30_000,
      250,
    );
    await screenshot(wb.page, 'lab-report-hostile-preview');
  });
});
