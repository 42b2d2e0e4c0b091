/**
 * The two live panels in a real VS Code (code-server + chromium), opened from the command palette.
 * This suite runs with the lab stopped: each panel must say so and offer the way out. The live-data
 * checks (rows arriving during a brute force, the XSS user name shown as text, sparklines moving during a
 * CPU stress) belong in a second describe() that starts the stack first; the helpers here are shared for it.
 */
import * as assert from 'assert';
import type { ConsoleMessage, Frame } from 'playwright-core';
import type { Workbench } from '../harness';
import { activityBarItem, checkedScreenshot, closeQuickInput, Session, waitFor } from '../harness';
import { CONTAINER_TITLE } from './constants';
import { THEMES, chartColours, contrast, setTheme } from './theme';

const SECURITY = { command: 'Monitoring Lab: Open Security Events', heading: 'Security Events', tabTitle: 'Security Events' };
const METRICS = { command: 'Monitoring Lab: Open System Metrics', heading: 'System Metrics', tabTitle: 'System Metrics' };
const STOPPED_HEADING = 'The lab is not running';
const START_BUTTON = 'Start the lab';
/** A user name an attacker controls; the onerror would set a flag if it ever became an element. */
const XSS_USER = '<img src=x onerror="window.__mlabImg = 1">';

type PanelInfo = typeof SECURITY;

/** The inner webview frame whose page has `heading` as its h1. */
async function panelFrame(wb: Workbench, panel: PanelInfo, timeoutMs = 30_000): Promise<Frame> {
  return wb.findWebviewFrame(async (f) => (await f.locator('h1', { hasText: panel.heading }).count()) > 0, timeoutMs);
}

async function openPanel(wb: Workbench, panel: PanelInfo): Promise<Frame> {
  await wb.runCommand(panel.command);
  await wb.page.locator('.part.editor .tab', { hasText: panel.tabTitle }).first().waitFor({ state: 'visible', timeout: 15_000 });
  return panelFrame(wb, panel);
}

/** Brings an open panel's editor tab to the front. */
async function showTab(wb: Workbench, panel: PanelInfo): Promise<void> {
  await wb.page.locator('.part.editor .tab', { hasText: panel.tabTitle }).first().click();
}

async function expectStoppedState(frame: Frame, source: string): Promise<void> {
  const box = frame.locator('.source-state');
  await box.locator('h2', { hasText: STOPPED_HEADING }).waitFor({ state: 'visible', timeout: 20_000 });
  const text = (await box.innerText()).replace(/\s+/g, ' ');
  assert.match(text, new RegExp(`no ${source} to read from`), text);
  assert.match(text, /Start the lab/, text);
  const start = box.getByRole('button', { name: START_BUTTON });
  assert.equal(await start.count(), 1, 'the stopped state offers a Start button');
}

async function cspOf(frame: Frame): Promise<string> {
  return frame
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content')
    .then((c) => c ?? '');
}

/**
 * Host messages posted from inside the page: the page listens to window messages (that is how VS Code delivers
 * host messages), so posting the same shapes exercises the real renderer without a running stack. A page brought
 * back to the front is loaded afresh (no retained context), so a test posts them again after showing its tab.
 */
async function postToPage(frame: Frame, messages: unknown[]): Promise<void> {
  await frame.evaluate<void>(`(${JSON.stringify(messages)}).forEach((m) => window.postMessage(m, '*'))`);
}

/** Two failed-login rows (one user name carrying HTML), a histogram with a brute-force run, top lists. */
async function simulateSecurityEvents(frame: Frame): Promise<void> {
  const now = Date.now();
  const bucketMs = 10_000;
  const to = Math.ceil(now / bucketMs) * bucketMs;
  const counts = new Array(90).fill(0);
  counts[85] = 12;
  counts[86] = 30;
  counts[88] = 3;
  const messages = [
    {
      type: 'events',
      tab: 'failed-logins',
      replace: false,
      rows: [
        { id: 'xss', time: now - 1000, user: XSS_USER, source: '10.0.0.66', userAgent: '<script>window.__mlabXss = 1</script>', message: 'login failed' },
        { id: 'plain', time: now - 2000, user: 'admin', source: '10.0.0.5', userAgent: 'hydra/9.5', message: 'login failed' },
      ],
    },
    {
      type: 'histogram',
      from: to - 90 * bucketMs,
      to,
      bucketMs,
      counts,
      markers: [{ id: 'm1', kind: 'brute-force', label: 'Brute force (completed)', start: to - 60_000, end: to - 25_000, outcome: 'completed' }],
    },
    {
      type: 'top',
      sources: [
        { value: '10.0.0.66', count: 30 },
        { value: '10.0.0.5', count: 15 },
      ],
      users: [{ value: XSS_USER, count: 30 }],
    },
  ];
  await postToPage(frame, messages);
}

