// dockerode against the test bed's real engine: list, create (host network), start, inspect, logs, remove.
import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { runHostContainer, TEST_LABEL, useSuiteEngine, waitFor } from './fixtures/engine';
import { IMAGES } from './fixtures/images';

const SUITE = 'docker';

describe('integration: Docker engine via dockerode', function () {
  this.timeout(60_000);
  const engine = useSuiteEngine(SUITE);

  it('reports its version without a pinned API version', async () => {
    const version = await engine.docker.version();
    assert.match(version.ApiVersion, /^1\.\d+$/);
    assert.equal(version.Os, 'linux');
  });

  it('creates, starts, inspects, streams logs of and removes a host-network container', async () => {
    const container = await runHostContainer(engine.docker, {
      suite: SUITE,
      image: IMAGES.base,
      name: 'lifecycle',
      cmd: ['sh', '-c', 'echo out-line; echo err-line >&2; i=0; while [ $i -lt 600 ]; do echo tick-$i; i=$((i+1)); sleep 0.1; done'],
    });

    const listed = await engine.docker.listContainers({ filters: { label: [`${TEST_LABEL}=${SUITE}`] } });
    assert.deepEqual(
      listed.map((c) => c.Id),
      [container.id],
    );

    const info = await container.inspect();
    assert.equal(info.State.Running, true);
    assert.equal(info.HostConfig.NetworkMode, 'host');
    assert.equal(info.Config.Labels[TEST_LABEL], SUITE);

    // Follow the multiplexed stream and split stdout from stderr, as the tree's "Show Logs" will.
    const stream = (await container.logs({ follow: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
    const out = new PassThrough();
    const err = new PassThrough();
    let outText = '';
    let errText = '';
    out.on('data', (d: Buffer) => (outText += d.toString()));
    err.on('data', (d: Buffer) => (errText += d.toString()));
    engine.docker.modem.demuxStream(stream, out, err);
    await waitFor('a followed tick in the log stream', async () => /tick-3\b/.test(outText), 15_000, 100);
    (stream as unknown as { destroy(): void }).destroy();
    assert.match(outText, /^out-line\n/);
    assert.equal(errText, 'err-line\n');
    assert.doesNotMatch(outText, /err-line/);

    await container.stop({ t: 2 });
    assert.equal((await container.inspect()).State.Running, false);
    await container.remove();
    await assert.rejects(container.inspect(), (e: { statusCode?: number }) => e.statusCode === 404);
  });
});
