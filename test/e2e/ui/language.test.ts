/**
 * monitoringLab.language = 'id' in a real VS Code (code-server + chromium), without any lab: the Stack view's row and
 * header, the Security Events panel and a notification speak Indonesian. Cheap: no engine at DOCKER_HOST (a socket
 * that does not exist), so nothing is started; one code-server session. VS Code itself (and the command palette,
 * whose titles follow VS Code's display language) stays English: commands are run by their English titles.
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
  treeRowTexts,
  viewPane,
  waitFor,
  waitForToast,
} from '../harness';
import { CONTAINER_TITLE, STACK_VIEW } from './constants';

/** The Indonesian the user should see (l10n/bundle.l10n.id.json), next to the English it replaces. */
const ID = {
  retry: 'Coba Lagi', // Retry
  engineUnreachable: 'engine tidak dapat dihubungi', // engine unreachable
  panelTitle: 'Peristiwa Keamanan', // Security Events
  stoppedHeading: 'Lab tidak berjalan', // The lab is not running
  startButton: 'Jalankan lab', // Start the lab
  failedLoginsTab: 'Login gagal', // Failed logins
  pauseButton: 'Jeda', // Pause
  targetsWarning: /^Monitoring Lab: Elasticsearch dan Prometheus berjalan bersama lab, yang saat ini tidak berjalan\. Jalankan lab terlebih dahulu\./,
};

describe('Monitoring Lab in Indonesian (monitoringLab.language = id, no lab)', function () {
  this.timeout(180_000);
  let session: Session | undefined;
  let wb: Workbench | undefined;

  before(async function () {
    const socket = path.join(os.tmpdir(), `mlab-e2e-id-${process.pid}.sock`);
    assert.ok(!fs.existsSync(socket), `${socket} exists`);
    session = await Session.start({
      settings: { 'monitoringLab.language': 'id' },
      env: { DOCKER_HOST: `unix://${socket}` },
      keybindings: NOTIFICATION_KEYBINDINGS,
    });
    wb = await session.openWorkbench();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await screenshot(wb.page, `language-failure-${this.currentTest.title.slice(0, 30)}`).catch(() => undefined);
  });

  after(async function () {
    await session?.dispose();
  });

  it('the Stack view: the way-out row and the header say it in Indonesian', async function () {
    await openViewContainer(wb!.page, CONTAINER_TITLE);
    await waitFor(`the Stack view to offer a "${ID.retry}" row`, async () => (await treeRowTexts(wb!.page, STACK_VIEW)).includes(ID.retry), 30_000, 250);
    assert.deepEqual(await treeRowTexts(wb!.page, STACK_VIEW), [ID.retry], 'the row is not the Indonesian Retry alone');
    const header = (await viewPane(wb!.page, STACK_VIEW).locator('.pane-header').innerText()).replace(/\s+/g, ' ').trim();
    log(`header: ${header}`);
    assert.ok(header.includes(ID.engineUnreachable), header);
    assert.doesNotMatch(header, /engine unreachable/);
    await checkedScreenshot(wb!.page, 'language-id-stack');
  });

  it('the Security Events panel: title, heading, stopped state, tabs and buttons in Indonesian', async function () {
    await wb!.runCommand('Monitoring Lab: Open Security Events');
    await wb!.page.locator('.part.editor .tab', { hasText: ID.panelTitle }).first().waitFor({ state: 'visible', timeout: 15_000 });
    const frame = await wb!.findWebviewFrame(async (f) => (await f.locator('h1', { hasText: ID.panelTitle }).count()) > 0, 30_000);
    assert.equal(await frame.locator('html').getAttribute('lang'), 'id-ID');
    const box = frame.locator('.source-state');
    await box.locator('h2', { hasText: ID.stoppedHeading }).waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(await box.getByRole('button', { name: ID.startButton }).count(), 1, 'the stopped state offers the Indonesian Start button');
    const detail = (await box.innerText()).replace(/\s+/g, ' ');
    log(`stopped state: ${detail}`);
    assert.match(detail, /tidak ada Elasticsearch yang dapat dibaca/, detail);
    assert.equal(await frame.getByRole('tab', { name: new RegExp(`^${ID.failedLoginsTab}`) }).count(), 1, 'the failed-logins tab is not in Indonesian');
    assert.equal(
      await frame.getByRole('button', { name: /Jeda daftar langsung|Lanjutkan daftar langsung/ }).count(),
      1,
      'the pause button is not in Indonesian',
    );
    const body = await frame.locator('body').innerText();
    for (const english of ['Failed logins', 'Top sources', 'Start the lab', 'Pause']) assert.ok(!body.includes(english), `the page still says "${english}"`);
    await checkedScreenshot(wb!.page, 'language-id-security-events');
  });

  it('a notification: Check Targets without a lab warns in Indonesian', async function () {
    await recordToasts(wb!.page);
    await runCommand(wb!.page, 'Monitoring Lab: Check Elasticsearch and Prometheus Targets', 30_000);
    await setNotificationCenter(wb!.page, true);
    try {
      const toast = await waitForToast(wb!.page, 'the Indonesian "lab is not running" warning', (t) => ID.targetsWarning.test(t.text), 30_000);
      log(`notification: ${toast.text}`);
      await checkedScreenshot(wb!.page, 'language-id-notification');
    } finally {
      await setNotificationCenter(wb!.page, false).catch(() => undefined);
    }
  });
});
