/**
 * The exercise's payoff, end to end in a real VS Code (code-server + chromium) on a real lab started from the
 * palette (the LiveLab fixture): a brute force run from the palette shows its progress and its result, its
 * failed logins arrive in the open Security Events panel, the status bar raises the brute-force alert within
 * seconds, a user name carrying HTML sent straight to the app shows as text, and a CPU stress moves the System
 * Metrics CPU chart (its cursor readout at the peak, "this scenario run"). Screenshots of both panels and the status bar go to artifacts/e2e/live-*.png.
 *
 * The steps share one lab and build on each other, so the suite stops at its own first failure.
 */
import * as assert from 'assert';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import {
  artifactsDir,
  checkedScreenshot,
  log,
  pngInfo,
  repoRoot,
  screenshot,
  statusBarItem,
  stopAtFirstFailedStep,
  treeItemLabels,
  viewPane,
  waitFor,
} from '../harness';
import { NOTIFICATION_KEYBINDINGS, recordToasts, setNotificationCenter, toasts, waitForToast } from '../harness/notifications';
import { acceptQuickItem, answerInputBox, startCommand } from '../harness/quickInput';
import { STACK_VIEW } from './constants';
import { LITE_SERVICES, LiveLab } from './liveLab';
import { THEMES, followsTheme, setTheme } from './theme';
import { openWalkthroughFromGetStarted, waitForWalkthroughSteps } from './walkthrough';

const SECURITY = { command: 'Monitoring Lab: Open Security Events', heading: 'Security Events' };
const METRICS = { command: 'Monitoring Lab: Open System Metrics', heading: 'System Metrics' };
const BRUTE_FORCE = { command: 'Monitoring Lab: Simulate Brute Force', title: 'Simulate Brute Force', defaults: /Run: 30 rapid failed logins as "admin"/ };
const CPU = { command: 'Monitoring Lab: Simulate High CPU Load', title: 'Simulate High CPU Load', workers: 2, seconds: 20 };
/** A user name an attacker controls: it must show as these characters, never become an element. */
const XSS_USER = '<img src=x onerror=alert(1)>';
/** At or above this host CPU % before the CPU stress, the machine has no room left to show a rise. */
const SATURATED_PERCENT = 75;
/** "Within a few seconds of the burst": the detection goal is p95 ≤ 2 s; the UI adds a status-bar update. */
const ALERT_WITHIN_MS = 8_000;

type PanelInfo = typeof SECURITY;

/** The inner webview frame whose page has the panel's heading. */
async function panelFrame(lab: LiveLab, panel: PanelInfo, timeoutMs = 30_000): Promise<Frame> {
  return lab.wb.findWebviewFrame(async (f) => (await f.locator('h1', { hasText: panel.heading }).count()) > 0, timeoutMs);
}

async function openPanel(lab: LiveLab, panel: PanelInfo): Promise<Frame> {
  await lab.wb.runCommand(panel.command);
  await lab.page.locator('.part.editor .tab', { hasText: panel.heading }).first().waitFor({ state: 'visible', timeout: 15_000 });
  return panelFrame(lab, panel);
}

/** A picture of the status bar alone (a strip: small, so no size check beyond "is a PNG"). */
async function shootStatusBar(page: Page, name: string): Promise<string> {
  const file = path.join(artifactsDir(), `${name}.png`);
  await page.locator('.part.statusbar').first().screenshot({ path: file, timeout: 30_000 });
  const png = pngInfo(file);
  assert.ok(png.width > 200 && png.height >= 16, `unexpected status bar picture ${png.width}x${png.height}`);
  log(`screenshot ${path.relative(repoRoot(), file)} (${png.width}x${png.height})`);
  return file;
}

/** The user column of the failed-logins table, top (newest) first. */
async function failedLoginUsers(frame: Frame): Promise<string[]> {
  return frame.locator('#panel-failed-logins tbody tr td:nth-child(2)').allInnerTexts();
}

/** The lab's status-bar item: its accessible label carries the tooltip, one line per active alert. */
const LAB_STATUS_ITEM = '[id="monitoring-lab.monitoring-lab.monitoringLab.status"]';
const HIGH_CPU_DETAIL = /WARNING High CPU: [^\n]*/;

