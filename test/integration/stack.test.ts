// The whole lite stack through src/core/stack on the test bed's engine: host networking, its own project name
// and free ports, stand-in images. The tests run in order and share one lab, as a user's session would.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type Docker from 'dockerode';
import type { LabConfig, LabConfigInput } from '../../src/core/config';
import { createLabConfig } from '../../src/core/config';
import type { ServiceStatus, StackProgress } from '../../src/core/stack';
import {
  LABEL,
  PortInUseError,
  StackCancelledError,
  StackWatcher,
  containerName,
  downStack,
  expectedServices,
  resetStack,
  restartService,
  stackStatus,
  startServiceContainer,
  upStack,
} from '../../src/core/stack';
import { replacementName } from '../../src/core/stack/engine/projectContainers';
import { TEST_LABEL, freePort, testEngine, waitFor } from './fixtures/engine';
import { removeDeadRuns, suiteProjectPrefix } from './fixtures/lab';
import { IMAGES } from './fixtures/images';

// Per process: two runs of this suite on one engine (a developer and CI) must not reset each other's lab.
const PROJECT_PREFIX = suiteProjectPrefix('stack');
const PROJECT = `${PROJECT_PREFIX}${process.pid}`;
const STACK_SOURCE = path.resolve(__dirname, '../../../resources/stack');
const LITE = ['app', 'elasticsearch', 'prometheus', 'node-exporter'];

