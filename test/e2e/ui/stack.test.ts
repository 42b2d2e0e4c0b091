// "Start Monitoring Lab" from the palette in real VS Code: the Stack tree fills with healthy services.
// The extension talks to the test bed's engine (DOCKER_HOST from the bed's env) with host networking,
// its own project name and free ports, so it never touches another lab (the LiveLab fixture).
import * as assert from 'assert';
import { stackStatus } from '../../../src/core/stack';
import { screenshot, treeItemLabels, viewPane, waitFor } from '../harness';
import { STACK_VIEW } from './constants';
import { LITE_SERVICES, LiveLab } from './liveLab';

describe('Start Monitoring Lab from the palette (real engine)', function () {
  this.timeout(600_000);
  let lab: LiveLab | undefined;

  before(async function () {
    lab = await LiveLab.open('stack');
  });

  afterEach(async function () {
    // A failure explains itself with a picture of the workbench at that moment.
    if (this.currentTest?.state === 'failed' && lab?.wb) await screenshot(lab.page, 'stack-tree-failure').catch(() => undefined);
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
    await screenshot(page, 'stack-tree-healthy');
  });
});