async function labStatusLabel(page: Page): Promise<string> {
  return (
    (await page
      .locator(LAB_STATUS_ITEM)
      .first()
      .getAttribute('aria-label', { timeout: 2_000 })
      .catch(() => null)) ?? ''
  );
}

/** The System Metrics host CPU card: its "now" value (%) and a fingerprint of its chart's data (count and latest time). */
async function cpuCard(frame: Frame): Promise<{ percent: number | undefined; d: string }> {
  const card = frame.locator('.host-charts .metric-card[data-metric="CPU"]');
  const [current, points, last] = await Promise.all([
    card
      .locator('.current')
      .innerText({ timeout: 2_000 })
      .catch(() => ''),
    card
      .locator('figure.time-chart')
      .getAttribute('data-points', { timeout: 2_000 })
      .catch(() => null),
    card
      .locator('figure.time-chart')
      .getAttribute('data-last', { timeout: 2_000 })
      .catch(() => null),
  ]);
  const n = Number.parseFloat(current);
  return { percent: Number.isFinite(n) ? n : undefined, d: points && Number(points) > 0 ? `${points}@${last}` : '' };
}

const CPU_CHART = '.host-charts .metric-card[data-metric="CPU"] figure.time-chart';

/** The chart's time range (its figure's data-from/data-to) and the x span of its plot area on the screen. */
async function chartGeometry(frame: Frame): Promise<{ from: number; to: number; box: { x: number; y: number; width: number; height: number } }> {
  const figure = frame.locator(CPU_CHART);
  const [from, to, box] = await Promise.all([figure.getAttribute('data-from'), figure.getAttribute('data-to'), figure.locator('.u-over').boundingBox()]);
  assert.ok(box, 'the CPU chart has no plot area');
  return { from: Number(from), to: Number(to), box };
}

/**
 * Moves the pointer across the CPU chart between two times and returns the highest value the cursor readout
 * showed, with the readout's text there: what a user reads off the chart by pointing at the stress.
 */
async function readoutPeak(page: Page, frame: Frame, from: number, to: number): Promise<{ percent: number; text: string }> {
  const g = await chartGeometry(frame);
  const toX = (t: number) => g.box.x + ((t - g.from) / (g.to - g.from)) * g.box.width;
  const left = Math.max(g.box.x + 1, toX(from));
  const right = Math.min(g.box.x + g.box.width - 1, toX(to));
  let best = { percent: -1, text: '' };
  const steps = Math.max(2, Math.min(60, Math.round(right - left)));
  for (let i = 0; i <= steps; i++) {
    await page.mouse.move(left + ((right - left) * i) / steps, g.box.y + g.box.height / 2);
    const readout = frame.locator(`${CPU_CHART} .time-chart-readout`);
    if ((await readout.getAttribute('data-cursor')) !== 'true') continue;
    const value = Number.parseFloat(await readout.locator('[data-series="CPU"] strong').innerText());
    if (Number.isFinite(value) && value > best.percent) best = { percent: value, text: (await readout.innerText()).replace(/\s+/g, ' ') };
  }
  return best;
}