/** Host CPU with a gap and a rise, memory, a CPU stress band, the CPU rule's threshold and alert, one container. */
async function simulateSystemMetrics(frame: Frame): Promise<void> {
  const to = Date.now();
  const from = to - 15 * 60_000;
  const step = 10_000;
  const cpu = Array.from({ length: 91 }, (_, i) => [from + i * step, i >= 40 && i < 44 ? null : 20 + 60 * Math.max(0, Math.sin(i / 6))]);
  const memory = Array.from({ length: 91 }, (_, i) => [from + i * step, 41 + (i % 7)]);
  const markers = [{ id: 'm2', kind: 'cpu-stress', label: 'CPU stress (completed)', start: to - 5 * 60_000, end: to - 3 * 60_000, outcome: 'completed' }];
  const containers = [
    {
      service: 'app',
      cpuPercent: cpu.slice(-30),
      memoryPercent: memory.slice(-30),
      memoryUsed: memory.slice(-30).map(([t, v]) => [t, v === null ? null : (v / 100) * 512 * 1024 * 1024]),
      memoryBytes: 96 * 1024 * 1024,
      memoryLimitBytes: 512 * 1024 * 1024,
    },
  ];
  const thresholds = { cpu: [{ value: 80, label: 'alert above 80 % for 20 s', role: 'threshold' }], memory: [] };
  const alerts = { cpu: [{ id: 'a1', time: to - 4 * 60_000, label: 'High CPU fired', severity: 'warning' }], memory: [] };
  const messages = [
    {
      type: 'host',
      from,
      to,
      window: '15m',
      stepMs: step,
      startsAtFirstSample: false,
      cpu: { points: cpu },
      memory: { points: memory },
      markers,
      thresholds,
      alerts,
    },
    { type: 'containers', from: to - 5 * 60_000, to, available: true, services: containers, markers },
  ];
  await postToPage(frame, messages);
}

