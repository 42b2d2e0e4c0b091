/**
 * "Generate Lab Report" in a real VS Code: from the palette, pick a range, and the report opens in the Markdown
 * preview. The lab is deliberately unreachable here (its ports point at nothing), so the report must still be
 * written and say plainly what it could not read.
 */
import * as assert from 'assert';
import { findWebviewFrameWithText, screenshot, Session, Workbench } from '../harness';
import { pickQuickItem, startCommand } from '../harness/quickInput';

const COMMAND = 'Monitoring Lab: Generate Lab Report';

describe('Generate Lab Report (code-server + chromium)', function () {
  let session: Session | undefined;
  let wb: Workbench;

  before(async function () {
    // Port 1 refuses at once: Elasticsearch and Prometheus are unreachable without waiting for a timeout.
    session = await Session.start({ settings: { 'monitoringLab.ports.elasticsearch': 1, 'monitoringLab.ports.prometheus': 2 } });
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
});
