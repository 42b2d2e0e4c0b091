/** UI tests against a real VS Code (code-server) with the repository loaded as the extension under development. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Workbench } from '../harness';
import {
  closeQuickInput,
  extensionHostLogExcerpt,
  findActivation,
  openViewContainer,
  pngInfo,
  repoRoot,
  screenshot,
  searchCommands,
  Session,
  activityBarItem,
  waitForActivation,
  welcomeButton,
  welcomeText,
} from '../harness';
import { CONTAINER_TITLE, EXTENSION_ID, START_BUTTON, START_COMMAND_TITLE, STACK_VIEW, WELCOME_START } from './constants';
import { OPEN_GUIDED_EXERCISE, waitForWalkthroughPage, waitForWalkthroughSteps } from './walkthrough';

describe('Monitoring Lab in VS Code (code-server + chromium)', function () {
  let session: Session | undefined;
  let wb: Workbench;

  before(async function () {
    const t0 = Date.now();
    session = await Session.start();
    wb = await session.openWorkbench();
    console.log(`    [e2e] code-server + chromium up in ${Date.now() - t0} ms; workbench rendered ${wb.loadMs} ms after navigation`);
  });

  after(async function () {
    await session?.dispose();
  });

  it('shows the "Monitoring Lab" activity-bar entry; its Stack view shows the welcome text and Start button; the extension activates', async function () {
    const page = wb.page;
    const item = activityBarItem(page, CONTAINER_TITLE);
    await item.waitFor({ state: 'visible', timeout: 30_000 });

    assert.strictEqual(findActivation(session!.userDataDir, EXTENSION_ID), undefined, 'the extension activated before its view was opened');
    const viewOpenedAt = Date.now();
    await openViewContainer(page, CONTAINER_TITLE);

    const text = await welcomeText(page, STACK_VIEW);
    assert.ok(text.startsWith(WELCOME_START), `welcome text: ${JSON.stringify(text)}`);
    const button = welcomeButton(page, STACK_VIEW, START_BUTTON);
    await button.waitFor({ state: 'visible', timeout: 15_000 });
    assert.strictEqual((await button.innerText()).trim(), START_BUTTON);

    const activation = await waitForActivation(session!.userDataDir, EXTENSION_ID, 30_000);
    const now = Date.now();
    console.log(
      `    [e2e] extension active ${now - wb.startedAt} ms after navigation, ${now - viewOpenedAt} ms after clicking the activity-bar entry` +
        ` (activation event ${activation.activationEvent})`,
    );
    assert.match(activation.activationEvent, /monitoringLab/);
    const failures = extensionHostLogExcerpt(session!.userDataDir, /monitoring-lab.*(failed|error)|activating extension .*monitoring-lab.*fail/i);
    assert.strictEqual(failures, '', `extension host log reports errors:\n${failures}`);
  });

  it('lists "Monitoring Lab: Start Monitoring Lab" in the command palette (F1 and Ctrl+Shift+P)', async function () {
    const page = wb.page;
    for (const via of ['f1', 'ctrl-shift-p'] as const) {
      // The palette renders only the rows that fit: with 20 Monitoring Lab commands, "Monitoring Lab" alone lists
      // them alphabetically and "Start…" falls below the fold. A user types on, as this does.
      const labels = await searchCommands(page, 'Monitoring Lab: Start', { via, until: (l) => l.includes(START_COMMAND_TITLE) });
      assert.ok(labels.includes(START_COMMAND_TITLE), `${via}: ${JSON.stringify(labels)}`);
      await closeQuickInput(page);
    }
  });

  it('writes a PNG screenshot of the workbench showing the Monitoring Lab view to artifacts/e2e/', async function () {
    const page = wb.page;
    await closeQuickInput(page);
    await openViewContainer(page, CONTAINER_TITLE);
    await welcomeButton(page, STACK_VIEW, START_BUTTON).waitFor({ state: 'visible', timeout: 15_000 });
    const file = await screenshot(page, 'workbench-monitoring-lab');
    assert.strictEqual(path.dirname(file), path.join(repoRoot(), 'artifacts', 'e2e'));
    assert.ok(fs.existsSync(file), `${file} missing`);
    const png = pngInfo(file);
    assert.ok(png.width >= 800 && png.height >= 600, `unexpected size ${png.width}x${png.height}`);
    assert.ok(png.bytes > 20_000, `suspiciously small PNG (${png.bytes} bytes): blank page?`);
    console.log(`    [e2e] screenshot ${path.relative(repoRoot(), file)} (${png.width}x${png.height}, ${png.bytes} bytes)`);
  });

  it("the Stack view's welcome opens the guided exercise; with no lab run, no step of the lab reads done", async function () {
    const page = wb.page;
    await openViewContainer(page, CONTAINER_TITLE);
    const button = welcomeButton(page, STACK_VIEW, OPEN_GUIDED_EXERCISE);
    await button.waitFor({ state: 'visible', timeout: 15_000 });
    await button.click();
    await waitForWalkthroughPage(page);
    // Opening a step's page is not doing it: the steps complete on the lab's events only.
    await waitForWalkthroughSteps(page, { startLab: false, checkTargets: false, securityEvents: false, bruteForce: false, report: false });
    const file = await screenshot(page, 'workbench-walkthrough');
    assert.ok(pngInfo(file).bytes > 20_000, 'suspiciously small PNG: blank page?');
  });
});
