// "Start Monitoring Lab" from the palette in real VS Code: the Stack tree fills with healthy services.
// The extension talks to the test bed's engine (DOCKER_HOST from the bed's env) with host networking,
// its own project name and free ports, so it never touches another lab.
import * as assert from 'assert';
import * as os from 'os';
import * as path from 'path';
import { createLabConfig } from '../../../src/core/config';
import { connectDocker } from '../../../src/core/docker/client';
import { resetStack, stackStatus } from '../../../src/core/stack';
import { freePort } from '../harness/port';
import { Session, Workbench, openViewContainer, repoRoot, runCommand, screenshot, treeItemLabels, viewPane, waitFor } from '../harness';
import { CONTAINER_TITLE, START_COMMAND_TITLE, STACK_VIEW } from './constants';

const LITE_SERVICES = ['app', 'elasticsearch', 'prometheus', 'node-exporter'];

describe('Start Monitoring Lab from the palette (real engine)', function () {
  this.timeout(600_000);
  let session: Session | undefined;
  let wb: Workbench;
  const projectName = `mlab-e2e-stack-${process.pid}`;
  const ports: Record<string, number> = {};
  const labConfig = () =>
    createLabConfig({
      projectName,
      labBaseDir: path.join(os.tmpdir(), projectName),
      stackSourceDir: path.join(repoRoot(), 'resources', 'stack'),
      stackVersion: 'e2e',
      networkMode: 'host',
      ports,
    });

  before(async function () {
    assert.ok(process.env.DOCKER_HOST, 'DOCKER_HOST is not set: start the test bed (bash testbed/bed.sh up) and source its env');
    for (const key of ['app', 'elasticsearch', 'prometheus', 'nodeExporter', 'kibana', 'grafana']) ports[key] = await freePort();
    ports['node-exporter'] = ports.nodeExporter!;
    delete ports.nodeExporter;
    await resetStack(connectDocker().docker, labConfig());
    session = await Session.start({
      settings: {
        'monitoringLab.projectName': projectName,
        'monitoringLab.networkMode': 'host',
        'monitoringLab.buildWithHostNetwork': true,
        'monitoringLab.ports.app': ports.app,
        'monitoringLab.ports.elasticsearch': ports.elasticsearch,
        'monitoringLab.ports.prometheus': ports.prometheus,
        'monitoringLab.ports.nodeExporter': ports['node-exporter'],
        'monitoringLab.ports.kibana': ports.kibana,
        'monitoringLab.ports.grafana': ports.grafana,
      },
      env: { DOCKER_HOST: process.env.DOCKER_HOST },
    });
    wb = await session.openWorkbench();
  });

  afterEach(async function () {
    // A failure explains itself with a picture of the workbench at that moment.
    if (this.currentTest?.state === 'failed' && wb) await screenshot(wb.page, 'stack-tree-failure').catch(() => undefined);
  });

  after(async function () {
    await session?.dispose();
    await resetStack(connectDocker().docker, labConfig()).catch((err: Error) => console.log(`    [e2e] reset after the test failed: ${err.message}`));
  });

  it('runs the command and the tree shows every lite service healthy', async function () {
    const page = wb.page;
    await openViewContainer(page, CONTAINER_TITLE);
    const started = Date.now();
    await runCommand(page, START_COMMAND_TITLE);

    const healthyRows = async () => (await treeItemLabels(page, STACK_VIEW)).filter((l) => /healthy|running/.test(l));
    await waitFor(
      'the Stack tree to show 4 healthy services',
      async () => {
        const labels = await treeItemLabels(page, STACK_VIEW);
        return LITE_SERVICES.every((s) => labels.some((l) => l.startsWith(`${s}:`) && /: healthy/.test(l)));
      },
      300_000,
      1000,
    );
    console.log(`    [e2e] palette → 4/4 healthy in the tree: ${Date.now() - started} ms`);
    const labels = await healthyRows();
    assert.strictEqual(labels.length, 4, JSON.stringify(labels));
    // The title-bar summary and the engine agree.
    const header = await viewPane(page, STACK_VIEW).locator('.pane-header').innerText();
    assert.match(header, /4\/4 healthy/);
    const status = await stackStatus(connectDocker().docker, labConfig());
    assert.deepStrictEqual(status.map((s) => [s.service, s.state]).sort(), LITE_SERVICES.map((s) => [s, 'running']).sort());
    await screenshot(page, 'stack-tree-healthy');
  });
});
