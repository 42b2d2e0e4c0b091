// A start ends when every service answers its healthcheck's question (readinessProbe.ts), which can be up to one
// healthcheck interval before the engine's own first run says so. The status reader asks the same question while the
// engine says "starting", so the Stack tree and `status` agree with the start. Here against the real engine and a
// real Node Exporter whose healthcheck is set to run first after an hour: the engine says "starting" for the whole test.
import * as assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { StackStatusReader } from '../../src/core/stack';
import { LABEL } from '../../src/core/stack/plan/labels';
import { TEST_LABEL, freePort, useSuiteEngine, waitFor } from './fixtures/engine';
import { IMAGES } from './fixtures/images';

const SUITE = 'readiness';
const PROJECT = 'mlab-it-readiness';
const HOUR_NS = 3_600_000_000_000;

describe('integration: a status read while the engine has not yet run a healthcheck', function () {
  this.timeout(60_000);
  const engine = useSuiteEngine(SUITE);
  let containers: Record<'answering' | 'notReady', Docker.Container>;

  /** A Node Exporter labelled as the lab's `service`, its healthcheck first run after an hour. */
  async function exporterAs(service: string): Promise<Docker.Container> {
    const port = await freePort();
    const container = await engine.docker.createContainer({
      name: `mlab-test-${SUITE}-${service}`,
      Image: IMAGES.nodeExporter,
      Cmd: [`--web.listen-address=127.0.0.1:${port}`],
      Labels: { [TEST_LABEL]: SUITE, [LABEL.project]: PROJECT, [LABEL.service]: service, [LABEL.hostPorts]: `127.0.0.1:${port}->${port}/tcp` },
      Healthcheck: {
        Test: ['CMD', 'wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${port}/metrics`],
        Interval: HOUR_NS,
        Timeout: 3_000_000_000,
        Retries: 3,
      },
      HostConfig: { NetworkMode: 'host' },
    });
    await container.start();
    return container;
  }

  before(async () => {
    // node-exporter: its own question (/metrics) answers 200. "elasticsearch": asked /_cluster/health, Node Exporter
    // answers 200 with its landing page, not a cluster status of yellow or green: not ready.
    containers = { answering: await exporterAs('node-exporter'), notReady: await exporterAs('elasticsearch') };
  });

  const read = async () =>
    Object.fromEntries((await new StackStatusReader(engine.docker, PROJECT, ['node-exporter', 'elasticsearch']).readAll()).map((s) => [s.service, s]));

  it('a service that answers its question reads healthy (answered) while the engine still says "starting"', async () => {
    const status = await waitFor(
      'node-exporter to read healthy',
      async () => ((await read())['node-exporter']?.health === 'healthy' ? read() : undefined),
      15_000,
      200,
    );
    assert.equal(status['node-exporter']!.state, 'running');
    assert.equal(status['node-exporter']!.answered, true);
    assert.equal((await containers.answering.inspect()).State.Health?.Status, 'starting', "the engine's first healthcheck has not run");
  });

  it('a service that answers something else reads "starting", as the engine says', async () => {
    const [, port] = /:(\d+)->/.exec((await containers.notReady.inspect()).Config.Labels[LABEL.hostPorts]!)!;
    const asked = await waitFor(
      'the Node Exporter labelled elasticsearch to listen',
      async () => fetch(`http://127.0.0.1:${port}/_cluster/health`).catch(() => undefined),
      15_000,
      200,
    );
    assert.equal(asked.status, 200, 'it answers, with something else than a cluster status');
    const status = (await read()).elasticsearch!;
    assert.equal(status.state, 'running');
    assert.equal(status.health, 'starting');
    assert.equal(status.answered, undefined);
    assert.equal((await containers.notReady.inspect()).State.Health?.Status, 'starting');
  });
});