describe('integration: stack orchestrator (lite, host network)', function () {
  this.timeout(240_000);
  let docker: Docker;
  let labBase: string;
  let baseInput: LabConfigInput;
  let config: LabConfig;
  const timings: Record<string, number> = {};

  const configWith = (overrides: Partial<LabConfigInput> = {}): LabConfig =>
    createLabConfig({ ...baseInput, ...overrides, ports: { ...baseInput.ports, ...overrides.ports } });
  const byService = (statuses: ServiceStatus[]) => Object.fromEntries(statuses.map((s) => [s.service, s]));
  const allHealthy = (statuses: ServiceStatus[]) => statuses.every((s) => s.state === 'running' && s.health === 'healthy');
  const projectObjects = async () => ({
    containers: await docker.listContainers({ all: true, filters: { label: [`${LABEL.project}=${PROJECT}`] } }),
    volumes: (await docker.listVolumes({ filters: { label: [`${LABEL.project}=${PROJECT}`] } })).Volumes ?? [],
  });

  before(async () => {
    docker = (await testEngine()).docker;
    await removeDeadRuns(docker, PROJECT_PREFIX);
    labBase = fs.mkdtempSync(path.join(os.tmpdir(), 'mlab-it-stack-'));
    const ports = {
      app: await freePort(),
      elasticsearch: await freePort(),
      prometheus: await freePort(),
      'node-exporter': await freePort(),
      kibana: await freePort(),
      grafana: await freePort(),
    };
    baseInput = {
      labBaseDir: labBase,
      stackSourceDir: STACK_SOURCE,
      stackVersion: 'it',
      projectName: PROJECT,
      networkMode: 'host',
      buildWithHostNetwork: true,
      ports,
      secrets: { demoPassword: 'it-demo-password' },
    };
    config = configWith();
  });

  after(async () => {
    if (docker) await resetStack(docker, config ?? ({ projectName: PROJECT } as LabConfig));
    if (labBase) fs.rmSync(labBase, { recursive: true, force: true });
    console.log(`      timings: ${JSON.stringify(timings)}`);
  });

  it('up from nothing: every lite service healthy, reachable on its host port', async () => {
    const result = await upStack(docker, config);
    timings.firstUpMs = result.durationMs;
    assert.deepEqual(Object.keys(result.services).sort(), [...LITE].sort());
    for (const name of LITE) assert.equal(result.services[name]!.container, 'create', `${name} created`);
    const statuses = await stackStatus(docker, config);
    assert.deepEqual(
      statuses.map((s) => s.service),
      LITE,
    );
    assert.ok(allHealthy(statuses), JSON.stringify(statuses));
    assert.deepEqual(byService(statuses).elasticsearch!.ports, [
      { hostIp: '127.0.0.1', hostPort: config.ports.elasticsearch, containerPort: 9200, protocol: 'tcp' },
    ]);
    const health = await fetch(`http://127.0.0.1:${config.ports.app}/health`);
    assert.equal(health.status, 200);
    // Prometheus scrapes the rewritten targets (node-exporter's and the app's host ports).
    await waitFor(
      'Prometheus to scrape node-exporter and the app',
      async () => {
        const body = (await (await fetch(`http://127.0.0.1:${config.ports.prometheus}/api/v1/targets`)).json()) as {
          data: { activeTargets: Array<{ health: string; labels: { job: string } }> };
        };
        const up = body.data.activeTargets.filter((t) => t.health === 'up').map((t) => t.labels.job);
        return up.includes('node') && up.includes('app');
      },
      30_000,
    );
  });

  it('up again changes nothing: same containers, no restarts', async () => {
    const before = byService(await stackStatus(docker, config));
    const result = await upStack(docker, config);
    timings.secondUpMs = result.durationMs;
    for (const name of LITE) {
      assert.equal(result.services[name]!.container, 'none', `${name} untouched`);
      assert.equal(result.services[name]!.image, 'present');
    }
    const after = byService(await stackStatus(docker, config));
    for (const name of LITE) {
      assert.equal(after[name]!.containerId, before[name]!.containerId);
      assert.equal(after[name]!.startedAt, before[name]!.startedAt);
    }
  });

  /** One event of the engine's /events stream (the fields these tests read). */
  type EngineEvent = { Action: string; Actor: { Attributes: Record<string, string> } };

  /** The engine's recorded events of one container between two times (a bounded query: the stream ends). */
  async function containerEvents(id: string, since: number, until: number): Promise<EngineEvent[]> {
    const stream = (await docker.getEvents({
      since: Math.floor(since / 1000) - 1,
      until: Math.ceil(until / 1000) + 1,
      filters: { container: [id] },
    })) as NodeJS.ReadableStream;
    let text = '';
    for await (const chunk of stream) text += chunk.toString();
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as EngineEvent);
  }

  it('a changed setting recreates only its service: the old container stops on SIGTERM within its grace period, the new one takes its name', async () => {
    const before = byService(await stackStatus(docker, config));
    const oldId = before.prometheus!.containerId!;
    const since = Date.now();
    config = configWith({ ports: { prometheus: await freePort() } });
    const result = await upStack(docker, config);
    assert.equal(result.services.prometheus!.container, 'recreate');
    for (const name of ['app', 'elasticsearch', 'node-exporter']) assert.equal(result.services[name]!.container, 'none', name);
    const after = byService(await stackStatus(docker, config));
    assert.notEqual(after.prometheus!.containerId, oldId);
    assert.equal(after.elasticsearch!.containerId, before.elasticsearch!.containerId);
    assert.equal((await fetch(`http://127.0.0.1:${config.ports.prometheus}/-/ready`)).status, 200);
    // Stopped, not killed: a SIGTERM (15), no SIGKILL (9), and Prometheus' own clean exit.
    const events = await containerEvents(oldId, since, Date.now());
    const signals = events.filter((e) => e.Action === 'kill').map((e) => e.Actor.Attributes.signal);
    const exitCodes = events.filter((e) => e.Action === 'die').map((e) => e.Actor.Attributes.exitCode);
    assert.deepEqual(signals, ['15'], JSON.stringify(events.map((e) => e.Action)));
    assert.deepEqual(exitCodes, ['0']);
    assert.ok(
      events.some((e) => e.Action === 'destroy'),
      'the old container is removed',
    );
    const info = await docker.getContainer(after.prometheus!.containerId!).inspect();
    assert.equal(info.Name, `/${containerName(PROJECT, 'prometheus')}`);
  });

  it('a replacement the engine refuses to create leaves the old container running, untouched', async () => {
    const before = byService(await stackStatus(docker, config));
    const oldId = before.prometheus!.containerId!;
    // A real refusal: a container (not the lab's) already holds the replacement's temporary name → 409 Conflict.
    const blocker = await docker.createContainer({
      name: replacementName(oldId, containerName(PROJECT, 'prometheus')),
      Image: IMAGES.base,
      Cmd: ['true'],
      Labels: { [TEST_LABEL]: 'stack' },
      HostConfig: { NetworkMode: 'none' },
    });
    const changed = configWith({ ports: { prometheus: await freePort() } });
    try {
      await assert.rejects(upStack(docker, changed), /Conflict|already in use/i);
      const after = byService(await stackStatus(docker, config));
      assert.equal(after.prometheus!.containerId, oldId);
      assert.equal(after.prometheus!.startedAt, before.prometheus!.startedAt);
      assert.ok(allHealthy(Object.values(after)), JSON.stringify(after.prometheus));
      assert.equal((await fetch(`http://127.0.0.1:${config.ports.prometheus}/-/ready`)).status, 200);
    } finally {
      await blocker.remove({ force: true });
    }
  });

  it('a replacement left under its temporary name (an interrupted recreate) is removed by the next start', async () => {
    const before = byService(await stackStatus(docker, config));
    const current = await docker.getContainer(before.prometheus!.containerId!).inspect();
    const leftoverName = replacementName('0123456789abcdef', containerName(PROJECT, 'prometheus'));
    const leftover = await docker.createContainer({
      name: leftoverName,
      Image: IMAGES.base,
      Cmd: ['true'],
      Labels: current.Config.Labels,
      HostConfig: { NetworkMode: 'none' },
    });
    const messages: string[] = [];
    try {
      // Until then it is not the service's container: status and the tree's actions keep to the real one.
      assert.equal(byService(await stackStatus(docker, config)).prometheus!.containerId, before.prometheus!.containerId);
      await startServiceContainer(docker, config, 'prometheus');
      assert.match((await leftover.inspect()).State.StartedAt, /^0001-01-01/, "the tree's Start started the leftover");
      const result = await upStack(docker, config, { onProgress: (p) => messages.push(p.message) });
      assert.equal(result.services.prometheus!.container, 'none');
      assert.ok(messages.includes(`Removing ${leftoverName}, left over from an interrupted recreate`), messages.join('\n'));
      await assert.rejects(leftover.inspect(), (err: { statusCode?: number }) => err.statusCode === 404);
      assert.equal(byService(await stackStatus(docker, config)).prometheus!.containerId, before.prometheus!.containerId);
    } finally {
      await leftover.remove({ force: true }).catch(() => undefined);
    }
  });

  it('the watcher reports a killed container within 5 s through events (reconcile left at 60 s)', async () => {
    const models: ServiceStatus[][] = [];
    const watcher = new StackWatcher({
      docker,
      projectName: PROJECT,
      read: () => stackStatus(docker, config),
      onChange: (model) => models.push(model),
    });
    watcher.start();
    try {
      await waitFor('the watcher to report the lab healthy', async () => models.some(allHealthy), 10_000, 50);
      const id = byService(models.at(-1)!)['node-exporter']!.containerId!;
      const killedAt = Date.now();
      await docker.getContainer(id).kill();
      await waitFor('the watcher to report node-exporter down', async () => byService(models.at(-1)!)['node-exporter']!.state === 'exited', 5_000, 20);
      timings.watcherReportedKillMs = Date.now() - killedAt;
      assert.ok(timings.watcherReportedKillMs < 5_000);
    } finally {
      watcher.stop();
    }
    // restartService brings it back and waits until healthy.
    await restartService(docker, config, 'node-exporter');
    assert.equal(byService(await stackStatus(docker, config))['node-exporter']!.health, 'healthy');
  });

  it('down then up keeps Elasticsearch data', async () => {
    const es = `http://127.0.0.1:${config.ports.elasticsearch}`;
    const put = await fetch(`${es}/it-keep/_doc/1?refresh=true`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'survives a stop' }),
    });
    assert.ok(put.ok, `indexing failed: ${put.status} ${await put.text()}`);

    const { stopped } = await downStack(docker, config);
    assert.deepEqual([...stopped].sort(), [...LITE].sort());
    assert.ok((await stackStatus(docker, config)).every((s) => s.state === 'exited'));

    const result = await upStack(docker, config);
    for (const name of LITE) assert.equal(result.services[name]!.container, 'start', name);
    const doc = (await (await fetch(`${es}/it-keep/_doc/1`)).json()) as { found: boolean; _source: { message: string } };
    assert.equal(doc.found, true);
    assert.equal(doc._source.message, 'survives a stop');
  });

  it('reset leaves no container or volume of the project', async () => {
    const result = await resetStack(docker, config);
    assert.equal(result.containers, LITE.length);
    assert.deepEqual(result.volumes.sort(), [`${PROJECT}_esdata`, `${PROJECT}_promdata`]);
    const left = await projectObjects();
    assert.deepEqual(left.containers, []);
    assert.deepEqual(left.volumes, []);
    assert.ok((await stackStatus(docker, config)).every((s) => s.state === 'missing'));
  });

  it('a taken port fails cleanly before anything is created', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(config.ports.elasticsearch, '127.0.0.1', resolve));
    try {
      await assert.rejects(upStack(docker, config), (err: Error) => {
        assert.ok(err instanceof PortInUseError, String(err));
        assert.match(
          err.message,
          new RegExp(
            `port ${config.ports.elasticsearch} on 127\\.0\\.0\\.1 for elasticsearch is already in use \\(setting monitoringLab\\.ports\\.elasticsearch\\)`,
          ),
        );
        return true;
      });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    const left = await projectObjects();
    assert.deepEqual(left.containers, []);
    assert.deepEqual(left.volumes, []);
  });

  it('cancel during up, then up again: healthy', async () => {
    const controller = new AbortController();
    const phases: StackProgress[] = [];
    const cancelled = upStack(docker, config, {
      signal: controller.signal,
      onProgress: (p) => {
        phases.push(p);
        // Cancel in the middle: Elasticsearch created and starting, the rest not yet.
        if (p.phase === 'health' && p.service === 'elasticsearch') controller.abort();
      },
    });
    await assert.rejects(cancelled, StackCancelledError);
    assert.ok(
      phases.some((p) => p.phase === 'create'),
      'cancelled after something was created',
    );

    const result = await upStack(docker, config);
    timings.upFromNothingImagesPresentMs = result.durationMs; // (the cancelled run made only some containers)
    assert.ok(allHealthy(await stackStatus(docker, config)));
  });

  it('pulls images named in the configuration from a registry, with per-layer progress', async function () {
    const registry = process.env.MLAB_REGISTRY;
    assert.ok(registry, 'MLAB_REGISTRY is not set: source the test bed env (bash testbed/bed.sh env)');
    const images = { prometheus: `${registry}/${IMAGES.prometheus}`, 'node-exporter': `${registry}/${IMAGES.nodeExporter}` };
    for (const reference of Object.values(images)) {
      await docker
        .getImage(reference)
        .remove()
        .catch((err: { statusCode?: number }) => {
          if (err.statusCode !== 404) throw err;
        });
    }
    config = configWith({ ports: config.ports, images });
    const layers: StackProgress[] = [];
    const result = await upStack(docker, config, { onProgress: (p) => p.phase === 'pull' && p.layer && layers.push(p) });
    assert.equal(result.services.prometheus!.image, 'pulled');
    assert.equal(result.services['node-exporter']!.image, 'pulled');
    assert.equal(result.services.prometheus!.container, 'recreate');
    assert.equal(result.services.elasticsearch!.container, 'none');
    assert.ok(
      layers.some((p) => p.service === 'prometheus' && p.layer?.id),
      'per-layer progress for prometheus',
    );
    const statuses = byService(await stackStatus(docker, config));
    assert.equal(statuses.prometheus!.image, images.prometheus);
    assert.ok(allHealthy(Object.values(statuses)));
  });

  it('lists the services the profile enables', () => {
    assert.deepEqual(expectedServices(config), LITE);
    const full = expectedServices(configWith({ profile: 'full' }));
    assert.deepEqual(full.slice(0, LITE.length), LITE);
    assert.ok(full.includes('kibana') && full.includes('grafana'), full.join(', '));
  });
});
