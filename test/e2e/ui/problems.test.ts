/**
 * What the user sees when the lab cannot work, in a real VS Code (code-server + chromium), without any lab:
 * no Docker engine at DOCKER_HOST (a socket that does not exist), and a setting with an invalid value.
 * Light: no containers are made; each case is one code-server session.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Workbench } from '../harness';
import {
  checkedScreenshot,
  log,
  NOTIFICATION_KEYBINDINGS,
  openViewContainer,
  recordToasts,
  runCommand,
  screenshot,
  Session,
  setNotificationCenter,
  viewMessage,
  treeRowTexts,
  viewPane,
  waitFor,
  waitForToast,
} from '../harness';
import { CONTAINER_TITLE, START_COMMAND_TITLE, STACK_VIEW } from './constants';

/** The Stack view's header (title and description, e.g. "engine unreachable"). */
async function stackHeader(wb: Workbench): Promise<string> {
  return (await viewPane(wb.page, STACK_VIEW).locator('.pane-header').innerText()).replace(/\s+/g, ' ').trim();
}

/** Runs Start from the palette and returns the error message it ends with (from the notification center). */
async function startAndReadError(wb: Workbench, pattern: RegExp): Promise<string> {
  await recordToasts(wb.page);
  await runCommand(wb.page, START_COMMAND_TITLE, 30_000);
  await setNotificationCenter(wb.page, true);
  try {
    return (await waitForToast(wb.page, `the Start error message matching ${String(pattern)}`, (t) => pattern.test(t.text), 30_000)).text;
  } finally {
    await setNotificationCenter(wb.page, false).catch(() => undefined);
  }
}

describe('Monitoring Lab when it cannot work: no engine, an invalid setting (no lab)', function () {
  this.timeout(180_000);
  let session: Session | undefined;
  let wb: Workbench | undefined;

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await screenshot(wb.page, `problems-failure-${this.currentTest.title.slice(0, 30)}`).catch(() => undefined);
    await session?.dispose();
    session = undefined;
    wb = undefined;
  });

  it('DOCKER_HOST at a socket that does not exist: the Stack view names the missing socket and offers Retry; Start says why', async function () {
    const socket = path.join(os.tmpdir(), `mlab-e2e-none-${process.pid}.sock`);
    assert.ok(!fs.existsSync(socket), `${socket} exists`);
    session = await Session.start({ env: { DOCKER_HOST: `unix://${socket}` }, keybindings: NOTIFICATION_KEYBINDINGS });
    wb = await session.openWorkbench();
    await openViewContainer(wb.page, CONTAINER_TITLE);
    const message = await waitFor(
      'the Stack view message naming the missing socket',
      async () => {
        const m = await viewMessage(wb!.page, STACK_VIEW);
        return m.includes(socket) ? m : undefined;
      },
      30_000,
      250,
    );
    log(`view message: ${message}`);
    assert.match(message, /^Docker is not running: no socket at unix:\/\/.* \(from DOCKER_HOST\)/);
    assert.match(await stackHeader(wb), /engine unreachable/);
    // The way out is a row under the message (VS Code hides welcome content while a view shows a message).
    await waitFor('the Stack view to offer a Retry row', async () => (await treeRowTexts(wb!.page, STACK_VIEW)).includes('Retry'), 10_000, 200);
    assert.deepEqual(await treeRowTexts(wb.page, STACK_VIEW), ['Retry'], 'the Stack tree lists more than the Retry row without an engine');
    const retry = viewPane(wb.page, STACK_VIEW).locator('.monaco-list-row', { hasText: 'Retry' }).first();
    await checkedScreenshot(wb.page, 'problems-no-engine');

    // Retry keeps saying so (the socket is still missing), and Start explains the same problem.
    await retry.click();
    await wb.page.waitForTimeout(1_500);
    assert.ok((await viewMessage(wb.page, STACK_VIEW)).includes(socket), 'the message went away after Retry although the socket is still missing');
    const error = await startAndReadError(wb, /Docker is not running/);
    log(`Start: ${error}`);
    assert.ok(error.includes(socket), error);
  });

  // A bad port falls back to its default with a warning (unit-tested in numberSetting); a bad index name cannot, so
  // it blocks Start and the views say which setting is wrong.
  it('monitoringLab.logIndex = "Bad Index!": the Stack view and Start name the setting and what it must be; Open Settings opens them', async function () {
    assert.ok(process.env.DOCKER_HOST, "DOCKER_HOST is not set: this case uses the test bed's engine (a reachable one), so only the setting is wrong");
    session = await Session.start({
      settings: { 'monitoringLab.projectName': `mlab-e2e-badsetting-${process.pid}`, 'monitoringLab.logIndex': 'Bad Index!' },
      env: { DOCKER_HOST: process.env.DOCKER_HOST },
      keybindings: NOTIFICATION_KEYBINDINGS,
    });
    wb = await session.openWorkbench();
    await openViewContainer(wb.page, CONTAINER_TITLE);
    const message = await waitFor(
      'the Stack view message naming monitoringLab.logIndex',
      async () => {
        const m = await viewMessage(wb!.page, STACK_VIEW);
        return m.includes('monitoringLab.logIndex') ? m : undefined;
      },
      30_000,
      250,
    );
    log(`view message: ${message}`);
    assert.match(message, /"Bad Index!" is not a lab log index name/);
    // The engine is fine: the view must not blame it.
    const header = await stackHeader(wb);
    assert.match(header, /invalid setting/);
    assert.doesNotMatch(header, /engine unreachable/);
    await waitFor(
      'the Stack view to offer an Open Settings row',
      async () => (await treeRowTexts(wb!.page, STACK_VIEW)).includes('Open Settings'),
      10_000,
      200,
    );
    assert.deepEqual(await treeRowTexts(wb.page, STACK_VIEW), ['Open Settings']);
    const openSettings = viewPane(wb.page, STACK_VIEW).locator('.monaco-list-row', { hasText: 'Open Settings' }).first();
    await checkedScreenshot(wb.page, 'problems-invalid-setting');

    const error = await startAndReadError(wb, /Invalid Monitoring Lab configuration/);
    log(`Start: ${error}`);
    assert.match(error, /monitoringLab\.logIndex/);
    assert.match(error, /Bad Index!/);

    await openSettings.click();
    await wb.page.locator('.part.editor .tab', { hasText: 'Settings' }).first().waitFor({ state: 'visible', timeout: 20_000 });
    const search = wb.page.locator('.settings-editor .suggest-input-container .view-line').first();
    await waitFor('the Settings editor to search for "monitoringLab"', async () => /monitoringLab/.test(await search.innerText().catch(() => '')), 15_000, 250);
  });
});
