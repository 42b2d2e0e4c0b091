// "Start Monitoring Lab" from the palette in real VS Code: the Stack tree fills with healthy services; then, on that
// running lab, every Stack tree action (context menu and inline buttons), the scenario commands this suite owns
// (application errors, memory pressure, Stop All Scenarios, the mitigation demo), the Alerts view with Show
// Evidence, and Reset confirmed in its modal dialog.
// The extension talks to the test bed's engine (DOCKER_HOST from the bed's env) with host networking,
// its own project name and free ports, so it never touches another lab (the LiveLab fixture).
// The steps after the first share the lab and build on each other: the suite stops at its own first failure.
import * as assert from 'assert';
import type { Frame } from 'playwright-core';
import { PROJECT_LABEL, SCENARIO_LABEL } from '../../../src/core/scenarios/stressContainers';
import { LabAppClient } from '../../../src/core/app/labAppClient';
import { stackStatus } from '../../../src/core/stack';
import {
  checkedScreenshot,
  log,
  answerDialog,
  clickInlineAction,
  clickNotificationButton,
  closeOpenedPages,
  contextMenuEntries,
  expectNotification,
  grantClipboard,
  openedUrls,
  outputShows,
  NOTIFICATION_KEYBINDINGS,
  openViewContainer,
  proxiedTarget,
  readClipboard,
  recordToasts,
  recordWindowOpens,
  runCommand,
  runContextMenuAction,
  screenshot,
  setNotificationCenter,
  stopAtFirstFailedStep,
  toasts,
  treeItemLabels,
  treeRowTexts,
  treeRow,
  viewPane,
  waitFor,
  waitForOutput,
  waitForRowLabel,
  waitForToast,
  waitForTreeItem,
  waitForWindowOpen,
  welcomeText,
} from '../harness';
import { answerInputBox, startCommand } from '../harness/quickInput';
import { CONTAINER_TITLE, STACK_VIEW, WELCOME_START } from './constants';
import { LITE_SERVICES, LiveLab } from './liveLab';

const ALERTS_VIEW = 'Alerts';
/** The service the lifecycle steps stop, start and restart: nothing later in the suite needs it. */
const LIFECYCLE = 'node-exporter';
const ERRORS = { command: 'Monitoring Lab: Simulate Application Errors', title: 'Simulate Application Errors', count: 20 };
const MEMORY = { command: 'Monitoring Lab: Simulate Memory Pressure', title: 'Simulate Memory Pressure', megabytes: 64, seconds: 5 };
const CPU = { command: 'Monitoring Lab: Simulate High CPU Load', title: 'Simulate High CPU Load', workers: 1, seconds: 120 };
const MITIGATION = { command: 'Monitoring Lab: Mitigation Demo: Lockout vs Brute Force', title: 'Mitigation Demo (lockout)' };
const RESET_COMMAND = 'Monitoring Lab: Reset Monitoring Lab (remove containers and data)';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The engine's view of one lab service. */
async function engineService(lab: LiveLab, service: string) {
  const status = await stackStatus(lab.docker(), lab.labConfig());
  const s = status.find((x) => x.service === service);
  assert.ok(s, `the engine reports no ${service}: ${JSON.stringify(status.map((x) => x.service))}`);
  return s;
}

async function waitForEngineState(lab: LiveLab, service: string, state: string, timeoutMs: number) {
  return waitFor(
    `the engine to report ${service} ${state}`,
    async () => {
      const s = await engineService(lab, service);
      return s.state === state ? s : undefined;
    },
    timeoutMs,
    250,
  );
}

/** Scenario containers of this lab, per the engine. */
async function scenarioContainers(lab: LiveLab) {
  return lab.docker().listContainers({ all: true, filters: { label: [`${PROJECT_LABEL}=${lab.projectName}`, SCENARIO_LABEL] } });
}

/** Runs a scenario command that asks for numbers, answering each prompt in turn; opens the notification center. */
async function runScenario(lab: LiveLab, command: string, title: string, answers: Array<[RegExp, string]>): Promise<void> {
  await startCommand(lab.page, command);
  for (const [prompt, value] of answers) await answerInputBox(lab.page, title, prompt, value);
  await setNotificationCenter(lab.page, true);
}

