/**
 * Self-tests of harness helpers that later UI tests rely on, against built-in VS Code features:
 * runCommand() by palette title, Quick Open, and findWebviewFrame() on a real webview (the Markdown preview,
 * whose content sits in an iframe nested in the workbench's webview iframe).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Workbench } from '../harness';
import { findWebviewFrameWithText, isNestedFrame, openFile, Session, waitFor } from '../harness';

describe('e2e harness helpers (built-in features)', function () {
  let session: Session | undefined;
  let wb: Workbench;

  before(async function () {
    session = await Session.start();
    fs.writeFileSync(path.join(session.server.workspace, 'notes.md'), '# Harness check\n\nThe preview renders **this sentence**.\n');
    wb = await session.openWorkbench({ extensionDevelopmentPath: null });
  });

  after(async function () {
    await session?.dispose();
  });

  it('runCommand() runs a command by its palette title', async function () {
    const sidebar = wb.page.locator('.part.sidebar').first();
    const initial = await sidebar.isVisible();
    // The command runs after the palette closes: wait for its effect rather than reading at once.
    await wb.runCommand('View: Toggle Primary Side Bar Visibility');
    await waitFor('the side bar to toggle', async () => (await sidebar.isVisible()) !== initial, 10_000, 100);
    await wb.runCommand('View: Toggle Primary Side Bar Visibility');
    await waitFor('the side bar to toggle back', async () => (await sidebar.isVisible()) === initial, 10_000, 100);
  });

  it('findWebviewFrame() finds webview content in nested iframes (Markdown preview)', async function () {
    await openFile(wb.page, 'notes.md', { language: 'Markdown' });
    await wb.runCommand('Markdown: Open Preview to the Side');
    const frame = await findWebviewFrameWithText(wb.page, 'The preview renders', 30_000);
    assert.ok(isNestedFrame(wb.page, frame), 'webview content should be in a nested iframe');
    assert.strictEqual((await frame.locator('strong').first().innerText()).trim(), 'this sentence');
    const viaWorkbench = await wb.findWebviewFrame(async (f) => (await f.locator('h1', { hasText: 'Harness check' }).count()) > 0);
    assert.strictEqual(viaWorkbench, frame);
  });
});