describe('Live lab: brute force and CPU stress in the panels and the status bar (real engine)', function () {
  this.timeout(120_000);
  stopAtFirstFailedStep(this);
  let lab: LiveLab | undefined;
  const dialogs: string[] = [];
  /** When the brute force's result message appeared. */
  let burstDoneAt = 0;
  /** When the brute-force alert first showed in the status bar: watched from the result on, while later steps run. */
  let alertSeenAt: Promise<number> | undefined;

  before(async function () {
    this.timeout(420_000);
    lab = await LiveLab.open('live', {
      keybindings: NOTIFICATION_KEYBINDINGS,
    });
    // An alert() anywhere in the page (the workbench or a webview frame) would arrive here.
    lab.page.on('dialog', (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss().catch(() => undefined);
    });
    await recordToasts(lab.page);
    await lab.startFromPalette();
  });

  afterEach(async function () {
    const t = this.currentTest;
    if (t?.state === 'failed' && lab?.wb) await screenshot(lab.page, `live-failure-${t.title.slice(0, 40)}`).catch(() => undefined);
  });

  after(async function () {
    this.timeout(120_000);
    await lab?.dispose();
  });

  it('opens Security Events on the running lab: live, and no failed logins yet', async function () {
    const frame = await openPanel(lab!, SECURITY);
    await frame.locator('.live', { hasText: 'Live' }).waitFor({ state: 'visible', timeout: 20_000 });
    assert.deepEqual(await failedLoginUsers(frame), []);
  });

  it('Simulate Brute Force with the defaults: a progress notification, then "finished: 401 ×30"', async function () {
    const page = lab!.page;
    const started = Date.now();
    await startCommand(page, BRUTE_FORCE.command);
    const picked = await acceptQuickItem(page, BRUTE_FORCE.title, BRUTE_FORCE.defaults);
    await setNotificationCenter(page, true);
    log(`picked "${picked}"`);
    const progress = await waitForToast(page, 'the brute force progress notification', (t) => t.text.includes(`Monitoring Lab: ${BRUTE_FORCE.title}`), 20_000);
    const result = await waitForToast(
      page,
      'the brute force result message',
      (t) => /finished|cancelled|failed/.test(t.text) && t.text.includes(BRUTE_FORCE.title),
      30_000,
    );
    burstDoneAt = result.at;
    const alertItem = statusBarItem(page, /Brute-force login attempts/);
    alertSeenAt = waitFor('the brute-force alert in the status bar', async () => (await alertItem.isVisible()) && Date.now(), 60_000, 100);
    alertSeenAt.catch(() => undefined);
    const progressToasts = (await toasts(page))
      .filter((t) => t.text.startsWith(`Monitoring Lab: ${BRUTE_FORCE.title}`))
      .map((t) => `${t.text}${t.progress ? ' [progress bar]' : ''}`);
    log(`progress toasts: ${JSON.stringify(progressToasts)}`);
    log(`result "${result.text}" ${result.at - started} ms after the command; progress shown ${progress.at - started} ms after it`);
    assert.ok(progress.at <= result.at, 'the progress notification came before the result');
    assert.ok(
      (await toasts(page)).some((t) => t.progress && t.text.includes(BRUTE_FORCE.title)),
      'the progress notification carried a progress bar',
    );
    assert.equal(result.text, `${BRUTE_FORCE.title} finished: 401 ×30.`);
    await setNotificationCenter(page, false);
  });

  it('the 30 failed logins arrive live in the open Security Events panel', async function () {
    const frame = await panelFrame(lab!, SECURITY);
    const users = await waitFor(
      'at least 30 failed-login rows for admin',
      async () => {
        const u = await failedLoginUsers(frame);
        return u.filter((x) => x === 'admin').length >= 30 ? u : undefined;
      },
      20_000,
      200,
    );
    log(
      `${users.filter((u) => u === 'admin').length} admin rows in the panel ${Date.now() - burstDoneAt} ms after the result message (read at once, not a latency measure)`,
    );
    assert.match(await frame.getByRole('tab', { name: /Failed logins/ }).innerText(), /\((3\d|[4-9]\d)\)/);
    // Every row has its time, user, source and user agent filled in.
    const firstRow = (await frame.locator('#panel-failed-logins tbody tr').first().locator('td').allInnerTexts()).map((t) => t.trim());
    assert.equal(firstRow.length, 4, JSON.stringify(firstRow));
    assert.ok(
      firstRow.every((c) => c.length > 0),
      `an empty cell: ${JSON.stringify(firstRow)}`,
    );
  });

  it('the status bar shows the brute-force alert within seconds of the burst', async function () {
    const page = lab!.page;
    const item = statusBarItem(page, /Brute-force login attempts/);
    assert.ok(alertSeenAt, 'the brute force step did not start watching the status bar');
    const seenAfter = (await alertSeenAt) - burstDoneAt;
    const text = (await item.innerText()).trim();
    log(`status bar "${text}" seen ${seenAfter} ms after the result message`);
    assert.match(text, /Brute-force login attempts: 127\.0\.0\.1/);
    assert.ok(seenAfter <= ALERT_WITHIN_MS, `the alert took ${seenAfter} ms`);
    // A critical alert: the item carries the error background colour.
    assert.match((await item.getAttribute('class')) ?? '', /\bhas-background-color\b/, 'the alert has no background colour');
    await shootStatusBar(page, 'live-status-bar-brute-force');
    await checkedScreenshot(page, 'live-security-events');
  });

  it('a user name carrying HTML, sent straight to the app, shows in the panel as text', async function () {
    const page = lab!.page;
    const frame = await panelFrame(lab!, SECURITY);
    const res = await fetch(`${lab!.url('app')}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'e2e-live-test' },
      body: JSON.stringify({ username: XSS_USER, password: 'not-the-password' }),
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    assert.equal(res.status, 401);
    const sentAt = Date.now();
    const row = frame.locator('#panel-failed-logins tbody tr').filter({ hasText: XSS_USER }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    log(`the XSS row arrived in the open panel ${Date.now() - sentAt} ms after the app answered`);
    assert.equal((await row.locator('td').nth(1).innerText()).trim(), XSS_USER);
    assert.equal(await row.locator('img').count(), 0, 'the user name became an <img> element in its row');
    assert.equal(await frame.locator('img').count(), 0, 'an <img> element exists in the panel');
    const text = await frame.evaluate<string>('document.body.textContent || ""');
    assert.ok(text.includes(XSS_USER), 'the literal user name is not in the text content');
    // The top-users list (refreshed every 5 s) shows it as text too.
    await frame.locator('.top-list', { hasText: XSS_USER }).first().waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await frame.locator('.top-list img').count(), 0);
    await page.waitForTimeout(1_000);
    assert.deepEqual(dialogs, [], 'a dialog fired');
    await checkedScreenshot(page, 'live-security-events-xss');
  });

  it("clicking the brute force's bar lists exactly that bar's failed logins, read from Elasticsearch; Clear brings the live list back", async function () {
    const page = lab!.page;
    const frame = await panelFrame(lab!, SECURITY);
    const plot = frame.locator('figure.time-chart-bars .time-chart-plot');
    const count = async () => Number.parseInt(await frame.locator('figure.time-chart-bars .time-chart-readout strong').first().innerText(), 10);
    const rows = () => frame.locator('#panel-failed-logins tbody tr').count();
    const allRows = await rows();
    // The busiest of the last ten bars (the burst), by keyboard: End, then left.
    await plot.focus();
    await plot.press('End');
    let best = { steps: 0, count: await count() };
    for (let i = 1; i < 10; i++) {
      await plot.press('ArrowLeft');
      const c = await count();
      if (c > best.count) best = { steps: i, count: c };
    }
    assert.ok(best.count >= 10, `no bar holds the burst (the busiest of the last ten counts ${best.count})`);
    await plot.press('End');
    for (let i = 0; i < best.steps; i++) await plot.press('ArrowLeft');
    await plot.press('Enter');
    const chip = frame.locator('.filter-chip');
    await chip.waitFor({ state: 'visible', timeout: 5_000 });
    // Every failed login of the bar, as many as the bar counts, once the host's answer from Elasticsearch is in
    // (until then the note says it is reading; it would say so if the answer failed or fell short).
    const note = frame.locator('.interval-note');
    const shown = await waitFor(
      "the picked bar's rows, with Elasticsearch's answer in",
      async () => ((await note.isHidden()) && (await rows()) === best.count ? best.count : undefined),
      15_000,
      200,
    );
    log(`picked ${await chip.locator('.chip-label').innerText()}: ${shown} rows, as the bar counts (the list held ${allRows})`);
    await chip.getByRole('button', { name: 'Clear the time filter' }).click();
    await waitFor('the live list back', async () => (await rows()) >= allRows, 10_000, 200);
    assert.equal(await chip.isHidden(), true);
    await page.mouse.move(5, 5);
  });

  it(`CPU stress (${CPU.workers} workers, ${CPU.seconds} s) from the palette: the System Metrics CPU chart shows it (its band, new points, the rise when there is room)`, async function () {
    const page = lab!.page;
    const frame = await openPanel(lab!, METRICS);
    const before = await waitFor(
      'a CPU value in System Metrics',
      async () => {
        const c = await cpuCard(frame);
        return c.percent !== undefined && c.d.length > 0 ? c : undefined;
      },
      30_000,
      250,
    );
    const cpuAlertBefore = (await labStatusLabel(page)).match(HIGH_CPU_DETAIL)?.[0];
    log(`CPU before the stress: ${before.percent} %; High CPU alert already active: ${cpuAlertBefore ?? 'no'}`);

    await startCommand(page, CPU.command);
    await answerInputBox(page, CPU.title, /busy workers/, String(CPU.workers));
    await answerInputBox(page, CPU.title, /duration/, String(CPU.seconds));
    await setNotificationCenter(page, true);
    const started = Date.now();
    const progress = await waitForToast(page, 'the CPU stress progress notification', (t) => t.text.includes(`Monitoring Lab: ${CPU.title}`), 20_000);
    log(`progress "${progress.text}"`);
    await setNotificationCenter(page, false);

    // The panel polls Prometheus every 5 s (step 10 s, rate window 20 s): sample its card until the stress is
    // over and a little after, keeping the peak; the screenshot is taken at the first clear rise.
    const samples: Array<{ t: number; percent: number; d: string }> = [];
    let shot = false;
    let cpuAlert: string | undefined;
    const rose = (p: number) => p >= Math.min(before.percent! + 15, 95);
    const deadline = started + (CPU.seconds + 25) * 1000;
    while (Date.now() < deadline) {
      const c = await cpuCard(frame);
      if (c.percent !== undefined) samples.push({ t: Date.now() - started, percent: c.percent, d: c.d });
      if (!shot && c.percent !== undefined && rose(c.percent)) {
        shot = true;
        await checkedScreenshot(page, 'live-system-metrics-cpu');
      }
      // The item's text names the most severe alert only (the brute force's, a critical one, may still be
      // active); its accessible label lists every active alert.
      cpuAlert ??= (await labStatusLabel(page)).match(HIGH_CPU_DETAIL)?.[0];
      // Enough seen: the rise, and the point covering the whole stress (step 10 s, shown up to 5 s later).
      if (shot && Date.now() - started > (CPU.seconds + 15) * 1000) break;
      await page.waitForTimeout(500);
    }
    await setNotificationCenter(page, true);
    const finished = await waitForToast(page, 'the CPU stress result message', (t) => t.text.startsWith(`${CPU.title} `), 20_000);
    await setNotificationCenter(page, false);
    const peak = samples.reduce((m, s) => (s.percent > m.percent ? s : m), { t: 0, percent: -1, d: '' });
    log(
      `CPU samples (s after start: %): ${samples
        .filter((_, i) => i % 4 === 0)
        .map((s) => `${Math.round(s.t / 1000)}:${s.percent}`)
        .join(' ')}`,
    );
    log(`CPU ${before.percent} % before → peak ${peak.percent} % at ${Math.round(peak.t / 1000)} s; result ${JSON.stringify(finished?.text)}`);
    // Not asserted: the rule needs every point of the last 20 s above 80 % over a 20 s rate window, which a 20 s
    // stress reaches only at its very end, and other work on the machine can raise (or hold) the alert too.
    log(
      cpuAlert
        ? `status bar lists "${cpuAlert}"${cpuAlertBefore ? ' (it was active before the stress)' : ''}`
        : 'status bar lists no High CPU alert during the run',
    );
    // The run shows on the CPU chart as its scenario band, whatever else the machine is doing.
    const band = frame.locator(`${CPU_CHART} .time-chart-notes li.band.marker-cpu-stress`).last();
    await band.waitFor({ state: 'attached', timeout: 15_000 });
    assert.notEqual(samples.at(-1)?.d ?? before.d, before.d, "the chart's data did not change during the run");
    if (before.percent! < SATURATED_PERCENT) {
      assert.ok(rose(peak.percent), `the CPU value did not rise: ${before.percent} % before, peak ${peak.percent} %`);
      assert.ok(peak.percent > before.percent!, `the CPU value did not rise above ${before.percent} %`);
    } else {
      // code-server, chromium and a just-started lab can keep 2 cores near 100 % on their own (seen on CI: 93–97 %
      // before the stress), leaving no room for a rise. Then the chart must at least stay at the top while it runs.
      log(`already at ${before.percent} % before the stress: no room for a rise; checking the chart stays busy instead`);
      assert.ok(peak.percent >= SATURATED_PERCENT, `CPU ${before.percent} % before, but only ${peak.percent} % at most during the stress`);
    }
    assert.match(finished.text, new RegExp(`^${CPU.title} finished: ran (19|2\\d) s\\.$`));
    if (!shot) await checkedScreenshot(page, 'live-system-metrics-cpu');

    // Pointing at the stress reads its peak off the chart: the cursor readout names the time and the value.
    const runFrom = Number(await band.getAttribute('data-from'));
    const runTo = Number(await band.getAttribute('data-to'));
    const readout = await readoutPeak(page, frame, runFrom, runTo + 15_000);
    log(`cursor readout at the stress peak: "${readout.text}" (the card's peak ${peak.percent} %)`);
    assert.match(readout.text, /\d\d:\d\d:\d\d/, 'the readout names no time');
    if (before.percent! < SATURATED_PERCENT)
      assert.ok(rose(readout.percent), `the readout over the stress shows at most ${readout.percent} % (${before.percent} % before)`);
    else assert.ok(readout.percent >= SATURATED_PERCENT, `the readout over the stress shows at most ${readout.percent} %`);
    await checkedScreenshot(page, 'live-system-metrics-cursor-1400');
  });

  it('System Metrics: "This scenario run" fits the window to the CPU stress (its band spans about half the chart or more); screenshots at 1400 and 640 px, dark and light, and high contrast dark and light (with Security Events)', async function () {
    this.timeout(180_000);
    const page = lab!.page;
    const frame = await panelFrame(lab!, METRICS);
    await page.mouse.move(5, 5);
    const fifteen = await chartGeometry(frame);
    await frame.locator('.window-picker button[data-window="run"]').click();
    // The host's answer for the run window names it above the charts (a lab younger than 15 minutes starts both
    // windows at its first sample, so the chart's start alone may not move).
    await waitFor(
      'the CPU chart to show the run window',
      async () =>
        (await frame.locator('.window-picker button[data-window="run"]').getAttribute('aria-pressed')) === 'true' &&
        /^This scenario run;/.test(await frame.locator('.host .axis-text').innerText()),
      20_000,
      250,
    );
    const g = await chartGeometry(frame);
    const band = frame.locator(`${CPU_CHART} .time-chart-notes li.band.marker-cpu-stress`).last();
    await band.waitFor({ state: 'attached', timeout: 15_000 });
    const [bandFrom, bandTo] = [Number(await band.getAttribute('data-from')), Number(await band.getAttribute('data-to'))];
    const covered = (Math.min(bandTo, g.to) - Math.max(bandFrom, g.from)) / (g.to - g.from);
    log(
      `run window ${new Date(g.from).toISOString()}–${new Date(g.to).toISOString()}; the band covers ${(covered * 100).toFixed(0)} % of it (15-minute window: ${(((bandTo - bandFrom) / (fifteen.to - fifteen.from)) * 100).toFixed(0)} %)`,
    );
    const before = (Math.min(bandTo, fifteen.to) - Math.max(bandFrom, fifteen.from)) / (fifteen.to - fifteen.from);
    assert.ok(covered >= 0.45, `the run's band covers only ${(covered * 100).toFixed(0)} % of the "this scenario run" window`);
    // Zoomed in: the band covers more of the run window than of the 15-minute one (unless the lab is so young that
    // the 15-minute window is hardly longer than the run's).
    if (fifteen.to - fifteen.from > 2 * (g.to - g.from))
      assert.ok(
        covered > 1.5 * before,
        `the run window does not zoom in on the run: ${(covered * 100).toFixed(0)} % vs ${(before * 100).toFixed(0)} % in 15 minutes`,
      );
    else log(`the lab is younger than the 15-minute window (${Math.round((fifteen.to - fifteen.from) / 1000)} s of data): no zoom-in to compare`);
    // Keyboard: the window buttons are real buttons in the tab order.
    assert.equal(await frame.locator('.window-picker button').count(), 4);
    await checkedScreenshot(page, 'live-system-metrics-run-dark-1400');
    await setTheme(page, frame, THEMES.lightModern);
    await checkedScreenshot(page, 'live-system-metrics-run-light-1400');
    await page.setViewportSize({ width: 640, height: 900 });
    try {
      await page.waitForTimeout(1_000);
      const overflow = await frame.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      assert.ok(overflow <= 1, `${overflow} px of horizontal overflow at 640 px`);
      await checkedScreenshot(page, 'live-system-metrics-run-light-640');
      await setTheme(page, frame, THEMES.darkModern);
      await checkedScreenshot(page, 'live-system-metrics-run-dark-640');
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
    // High contrast, dark and light: System Metrics with the run's band, and the Security Events histogram with the
    // brute force's bars (its colours are the theme's too). A panel brought back to the front is loaded afresh
    // (no retained context): find its page again and wait for its charts before each picture.
    const showPanel = async (panel: PanelInfo): Promise<Frame> => {
      await page.locator('.part.editor .tab', { hasText: panel.heading }).first().click();
      return panelFrame(lab!, panel);
    };
    const drawn = async (f: Frame, chart: string) =>
      waitFor(
        `the ${chart} chart drawn`,
        async () =>
          Number(
            await f
              .locator(chart)
              .first()
              .getAttribute('data-points', { timeout: 1_000 })
              .catch(() => null),
          ) > 0,
        20_000,
        250,
      );
    try {
      for (const [name, theme] of [
        ['hc-dark', THEMES.highContrastDark],
        ['hc-light', THEMES.highContrastLight],
      ] as const) {
        const metrics = await showPanel(METRICS);
        await setTheme(page, metrics, theme);
        await drawn(metrics, CPU_CHART);
        await checkedScreenshot(page, `live-system-metrics-run-${name}-1400`);
        const security = await showPanel(SECURITY);
        await followsTheme(page, security, theme);
        await drawn(security, 'figure.time-chart-bars');
        await checkedScreenshot(page, `live-security-events-${name}-1400`);
      }
    } finally {
      await setTheme(page, await showPanel(METRICS), THEMES.darkModern);
    }
    await (await panelFrame(lab!, METRICS)).locator('.window-picker button[data-window="15m"]').click();
  });
  it('Stop Monitoring Lab: no "Container down" alert at start, during the run or at the stop; stopped services read "stopped", not as crashes', async function () {
    this.timeout(180_000);
    const page = lab!.page;
    const containerDown = /Container down or unhealthy/;
    await lab!.wb.runCommand('Monitoring Lab: Stop Monitoring Lab');
    const labels = await waitFor(
      'the Stack tree to show every service stopped',
      async () => {
        const l = await treeItemLabels(page, STACK_VIEW);
        return LITE_SERVICES.every((s) => l.some((x) => x.startsWith(`${s}: stopped`))) ? l : undefined;
      },
      120_000,
      500,
    );
    log(`stack after the stop: ${JSON.stringify(labels)}`);
    await waitFor('the status bar to say the lab is stopped', async () => /Lab: stopped/.test(await labStatusLabel(page)), 20_000, 250);
    // Detection ticks every few seconds: give a false alarm the time it would need to show.
    await page.waitForTimeout(6_000);
    const stackRows = viewPane(page, STACK_VIEW).locator('.monaco-list-row');
    assert.equal(await stackRows.locator('.codicon-error').count(), 0, 'a stopped service carries the red error icon');
    assert.doesNotMatch(await labStatusLabel(page), containerDown, 'the status bar lists a container-down alert after the stop');
    // Every notification of the session (start, scenarios, stop) is in the notification center.
    await setNotificationCenter(page, true);
    const all = (await toasts(page)).map((t) => t.text);
    await checkedScreenshot(page, 'live-stopped');
    await setNotificationCenter(page, false);
    log(`notifications of the session: ${JSON.stringify(all)}`);
    assert.ok(
      all.some((t) => /Monitoring Lab is running/.test(t)),
      'the notification center does not list the start message: the check below would prove nothing',
    );
    assert.deepEqual(
      all.filter((t) => containerDown.test(t)),
      [],
      'a container-down notification was raised',
    );
  });

  // Issue #13: the events all happened before the walkthrough is first opened (the usual way: run the lab, then look
  // at the exercise). VS Code registers the walkthrough only now, and each step's expression is listed behind two
  // gates on the active editor (src/vscode/walkthroughProgress.ts) so that it completes when the page opens.
  it('Get Started → the guided exercise: the steps this session did (start, Security Events, brute force with its alert, CPU stress with System Metrics) read done, the others not', async function () {
    const page = lab!.page;
    await openWalkthroughFromGetStarted(page);
    const states = await waitForWalkthroughSteps(page, {
      checkDocker: true,
      startLab: true,
      securityEvents: true,
      bruteForce: true,
      cpuStress: true,
      // Nothing ran these: a step is not done by being looked at.
      checkTargets: false,
      applicationErrors: false,
      report: false,
    });
    log(`walkthrough steps: ${JSON.stringify(states)}`);
    await checkedScreenshot(page, 'live-walkthrough');
  });
});