/** A failed login straight to the app, from 127.0.0.1: its status code (401, or 429 while the lockout holds). */
function failedLogin(lab: LiveLab): Promise<number> {
  return new LabAppClient(lab.url('app'), undefined, 10_000).login('e2e-probe', 'not-the-password', undefined, { 'user-agent': 'e2e-stack-test' });
}

describe('Start Monitoring Lab from the palette (real engine)', function () {
  this.timeout(600_000);
  stopAtFirstFailedStep(this);
  let lab: LiveLab | undefined;

  before(async function () {
    lab = await LiveLab.open('stack', { keybindings: NOTIFICATION_KEYBINDINGS });
    await recordToasts(lab.page);
    await recordWindowOpens(lab.page);
    await grantClipboard(lab.session!.context, lab.session!.server.baseUrl);
  });

  afterEach(async function () {
    // A failure explains itself with a picture of the workbench at that moment.
    const t = this.currentTest;
    if (t?.state === 'failed' && lab?.wb) await screenshot(lab.page, `stack-failure-${t.title.slice(0, 40)}`).catch(() => undefined);
  });

  after(async function () {
    await lab?.dispose();
  });

  it('runs the command and the tree shows every lite service healthy', async function () {
    const page = lab!.page;
    await lab!.startFromPalette();
    const labels = (await treeItemLabels(page, STACK_VIEW)).filter((l) => /healthy|running/.test(l));
    assert.strictEqual(labels.length, 4, JSON.stringify(labels));
    // The title-bar summary and the engine agree.
    // The summary is the view's description, sent separately from the rows: it may follow them by a moment.
    const header = viewPane(page, STACK_VIEW).locator('.pane-header');
    await waitFor('the Stack view header to say 4/4 healthy', async () => /4\/4 healthy/.test(await header.innerText()), 15_000, 200);
    const status = await stackStatus(lab!.docker(), lab!.labConfig());
    assert.deepStrictEqual(status.map((s) => [s.service, s.state]).sort(), LITE_SERVICES.map((s) => [s, 'running']).sort());
    // Just started, Prometheus has no rate yet and the log data stream may answer 503: the rules wait for their
    // first data instead of greeting a healthy start with "cannot evaluate" warnings.
    const alertRows = await treeRowTexts(page, ALERTS_VIEW);
    assert.ok(!alertRows.some((l) => /cannot evaluate/.test(l)), JSON.stringify(alertRows));
    await screenshot(page, 'stack-tree-healthy');
  });

  it(`Stop Service from the context menu of ${LIFECYCLE}: the row reads "stopped" with the neutral icon; the engine says exited`, async function () {
    const page = lab!.page;
    const entries = await contextMenuEntries(page, STACK_VIEW, `${LIFECYCLE}:`);
    log(`context menu of a running service: ${JSON.stringify(entries)}`);
    for (const e of ['Stop Service', 'Restart Service', 'Show Logs', 'Copy Container ID'])
      assert.ok(entries.includes(e), `no "${e}" in ${JSON.stringify(entries)}`);
    assert.ok(!entries.includes('Start Service'), `a running service offers Start Service: ${JSON.stringify(entries)}`);
    await runContextMenuAction(page, STACK_VIEW, `${LIFECYCLE}:`, 'Stop Service');
    const label = await waitForRowLabel(page, STACK_VIEW, `${LIFECYCLE}:`, new RegExp(`^${LIFECYCLE}: stopped`), 60_000);
    log(`row: ${label}`);
    const row = treeRow(page, STACK_VIEW, `${LIFECYCLE}:`);
    assert.equal(await row.locator('.codicon-debug-stop').count(), 1, 'the stopped row does not carry the neutral stop icon');
    assert.equal(await row.locator('.codicon-error').count(), 0, 'a deliberately stopped service carries the red error icon');
    const engine = await waitForEngineState(lab!, LIFECYCLE, 'exited', 15_000);
    assert.equal(engine.state, 'exited');
    // The other services are untouched.
    for (const s of LITE_SERVICES.filter((x) => x !== LIFECYCLE)) assert.equal((await engineService(lab!, s)).state, 'running', `${s} stopped too`);
    await waitFor(
      'the Stack view header to say 3/4 running',
      async () => /3\/4 running/.test(await viewPane(page, STACK_VIEW).locator('.pane-header').innerText()),
      15_000,
      200,
    );
    await checkedScreenshot(lab!.page, 'stack-service-stopped');
  });

  it(`Start Service from the context menu of the stopped ${LIFECYCLE}: running again in the tree and the engine`, async function () {
    const page = lab!.page;
    const before = await engineService(lab!, LIFECYCLE);
    const entries = await contextMenuEntries(page, STACK_VIEW, `${LIFECYCLE}:`);
    assert.ok(entries.includes('Start Service') && !entries.includes('Stop Service'), `a stopped service's menu: ${JSON.stringify(entries)}`);
    await runContextMenuAction(page, STACK_VIEW, `${LIFECYCLE}:`, 'Start Service');
    const label = await waitForRowLabel(page, STACK_VIEW, `${LIFECYCLE}:`, new RegExp(`^${LIFECYCLE}: (healthy|running)`), 60_000);
    log(`row: ${label}`);
    const engine = await waitForEngineState(lab!, LIFECYCLE, 'running', 15_000);
    assert.notEqual(engine.startedAt, before.startedAt, 'the engine reports the old start time');
    await waitFor(
      'the Stack view header to say 4/4 healthy',
      async () => /4\/4 healthy/.test(await viewPane(page, STACK_VIEW).locator('.pane-header').innerText()),
      60_000,
      250,
    );
  });

  it(`Restart Service from the context menu of ${LIFECYCLE}: the engine reports a new start of the same container; the row is running`, async function () {
    const page = lab!.page;
    const before = await engineService(lab!, LIFECYCLE);
    await runContextMenuAction(page, STACK_VIEW, `${LIFECYCLE}:`, 'Restart Service');
    const after = await waitFor(
      `the engine to report ${LIFECYCLE} started again`,
      async () => {
        const s = await engineService(lab!, LIFECYCLE);
        return s.state === 'running' && s.startedAt !== before.startedAt ? s : undefined;
      },
      60_000,
      250,
    );
    log(`${LIFECYCLE} started ${before.startedAt} → ${after.startedAt}; container ${before.containerId?.slice(0, 12)} → ${after.containerId?.slice(0, 12)}`);
    assert.ok(Date.parse(after.startedAt!) > Date.parse(before.startedAt!), 'the new start time is not later');
    // Uptime restarts: "up Ns" (seconds) right after the restart.
    const label = await waitForRowLabel(page, STACK_VIEW, `${LIFECYCLE}:`, new RegExp(`^${LIFECYCLE}: (healthy|running) .*up \\d+s`), 60_000);
    log(`row: ${label}`);
  });

  it('Show Logs (inline button) on app: the Output panel shows "Monitoring Lab: app" with the app\'s log lines', async function () {
    const page = lab!.page;
    // The channel opens with a "--- following app" header, then the app's JSON lines; Monaco renders only the visible
    // lines, so once the app has logged a screenful the header is scrolled away: either proves the channel is the app's.
    const shown = (l: string[]) =>
      l.some((x) => x.startsWith('--- following app') || x.includes('"lab-app"')) && l.filter((x) => x.trim() && !x.startsWith('---')).length >= 3;
    const clicks = await clickInlineAction(page, STACK_VIEW, 'app:', 'Show Logs', {
      what: "the Output panel to show the app's logs",
      until: () => outputShows(page, 'Monitoring Lab: app', shown),
    });
    const lines = await waitForOutput(page, 'Monitoring Lab: app', shown, 5_000);
    if (clicks > 1) log(`Show Logs needed ${clicks} clicks (a click during a row re-render is lost)`);
    const logLines = lines.filter((x) => x.trim() && !x.startsWith('---'));
    log(`${logLines.length} log lines shown, e.g. ${JSON.stringify(logLines.slice(-2))}`);
    await checkedScreenshot(lab!.page, 'stack-show-logs');
    await runCommand(page, 'View: Hide Panel').catch(() => undefined);
  });

  it("Open in Browser (inline button) on app: the workbench opens the app's URL, through code-server's port proxy", async function () {
    const page = lab!.page;
    const since = Date.now();
    // Retried only while nothing was opened: a second open would need the first to have failed.
    const clicks = await clickInlineAction(page, STACK_VIEW, 'app:', 'Open in Browser', {
      what: 'the workbench to open a URL in a new tab (window.open)',
      until: async () => (await openedUrls(page)).some((o) => o.at >= since),
      retryAfterMs: 8_000,
    });
    const opened = await waitForWindowOpen(page, since, 5_000);
    assert.equal((await openedUrls(page)).filter((o) => o.at >= since).length, 1, `${clicks} click(s) opened more than one tab`);
    const { target, viaProxy } = proxiedTarget(opened.url, lab!.session!.server.baseUrl);
    log(
      `window.open(${JSON.stringify(opened.url)}, ${JSON.stringify(opened.target)}) → the extension asked for ${target}${viaProxy ? ' (rewritten by code-server to its /proxy/PORT/ path)' : ''}`,
    );
    assert.equal(target, `http://127.0.0.1:${lab!.ports.app}/`);
    const closed = await closeOpenedPages(lab!.session!.context, page);
    log(`closed the opened tab(s): ${JSON.stringify(closed)}`);
  });

  it('Copy Container ID (context menu) on app: the clipboard holds the container id the engine reports', async function () {
    const page = lab!.page;
    const engine = await engineService(lab!, 'app');
    assert.ok(engine.containerId && /^[0-9a-f]{64}$/.test(engine.containerId), `engine id ${engine.containerId}`);
    await page.evaluate<void>("navigator.clipboard.writeText('nothing copied yet')");
    await runContextMenuAction(page, STACK_VIEW, 'app:', 'Copy Container ID');
    const message = await expectNotification(page, 'the "Copied the container id" message', (t) => t.text === 'Copied the container id of app.', 15_000);
    log(`message: ${message.text}`);
    const clip = await waitFor(
      'the clipboard to hold a container id',
      async () => {
        const text = await readClipboard(page);
        return text !== 'nothing copied yet' ? text : undefined;
      },
      10_000,
      200,
    );
    assert.equal(clip, engine.containerId);
  });

  it(`Simulate Application Errors from the palette: progress, then "finished: 500 ×${ERRORS.count}"`, async function () {
    const page = lab!.page;
    await runScenario(lab!, ERRORS.command, ERRORS.title, [[/requests to \/error/, String(ERRORS.count)]]);
    const progress = await waitForToast(page, 'the errors progress notification', (t) => t.text.startsWith(`Monitoring Lab: ${ERRORS.title}`), 20_000);
    const result = await waitForToast(page, 'the errors result message', (t) => t.text.startsWith(`${ERRORS.title} `), 60_000);
    log(`progress "${progress.text}"; result "${result.text}"`);
    assert.ok(
      (await toasts(page)).some((t) => t.progress && t.text.includes(ERRORS.title)),
      'the progress notification carried no progress bar',
    );
    assert.equal(result.text, `${ERRORS.title} finished: 500 ×${ERRORS.count}.`);
    await setNotificationCenter(page, false);
  });

  it('the Alerts view lists the Error burst alert; clicking it (Show Evidence) opens Security Events on its Errors tab with the errors', async function () {
    const page = lab!.page;
    await openViewContainer(page, CONTAINER_TITLE);
    const row = await waitForTreeItem(page, ALERTS_VIEW, /^Error burst/, 60_000);
    // What the row reads: the rule's title, then "active · <time>" (its aria-label is the tooltip: title and evidence).
    const text = (await row.innerText()).replace(/\s+/g, ' ').trim();
    log(`alert row: "${text}" (aria-label ${JSON.stringify(await row.getAttribute('aria-label'))})`);
    assert.match(text, /^Error burst\s*active · /);
    assert.match((await row.getAttribute('aria-label')) ?? '', /ERROR events within \d+ s \(threshold 10\)/);
    await checkedScreenshot(lab!.page, 'stack-alerts-view');
    await row.click();
    await page.locator('.part.editor .tab', { hasText: 'Security Events' }).first().waitFor({ state: 'visible', timeout: 20_000 });
    const frame: Frame = await lab!.wb.findWebviewFrame(async (f) => (await f.locator('h1', { hasText: 'Security Events' }).count()) > 0, 30_000);
    const errorsTab = frame.getByRole('tab', { name: /Errors/ });
    await waitFor(
      'the Errors tab to be selected (the evidence of an error burst)',
      async () => (await errorsTab.getAttribute('aria-selected')) === 'true',
      15_000,
      200,
    );
    await waitFor(`at least ${ERRORS.count} error rows`, async () => (await frame.locator('#panel-errors tbody tr').count()) >= ERRORS.count, 30_000, 250);
    assert.equal(await frame.locator('#panel-errors').isVisible(), true);
    await checkedScreenshot(lab!.page, 'stack-alert-evidence');
  });

  it(`Simulate Memory Pressure from the palette (${MEMORY.megabytes} MB, ${MEMORY.seconds} s): progress, then "finished: ran ${MEMORY.seconds} s"`, async function () {
    const page = lab!.page;
    await runScenario(lab!, MEMORY.command, MEMORY.title, [
      [/memory to allocate/, String(MEMORY.megabytes)],
      [/duration/, String(MEMORY.seconds)],
    ]);
    const progress = await waitForToast(page, 'the memory pressure progress notification', (t) => t.text.startsWith(`Monitoring Lab: ${MEMORY.title}`), 30_000);
    const result = await waitForToast(page, 'the memory pressure result message', (t) => t.text.startsWith(`${MEMORY.title} `), 60_000);
    log(`progress "${progress.text}"; result "${result.text}"`);
    assert.match(result.text, new RegExp(`^${MEMORY.title} finished: ran [${MEMORY.seconds - 1}-${MEMORY.seconds + 3}] s\\.$`));
    await setNotificationCenter(page, false);
    assert.deepEqual(await scenarioContainers(lab!), [], 'the memory pressure container is still there');
  });

  it('Stop All Scenarios ends a running CPU stress: its container is gone per the engine and the run reads cancelled', async function () {
    const page = lab!.page;
    await runScenario(lab!, CPU.command, CPU.title, [
      [/busy workers/, String(CPU.workers)],
      [/duration/, String(CPU.seconds)],
    ]);
    await waitForToast(page, 'the CPU stress progress notification', (t) => t.text.startsWith(`Monitoring Lab: ${CPU.title}`), 30_000);
    await setNotificationCenter(page, false);
    const running = await waitFor(
      'the engine to run the CPU stress container',
      async () => {
        const list = await scenarioContainers(lab!);
        return list.some((c) => c.State === 'running') ? list : undefined;
      },
      30_000,
      250,
    );
    log(`stress container(s): ${running.map((c) => `${c.Names[0]} ${c.State}`).join(', ')}`);
    const stoppedAt = Date.now();
    await runCommand(page, 'Monitoring Lab: Stop All Scenarios');
    const message = await expectNotification(
      page,
      'the Stop All Scenarios message',
      (t) => /^Stopped \d+ running scenario|^No scenario was running/.test(t.text),
      30_000,
    );
    log(`message "${message.text}" ${message.at - stoppedAt} ms after the command`);
    assert.equal(message.text, 'Stopped 1 running scenario; scenario containers removed.');
    assert.deepEqual(
      (await scenarioContainers(lab!)).map((c) => c.Names[0]),
      [],
      'a scenario container is still there',
    );
    const result = await expectNotification(page, 'the CPU stress result message', (t) => t.text.startsWith(`${CPU.title} `), 20_000);
    log(`result "${result.text}"`);
    // The kill that ends a cancelled run is not reported as the stress process failing ("exited with code 137").
    assert.match(result.text, new RegExp(`^${CPU.title} cancelled: ran \\d+ s\\.$`));
  });

  it('Mitigation Demo from the palette: the lockout goes on, the brute force meets 429s, the result names them; Turn Lockout Off', async function () {
    const page = lab!.page;
    await runCommand(page, MITIGATION.command);
    await setNotificationCenter(page, true);
    const on = await waitForToast(page, 'the "Lockout on" message', (t) => t.text.startsWith('Lockout on:'), 20_000);
    // One result message: the run's answers and what the lockout did, with its buttons.
    const result = await waitForToast(page, 'the mitigation brute force result', (t) => t.text.startsWith(`${MITIGATION.title} `), 60_000);
    log(`"${on.text}" → "${result.text}"`);
    assert.match(on.text, /^Lockout on: \d+ failures per source within \d+ s, then 429\.$/);
    const m = new RegExp(
      `^${escapeRe(MITIGATION.title)} finished: 401 ×\\d+, 429 ×(\\d+)\\. The lockout blocked (\\d+) of 30 attempts \\(429\\), and logged each block\\.$`,
    ).exec(result.text);
    assert.ok(m && Number(m[2]) > 0 && m[1] === m[2], `the result does not name the blocked attempts: ${result.text}`);
    assert.equal(await failedLogin(lab!), 429, 'the app does not hold the lockout for 127.0.0.1');
    await checkedScreenshot(lab!.page, 'stack-mitigation-demo');
    await clickNotificationButton(page, /The lockout blocked/, 'Turn Lockout Off');
    await setNotificationCenter(page, false);
    await waitFor('the app to answer a failed login with 401 again (lockout off)', async () => (await failedLogin(lab!)) === 401, 15_000, 500);
  });

  it('Reset from the palette, confirmed in its modal dialog: containers, network and volumes gone per the engine; the Stack view shows its welcome', async function () {
    this.timeout(240_000);
    const page = lab!.page;
    const docker = lab!.docker();
    const projectFilter = { label: [`com.docker.compose.project=${lab!.projectName}`] };
    const volumesBefore = ((await docker.listVolumes({ filters: projectFilter })).Volumes ?? []).map((v) => v.Name);
    const networksBefore = (await docker.listNetworks({ filters: projectFilter })).map((n) => n.Name);
    log(`before the reset: volumes ${JSON.stringify(volumesBefore)}, networks ${JSON.stringify(networksBefore)} (host networking: the lab makes none)`);
    assert.ok(volumesBefore.length > 0, 'the lab has no volumes before the reset: the check below would prove nothing');
    await runCommand(page, RESET_COMMAND);
    const question = await answerDialog(page, new RegExp(`Reset the lab "${escapeRe(lab!.projectName)}"`), 'Reset', 20_000);
    log(`dialog: ${question}`);
    assert.match(question, /containers, network and volumes/);
    // The Stack view empties as soon as the containers go; the reset then removes the network and the volumes.
    // It is over when its progress notification ends (seen in the notification center).
    const projectVolumes = async () => ((await docker.listVolumes({ filters: projectFilter })).Volumes ?? []).map((v) => v.Name);
    const resetting = page.locator('.notifications-center .notification-list-item-message', { hasText: 'Resetting the lab' });
    await setNotificationCenter(page, true);
    await waitFor(
      'the reset progress notification to show (or the reset to be over)',
      async () => (await toasts(page)).some((t) => t.text.startsWith('Monitoring Lab: Resetting the lab')) || (await projectVolumes()).length === 0,
      20_000,
      100,
    );
    await waitFor('the reset progress notification to end', async () => (await resetting.count()) === 0, 120_000, 250);
    await setNotificationCenter(page, false);
    const failures = (await toasts(page)).map((t) => t.text).filter((t) => /reset/i.test(t) && /failed|cancelled/.test(t));
    assert.deepEqual(failures, [], 'the reset reported a failure');
    await openViewContainer(page, CONTAINER_TITLE);
    const welcome = await waitFor(
      'the Stack view to show its welcome (nothing of the lab left)',
      async () => {
        const t = await welcomeText(page, STACK_VIEW, 2_000).catch(() => '');
        return t.startsWith(WELCOME_START) ? t : undefined;
      },
      120_000,
      500,
    );
    log(`welcome: ${welcome.slice(0, 60)}…`);
    assert.deepEqual(
      (await docker.listContainers({ all: true, filters: projectFilter })).map((c) => c.Names[0]),
      [],
      'containers left',
    );
    assert.deepEqual(await projectVolumes(), [], 'volumes left');
    assert.deepEqual(
      (await docker.listNetworks({ filters: projectFilter })).map((n) => n.Name),
      [],
      'networks left',
    );
    assert.deepEqual(await treeItemLabels(page, STACK_VIEW), [], 'the Stack tree still lists services');
    await checkedScreenshot(lab!.page, 'stack-after-reset');
  });
});