describe('panels: Security Events and System Metrics with the lab stopped', function () {
  let session: Session | undefined;
  let wb: Workbench;
  const consoleLines: string[] = [];
  /** The violation the CSP test causes on purpose: proof that the console capture would see a real one. */
  let deliberateViolation: string | undefined;

  before(async function () {
    session = await Session.start();
    wb = await session.openWorkbench();
    wb.page.on('console', (m: ConsoleMessage) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    // The palette lists an extension's commands only once its contributions are registered: the
    // activity-bar entry appearing is the visible sign of that.
    await activityBarItem(wb.page, CONTAINER_TITLE).waitFor({ state: 'visible', timeout: 30_000 });
  });

  after(async function () {
    await session?.dispose();
  });

  it('opens Security Events from the palette: stopped state with guidance, strict CSP, accessible tabs', async function () {
    const frame = await openPanel(wb, SECURITY);
    await expectStoppedState(frame, 'Elasticsearch');

    const csp = await cspOf(frame);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-[A-Za-z0-9+/=]{16,}'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);

    // Tabs: roles, one in the Tab order, arrow keys move the selection and the focus.
    const failed = frame.getByRole('tab', { name: /Failed logins/ });
    const errors = frame.getByRole('tab', { name: /Errors/ });
    assert.equal(await failed.getAttribute('aria-selected'), 'true');
    assert.equal(await errors.getAttribute('tabindex'), '-1');
    await failed.focus();
    await wb.page.keyboard.press('ArrowRight');
    await waitFor('the Errors tab to be selected', async () => (await errors.getAttribute('aria-selected')) === 'true', 5_000, 100);
    // Page-side expressions are strings: this file compiles without the DOM lib.
    assert.equal(
      await frame.evaluate<string>("document.activeElement.getAttribute('role') + ':' + document.activeElement.textContent"),
      `tab:${await errors.innerText()}`,
    );
    assert.equal(await frame.locator('#panel-errors').isVisible(), true);
    assert.equal(await frame.locator('#panel-failed-logins').isVisible(), false);
    await wb.page.keyboard.press('Home');
    await waitFor('the Failed logins tab to be selected again', async () => (await failed.getAttribute('aria-selected')) === 'true', 5_000, 100);

    // With no data yet the list says so, rather than showing an empty table.
    assert.match(await frame.locator('#panel-failed-logins .empty').innerText(), /No events to show yet/);
    await checkedScreenshot(wb.page, 'panel-security-events-stopped');
  });

  it('opens System Metrics from the palette: stopped state with guidance', async function () {
    const frame = await openPanel(wb, METRICS);
    await expectStoppedState(frame, 'Prometheus');
    assert.match(await cspOf(frame), /default-src 'none'/);
    assert.match(await frame.locator('section.containers').innerText(), /Containers/);
    await checkedScreenshot(wb.page, 'panel-system-metrics-stopped');
  });

  it('enforces its CSP: an inline script injected into the page does not run', async function () {
    await showTab(wb, SECURITY);
    const frame = await panelFrame(wb, SECURITY);
    const outcome = await frame.evaluate<string>(`new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', (e) => resolve('blocked:' + e.violatedDirective), { once: true });
      const el = document.createElement('script');
      el.textContent = 'window.__mlabInjected = true';
      document.body.appendChild(el);
      setTimeout(() => resolve(window.__mlabInjected ? 'ran' : 'silent'), 2000);
    })`);
    assert.match(outcome, /^blocked:script-src/);
    deliberateViolation = await waitFor(
      'the blocked script to be reported on the console',
      () => consoleLines.find((l) => /inline script violates/.test(l)),
      10_000,
      100,
    );
  });

  it('renders log data as text: a user name carrying HTML shows literally (simulated host message)', async function () {
    const frame = await panelFrame(wb, SECURITY);
    await simulateSecurityEvents(frame);
    const cell = frame.locator('#panel-failed-logins td', { hasText: XSS_USER });
    await cell.first().waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await cell.first().innerText(), XSS_USER);
    assert.equal(await frame.locator('#panel-failed-logins img, .top-list img').count(), 0, 'the user name became an element');
    assert.equal(await frame.evaluate<boolean>('window.__mlabXss === 1 || window.__mlabImg === 1'), false);
    // The histogram is a bar chart with axes; the brute-force run is its one band.
    const histogram = frame.locator('figure.time-chart-bars');
    await histogram.locator('canvas').first().waitFor({ state: 'attached', timeout: 10_000 });
    assert.equal(await histogram.locator('.time-chart-notes li.band.marker-brute-force').count(), 1);
    assert.match(await frame.getByRole('tab', { name: /Failed logins/ }).innerText(), /\(2\)/);
    // Keyboard: the chart takes focus, End/ArrowLeft move the cursor from bar to bar (the readout follows), Enter
    // filters the table to that bar's interval, the chip's button clears it.
    await histogram.locator('.time-chart-plot').focus();
    await frame.locator('.time-chart-plot').press('End');
    for (let i = 0; i < 3; i++) await frame.locator('.time-chart-plot').press('ArrowLeft');
    assert.match(await histogram.locator('.time-chart-readout').innerText(), /30\s+failed logins/, "the readout names the bar's count");
    await frame.locator('.time-chart-plot').press('Enter');
    const chip = frame.locator('.filter-chip');
    await chip.waitFor({ state: 'visible', timeout: 5_000 });
    assert.match(await chip.innerText(), /\d\d:\d\d:\d\d–\d\d:\d\d:\d\d/);
    await waitFor(
      'the time filter to hide both rows (none in that bar)',
      async () => (await frame.locator('#panel-failed-logins tbody tr').count()) === 0,
      5_000,
      100,
    );
    // The page asked its host for the bar's rows (they may be older than the rows it holds): with the lab stopped the
    // host answers that it could not read them, and the list says so.
    await waitFor(
      "the host's answer for the bar's interval",
      async () =>
        /Could not read the rows between .+ from Elasticsearch \(The lab is not running\)/.test(await frame.locator('#panel-failed-logins .empty').innerText()),
      10_000,
      100,
    );
    await chip.getByRole('button', { name: 'Clear the time filter' }).click();
    await waitFor(
      'both rows back after clearing the time filter',
      async () => (await frame.locator('#panel-failed-logins tbody tr').count()) === 2,
      5_000,
      100,
    );
    assert.equal(await chip.isHidden(), true);
    // The filter narrows by any visible field, HTML characters included.
    await frame.locator('#filter').fill('<img');
    await waitFor('the filter to leave one row', async () => (await frame.locator('#panel-failed-logins tbody tr').count()) === 1, 5_000, 100);
    await frame.locator('#filter').fill('');
    await checkedScreenshot(wb.page, 'panel-security-events-simulated');
  });

  it('draws time-series charts with gaps, bands, thresholds, alert markers and a cursor readout (simulated host message)', async function () {
    await showTab(wb, METRICS);
    const frame = await panelFrame(wb, METRICS);
    await simulateSystemMetrics(frame);
    const cpuChart = frame.locator('.host-charts .metric-card[data-metric="CPU"] figure.time-chart');
    await cpuChart.locator('canvas').first().waitFor({ state: 'attached', timeout: 10_000 });
    assert.equal(await cpuChart.getAttribute('data-points'), '87', 'the four null points are gaps, not values');
    assert.equal(await frame.locator('.host-charts .time-chart-notes li.band.marker-cpu-stress').count(), 2, 'one band per host chart');
    assert.equal(await cpuChart.locator('.time-chart-notes li.threshold').count(), 1, "the CPU rule's threshold");
    assert.equal(await cpuChart.locator('.time-chart-notes li.alert').count(), 1, 'the High CPU alert marker');
    assert.match(await frame.locator('.host-charts .metric-card[data-metric="Memory"] .current').innerText(), /^47 %$/);
    assert.equal(await frame.locator('.container-card[data-service="app"] svg.sparkline').count(), 2, 'the container card keeps its sparkline headline');
    assert.equal(await frame.locator('.container-card[data-service="app"] figure.time-chart').count(), 2, 'a CPU chart and a memory chart (bytes)');
    assert.match(await frame.locator('.container-card[data-service="app"] figure.time-chart').nth(1).locator('.time-chart-notes').innerText(), /limit 512 MiB/);
    // Pointing at the chart reads out the time and the value there.
    const box = (await cpuChart.locator('.u-over').boundingBox())!;
    await wb.page.mouse.move(box.x + box.width * 0.1, box.y + box.height / 2);
    await waitFor('the cursor readout', async () => (await cpuChart.locator('.time-chart-readout').getAttribute('data-cursor')) === 'true', 5_000, 100);
    assert.match(await cpuChart.locator('.time-chart-readout').innerText(), /\d\d:\d\d:\d\d[\s\S]*CPU\s+\d+(\.\d)? %/);
    // The window picker asks the host for the window (keyboard-reachable buttons).
    assert.deepEqual(await frame.locator('.window-picker button').allInnerTexts(), ['5 min', '15 min', '1 h', 'This scenario run']);
    await checkedScreenshot(wb.page, 'panel-system-metrics-simulated');
  });

  it("draws the charts in the theme's colours, high contrast included: their text and lines read against the background (screenshots)", async function () {
    this.timeout(180_000);
    const themes = [
      ['hc-dark', THEMES.highContrastDark],
      ['hc-light', THEMES.highContrastLight],
      ['light', THEMES.lightModern],
    ] as const;
    try {
      await showTab(wb, METRICS);
      const metrics = await panelFrame(wb, METRICS);
      await simulateSystemMetrics(metrics);
      await metrics.locator('.host-charts figure.time-chart canvas').first().waitFor({ state: 'attached', timeout: 10_000 });
      for (const [name, theme] of themes) {
        await setTheme(wb.page, metrics, theme);
        const colours = await chartColours(metrics);
        const background = colours.background ?? '';
        const ratio = (role: keyof typeof colours) => Number(contrast(colours[role] ?? '', background).toFixed(2));
        const ratios = {
          text: ratio('text'),
          axis: ratio('axis'),
          cpu: ratio('cpu'),
          memory: ratio('memory'),
          events: ratio('events'),
          alert: ratio('alert'),
          threshold: ratio('threshold'),
          clear: ratio('clear'),
        };
        console.log(`    [e2e] ${theme.label}: contrast against the chart background ${background}: ${JSON.stringify(ratios)}`);
        // Labels (band names, threshold labels, the axes) are text: 4.5:1. Lines and bars are graphics: 3:1.
        assert.ok(ratios.text >= 4.5, `${theme.label}: chart text ${colours.text} on ${background} is ${ratios.text}:1`);
        assert.ok(ratios.axis >= 4.5, `${theme.label}: axis labels ${colours.axis} on ${background} are ${ratios.axis}:1`);
        for (const role of ['cpu', 'memory', 'events', 'alert', 'threshold', 'clear'] as const)
          assert.ok(ratios[role] >= 3, `${theme.label}: the ${role} colour ${colours[role]} on ${background} is ${ratios[role]}:1`);
        await checkedScreenshot(wb.page, `panel-system-metrics-simulated-${name}`);
      }
      await showTab(wb, SECURITY);
      const security = await panelFrame(wb, SECURITY);
      await simulateSecurityEvents(security);
      const histogram = security.locator('figure.time-chart-bars');
      await histogram.locator('canvas').first().waitFor({ state: 'attached', timeout: 10_000 });
      // A bar picked, so the filter chip shows too.
      await histogram.locator('.time-chart-plot').focus();
      await histogram.locator('.time-chart-plot').press('End');
      for (let i = 0; i < 3; i++) await histogram.locator('.time-chart-plot').press('ArrowLeft');
      await histogram.locator('.time-chart-plot').press('Enter');
      await security.locator('.filter-chip').waitFor({ state: 'visible', timeout: 5_000 });
      await wb.page.mouse.move(5, 5);
      for (const [name, theme] of themes) {
        await setTheme(wb.page, security, theme);
        await checkedScreenshot(wb.page, `panel-security-events-simulated-${name}`);
      }
    } finally {
      await setTheme(wb.page, await panelFrame(wb, SECURITY), THEMES.darkModern);
    }
  });

  it('stays readable at a small width (no horizontal scrolling)', async function () {
    await wb.page.setViewportSize({ width: 640, height: 900 });
    try {
      for (const panel of [SECURITY, METRICS]) {
        await showTab(wb, panel);
        const frame = await panelFrame(wb, panel);
        await frame.locator('.source-state h2').waitFor({ state: 'visible', timeout: 15_000 });
        const overflow = await frame.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        assert.ok(overflow <= 1, `${panel.heading}: ${overflow} px of horizontal overflow at 640 px`);
      }
      await checkedScreenshot(wb.page, 'panel-system-metrics-narrow');
    } finally {
      await wb.page.setViewportSize({ width: 1400, height: 900 });
    }
  });

  it('restores both panels after a reload, with the page state (filter text) kept', async function () {
    await showTab(wb, SECURITY);
    const before = await panelFrame(wb, SECURITY);
    await before.locator('#filter').fill('admin');
    // The page's setState is kept with the editor's state, which the workbench writes during an orderly
    // shutdown: reload as a user does (a raw browser reload can skip that write).
    await closeQuickInput(wb.page);
    await wb.page.evaluate('window.__mlabBeforeReload = true');
    await wb.runCommand('Developer: Reload Window');
    await waitFor(
      'the workbench to reload',
      async () => (await wb.page.evaluate('window.__mlabBeforeReload === undefined').catch(() => false)) === true,
      60_000,
      250,
    );
    await wb.page.locator('.monaco-workbench .part.activitybar').first().waitFor({ state: 'visible', timeout: 60_000 });
    for (const panel of [SECURITY, METRICS]) {
      await wb.page.locator('.part.editor .tab', { hasText: panel.tabTitle }).first().waitFor({ state: 'visible', timeout: 30_000 });
    }
    await showTab(wb, SECURITY);
    const after = await panelFrame(wb, SECURITY, 45_000);
    await expectStoppedState(after, 'Elasticsearch');
    assert.equal(await after.locator('#filter').inputValue(), 'admin');
  });

  it('logged no content-security-policy violation from the panels other than the deliberate one', function () {
    assert.ok(deliberateViolation, 'the console capture did not see the deliberate violation, so it would miss real ones');
    const violations = consoleLines.filter((l) => l !== deliberateViolation && /Content Security Policy|Refused to/i.test(l));
    assert.deepEqual(violations, []);
  });
});
