// The status reader and the watcher's event handling, against a fake engine: only a 404 means "gone", a slow
// or failing inspect keeps what the listing says, and events cost at most one inspect of the container named.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { StackStatusReader, healthFromStatusLine, readerPatches } from '../../../../src/core/stack/engine/status';
import { StackWatcher, type StackWatcherOptions, classifyEvent } from '../../../../src/core/stack/engine/watcher';
import { LABEL } from '../../../../src/core/stack/plan/labels';

const PROJECT = 'mlab';

interface FakeContainer {
  id: string;
  service: string;
  state: 'running' | 'exited';
  health?: 'healthy' | 'starting' | 'unhealthy';
  /** Failures the next inspects answer with, in order (status codes). */
  failures?: number[];
  /** A host port published on 127.0.0.1 (the service's first port). */
  hostPort?: number;
}

class FakeEngine {
  containers: FakeContainer[] = [];
  calls: string[] = [];
  events = new PassThrough();
  /** While set, an inspect answers with the state at the moment it was asked, only once this resolves (a slow engine). */
  gate: Promise<void> | undefined;
  /** Lists that fail (500) before the engine answers them again. */
  listFailures = 0;
  /** Set: the client talks to a local socket (the engine publishes ports on this machine's loopback). */
  socketPath: string | undefined;

  docker(): Docker {
    // Arrow functions: `this` stays the engine inside the fake client.
    return {
      modem: { socketPath: this.socketPath },
      listContainers: async () => {
        this.calls.push('list');
        if (this.listFailures > 0) {
          this.listFailures--;
          throw Object.assign(new Error('(HTTP code 500) engine trouble'), { statusCode: 500 });
        }
        return this.containers.map((c) => ({
          Id: c.id,
          Names: [`/${PROJECT}-${c.service}-1`],
          State: c.state,
          Status:
            c.state === 'running'
              ? `Up 2 minutes${c.health ? ` (${c.health === 'starting' ? 'health: starting' : c.health})` : ''}`
              : 'Exited (0) 1 second ago',
          ImageID: 'sha256:1',
          Labels: { [LABEL.project]: PROJECT, [LABEL.service]: c.service },
        }));
      },
      getContainer: (id: string) => {
        return {
          inspect: async () => {
            this.calls.push(`inspect ${id}`);
            const live = this.containers.find((x) => x.id === id);
            const c = live ? { ...live } : undefined;
            if (this.gate) await this.gate;
            const failure = live?.failures?.shift();
            if (failure) throw Object.assign(new Error(`(HTTP code ${failure}) engine trouble`), { statusCode: failure });
            if (!c) throw Object.assign(new Error('no such container'), { statusCode: 404 });
            return {
              Id: c.id,
              Name: `/${PROJECT}-${c.service}-1`,
              State: {
                Running: c.state === 'running',
                Restarting: false,
                Status: c.state,
                ExitCode: 0,
                StartedAt: '2026-11-29T10:00:00Z',
                ...(c.health ? { Health: { Status: c.health } } : {}),
              },
              Config: { Image: `img/${c.service}`, Labels: { [LABEL.project]: PROJECT, [LABEL.service]: c.service } },
              HostConfig: { PortBindings: c.hostPort ? { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: String(c.hostPort) }] } : {} },
              Mounts: [],
            };
          },
        };
      },
      getEvents: async () => {
        this.calls.push('events');
        return this.events;
      },
    } as unknown as Docker;
  }

  emit(Action: string, id: string): void {
    this.events.write(`${JSON.stringify({ Type: 'container', Action, Actor: { ID: id, Attributes: {} }, time: 0 })}\n`);
  }
}

const byService = (model: Array<{ service: string }>) =>
  Object.fromEntries(model.map((s) => [s.service, s])) as Record<string, ReturnType<StackStatusReader['current']>[number]>;

describe('core/stack status reader', () => {
  it("only a 404 makes a service missing; a 500 twice keeps the listing's running state, marked stale", async () => {
    const engine = new FakeEngine();
    engine.containers = [
      { id: 'a1', service: 'app', state: 'running', health: 'healthy' },
      { id: 'p1', service: 'prometheus', state: 'running', health: 'healthy' },
    ];
    const reader = new StackStatusReader(engine.docker(), PROJECT, ['app', 'prometheus', 'elasticsearch']);
    const first = byService(await reader.readAll());
    assert.equal(first.prometheus!.state, 'running');
    assert.equal(first.prometheus!.image, 'img/prometheus');
    assert.equal(first.elasticsearch!.state, 'missing', 'a service without a container is missing');

    engine.containers[1]!.failures = [500, 500];
    engine.containers[0]!.failures = [500]; // one failure: the retry answers
    const second = byService(await reader.readAll());
    assert.equal(second.prometheus!.state, 'running', 'a failed inspect made a running service something else');
    assert.equal(second.prometheus!.health, 'healthy', "the health from the listing's status line");
    assert.equal(second.prometheus!.stale, true);
    assert.equal(second.prometheus!.image, 'img/prometheus', 'the last known details are kept');
    assert.match(second.prometheus!.detail!, /engine did not answer/);
    assert.equal(second.app!.stale, undefined, 'one failure is retried once');
    assert.equal(second.app!.state, 'running');
  });

  it('a service the engine still calls "starting" reads healthy once it answers its healthcheck\'s question (local engine only); the engine\'s word replaces that', async () => {
    let answer = 503;
    const asked: string[] = [];
    const srv = http.createServer((req, res) => {
      asked.push(req.url ?? '');
      res.writeHead(answer).end('{}');
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      const engine = new FakeEngine();
      engine.socketPath = '/var/run/docker.sock';
      engine.containers = [
        { id: 'a1', service: 'app', state: 'running', health: 'starting', hostPort: (srv.address() as AddressInfo).port },
        { id: 'p1', service: 'prometheus', state: 'running', health: 'starting' }, // no port: nothing to ask
      ];
      const reader = new StackStatusReader(engine.docker(), PROJECT, ['app', 'prometheus']);
      let model = byService(await reader.readAll());
      assert.equal(model.app!.health, 'starting', 'a 503 is not ready');
      assert.equal(model.app!.answered, undefined);
      assert.deepEqual(asked, ['/health'], "the app's healthcheck path, asked once");

      answer = 200;
      model = byService(await reader.readAll());
      assert.equal(model.app!.health, 'healthy');
      assert.equal(model.app!.answered, true);
      assert.equal(model.prometheus!.health, 'starting');

      // The listing still says "health: starting": the answered model agrees with it, no inspect.
      engine.calls = [];
      await reader.reconcile();
      assert.deepEqual(engine.calls, ['list']);

      // The engine's first run said healthy and its event was missed: the listing's word is read (one inspect).
      engine.containers[0]!.health = 'healthy';
      engine.calls = [];
      model = byService(await reader.reconcile());
      assert.deepEqual(engine.calls, ['list', 'inspect a1']);
      assert.equal(model.app!.health, 'healthy');
      assert.equal(model.app!.answered, undefined);

      // The engine's first run says unhealthy: its word, not the earlier answer.
      model = byService(reader.applyHealth('a1', 'unhealthy')!);
      assert.equal(model.app!.health, 'unhealthy');
      assert.equal(model.app!.answered, undefined);

      // The same service through an engine over TCP: 127.0.0.1 here is not where it runs, so nothing is asked.
      engine.socketPath = undefined;
      engine.containers[0]!.health = 'starting';
      asked.length = 0;
      const remote = new StackStatusReader(engine.docker(), PROJECT, ['app', 'prometheus']);
      assert.equal(byService(await remote.readAll()).app!.health, 'starting');
      assert.deepEqual(asked, []);
    } finally {
      await new Promise((r) => srv.close(r));
    }
  });

  it('a container removed between list and inspect (404) is gone, not an error', async () => {
    const engine = new FakeEngine();
    engine.containers = [{ id: 'p1', service: 'prometheus', state: 'running', failures: [404] }];
    const reader = new StackStatusReader(engine.docker(), PROJECT, ['prometheus']);
    assert.equal((await reader.readAll())[0]!.state, 'missing');
  });

  it("reads the health out of the engine's status line", () => {
    assert.equal(healthFromStatusLine('Up 5 minutes (healthy)'), 'healthy');
    assert.equal(healthFromStatusLine('Up 5 seconds (health: starting)'), 'starting');
    assert.equal(healthFromStatusLine('Up 5 minutes (unhealthy)'), 'unhealthy');
    assert.equal(healthFromStatusLine('Up 5 minutes'), 'none');
  });
});

describe('core/stack watcher events', () => {
  it('classifies events: exec_* and attach ignored, health and destroy applied, state changes re-read', () => {
    const ev = (Action: string) => ({ Type: 'container', Action, Actor: { ID: 'c1', Attributes: {} }, time: 0 });
    assert.deepEqual(classifyEvent(ev('exec_create: /bin/sh -c curl -f http://127.0.0.1')), { kind: 'ignore' });
    assert.deepEqual(classifyEvent(ev('exec_start: /bin/sh -c true')), { kind: 'ignore' });
    assert.deepEqual(classifyEvent(ev('exec_die')), { kind: 'ignore' });
    assert.deepEqual(classifyEvent(ev('attach')), { kind: 'ignore' });
    assert.deepEqual(classifyEvent(ev('health_status: unhealthy')), { kind: 'health', containerId: 'c1', health: 'unhealthy' });
    assert.deepEqual(classifyEvent(ev('destroy')), { kind: 'destroyed', containerId: 'c1' });
    for (const a of ['create', 'start', 'die', 'stop', 'restart', 'rename', 'oom'])
      assert.deepEqual(classifyEvent(ev(a)), { kind: 'reread', containerId: 'c1' }, a);
  });

  it('health checks cost nothing; a die re-reads only that container; a burst is one read', async () => {
    const engine = new FakeEngine();
    engine.containers = [
      { id: 'a1', service: 'app', state: 'running', health: 'healthy' },
      { id: 'p1', service: 'prometheus', state: 'running', health: 'healthy' },
    ];
    const reader = new StackStatusReader(engine.docker(), PROJECT, ['app', 'prometheus']);
    const { watcher, models } = watch(engine, reader, 20);
    watcher.start();
    try {
      // The first read, the events stream, and the read that follows the stream's opening: then quiet.
      await waitUntil(() => models.length >= 1 && engine.calls.includes('events'));
      await new Promise((r) => setTimeout(r, 100));
      engine.calls = [];
      // A health check's exec events, many times over: no engine call at all.
      for (let i = 0; i < 20; i++) {
        engine.emit('exec_create: /bin/sh -c wget -q -O- http://127.0.0.1:9090/-/ready', 'p1');
        engine.emit('exec_start: /bin/sh -c wget -q -O- http://127.0.0.1:9090/-/ready', 'p1');
        engine.emit('exec_die', 'p1');
      }
      engine.emit('health_status: unhealthy', 'p1');
      await waitUntil(() => byService(models.at(-1)!).prometheus!.health === 'unhealthy');
      assert.deepEqual(engine.calls, [], 'exec and health events made engine calls');

      engine.containers[1]!.state = 'exited';
      engine.emit('kill', 'p1');
      engine.emit('die', 'p1');
      engine.emit('stop', 'p1');
      await waitUntil(() => byService(models.at(-1)!).prometheus!.state === 'exited');
      assert.deepEqual(engine.calls, ['inspect p1'], 'a burst about one container is one inspect of it, and no list');

      engine.containers.splice(1, 1);
      engine.calls = [];
      engine.emit('destroy', 'p1');
      await waitUntil(() => byService(models.at(-1)!).prometheus!.state === 'missing');
      assert.deepEqual(engine.calls, []);
    } finally {
      watcher.stop();
    }
  });

  it("before a full read has succeeded, an event's re-read reads everything: no service is missing for lack of a model", async () => {
    const engine = new FakeEngine();
    engine.containers = [
      { id: 'a1', service: 'app', state: 'running', health: 'healthy' },
      { id: 'p1', service: 'prometheus', state: 'running', health: 'healthy' },
    ];
    const reader = new StackStatusReader(engine.docker(), PROJECT, ['app', 'prometheus']);
    // The first full read failed (a busy engine), then an event names the app.
    engine.listFailures = 1;
    await assert.rejects(reader.readAll());
    engine.calls = [];
    const model = byService(await reader.readContainers(['a1']));
    assert.deepEqual(engine.calls, ['list', 'inspect a1', 'inspect p1']);
    assert.equal(model.prometheus!.state, 'running');
    assert.equal(model.app!.state, 'running');
    // With a model to patch, a re-read is one inspect again.
    engine.calls = [];
    await reader.readContainers(['a1']);
    assert.deepEqual(engine.calls, ['inspect a1']);
  });

  it('a failed read, or a re-read that left a container stale, is read again until the engine answers (no reconcile, no further event)', async () => {
    const engine = new FakeEngine();
    engine.containers = [
      { id: 'a1', service: 'app', state: 'running', health: 'healthy' },
      { id: 'p1', service: 'prometheus', state: 'running', health: 'healthy' },
    ];
    engine.listFailures = 2;
    const reader = new StackStatusReader(engine.docker(), PROJECT, ['app', 'prometheus']);
    const errors: Error[] = [];
    const { watcher, models } = watch(engine, reader, 20, { onError: (err) => errors.push(err), isStale: (m) => m.some((s) => s.stale), maxRetryMs: 100 });
    watcher.start();
    try {
      // The first read and its first retry fail; the next retry answers.
      await waitUntil(() => models.length >= 1);
      assert.equal(errors.length, 2);
      assert.equal(byService(models.at(-1)!).prometheus!.state, 'running');

      // Prometheus dies while the engine answers its inspects with 500s: the die event's re-read keeps it stale.
      engine.containers[1]!.state = 'exited';
      engine.containers[1]!.failures = [500, 500, 500, 500];
      engine.emit('die', 'p1');
      await waitUntil(() => byService(models.at(-1)!).prometheus!.stale === true);
      assert.equal(byService(models.at(-1)!).prometheus!.state, 'running', 'the last known state, marked stale');
      // No event follows a dead container: the watcher reads again by itself, until the engine answers.
      await waitUntil(() => byService(models.at(-1)!).prometheus!.state === 'exited' && !byService(models.at(-1)!).prometheus!.stale);
      const settled = engine.calls.length;
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(engine.calls.length, settled, 'no more reads once the model is whole');
    } finally {
      watcher.stop();
    }
  });

  it('a stopped watcher still reports a refresh (a Start from the palette with every view hidden)', async () => {
    const engine = new FakeEngine();
    engine.containers = [{ id: 'a1', service: 'app', state: 'running' }];
    const reader = new StackStatusReader(engine.docker(), PROJECT, ['app']);
    const models: unknown[] = [];
    const watcher = new StackWatcher({
      docker: engine.docker(),
      projectName: PROJECT,
      read: () => reader.readAll(),
      onChange: (m) => models.push(m),
      reconcile: false,
    });
    await watcher.refresh();
    assert.equal(models.length, 1);
    assert.equal(watcher.isRunning, false);
  });
});

/** A watcher over `reader` as the editor wires it (patches; no reconcile unless asked), collecting every model it reports. */
function watch(
  engine: FakeEngine,
  reader: StackStatusReader,
  debounceMs: number,
  extra: Partial<Pick<StackWatcherOptions<ReturnType<StackStatusReader['current']>>, 'onError' | 'isStale' | 'maxRetryMs' | 'reconcile' | 'reconcileMs'>> = {},
) {
  const models: Array<ReturnType<StackStatusReader['current']>> = [];
  const watcher = new StackWatcher({
    docker: engine.docker(),
    projectName: PROJECT,
    read: () => reader.readAll(),
    patches: readerPatches(() => reader),
    onChange: (m) => models.push(m),
    debounceMs,
    reconcile: false,
    ...extra,
  });
  return { watcher, models };
}

async function waitUntil(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('core/stack status reader: intent and foreign containers', () => {
  const setup = () => {
    const engine = new FakeEngine();
    engine.containers = [
      { id: 'a1', service: 'app', state: 'running', health: 'healthy' },
      { id: 'p1', service: 'prometheus', state: 'running', health: 'healthy' },
    ];
    const reader = new StackStatusReader(engine.docker(), PROJECT, ['app', 'prometheus', 'elasticsearch']);
    return { engine, reader };
  };

  it('a stop through the API (its stop event, whoever sent it) is expected; a die alone, or a kill without a stop, is not', async () => {
    const { engine, reader } = setup();
    await reader.readAll();
    // `monitoring-lab down`, `docker stop`, the editor's Stop: the engine emits kill, die, stop.
    engine.containers[1]!.state = 'exited';
    for (const action of ['kill', 'die', 'stop']) reader.noteAction('p1', action);
    let model = byService(await reader.readContainers(['p1']));
    assert.equal(model.prometheus!.state, 'exited');
    assert.equal(model.prometheus!.expectedDown, true);
    // Started again: no longer expected down; then it dies on its own: a crash, not expected.
    engine.containers[1]!.state = 'running';
    reader.noteAction('p1', 'start');
    await reader.readContainers(['p1']);
    engine.containers[1]!.state = 'exited';
    reader.noteAction('p1', 'die');
    model = byService(await reader.readContainers(['p1']));
    assert.equal(model.prometheus!.state, 'exited');
    assert.equal(model.prometheus!.expectedDown, undefined, 'a crash read as expected');
    // `docker kill` (kill, die, but no stop): not a stop anyone asked the lab for.
    engine.containers[1]!.state = 'running';
    reader.noteAction('p1', 'start');
    await reader.readContainers(['p1']);
    engine.containers[1]!.state = 'exited';
    for (const action of ['kill', 'die']) reader.noteAction('p1', action);
    model = byService(await reader.readContainers(['p1']));
    assert.equal(model.prometheus!.expectedDown, undefined, 'a kill without a stop read as expected');
  });

  it('a service never created while watched (a start in progress elsewhere) is missing but expected; one removed after a crash is not', async () => {
    const { engine, reader } = setup();
    const first = byService(await reader.readAll());
    assert.equal(first.elasticsearch!.state, 'missing');
    assert.equal(first.elasticsearch!.expectedDown, true);
    engine.containers.splice(0, 1); // app's container removed without a stop (docker rm of a crashed one)
    const model = byService(reader.applyDestroyed('a1')!);
    assert.equal(model.app!.state, 'missing');
    assert.equal(model.app!.expectedDown, undefined);
  });

  it("per-container reads: another project's container and a replacement under its temporary name are not adopted; a failed inspect keeps the last state, marked stale, with one reason (not a growing list)", async () => {
    const { engine, reader } = setup();
    await reader.readAll();
    const docker = engine.docker();
    const realGet = docker.getContainer.bind(docker);
    (docker as unknown as { getContainer: (id: string) => unknown }).getContainer = (id: string) => {
      if (id === 'other')
        return {
          inspect: async () => ({
            Id: 'other',
            Name: '/someone-app-1',
            State: { Running: true, Status: 'running' },
            Config: { Labels: { [LABEL.project]: 'someone', [LABEL.service]: 'app' } },
            HostConfig: {},
          }),
        };
      if (id === 'tmp')
        return {
          inspect: async () => ({
            Id: 'tmp',
            Name: `/a1a1a1a1a1a1_${PROJECT}-app-1`,
            State: { Running: false, Status: 'created' },
            Config: { Labels: { [LABEL.project]: PROJECT, [LABEL.service]: 'app' } },
            HostConfig: {},
          }),
        };
      return realGet(id);
    };
    const patched = new StackStatusReader(docker, PROJECT, ['app', 'prometheus']);
    await patched.readAll();
    const after = byService(await patched.readContainers(['other', 'tmp']));
    assert.equal(after.app!.containerId, 'a1', "a foreign or temporary container replaced the service's own");
    engine.containers[1]!.failures = [500, 500, 500, 500];
    await patched.readContainers(['p1']);
    const stale = byService(await patched.readContainers(['p1']));
    assert.equal(stale.prometheus!.state, 'running');
    assert.equal(stale.prometheus!.stale, true);
    assert.equal(patched.hasStale(), true);
    assert.equal((stale.prometheus!.detail!.match(/did not answer/g) ?? []).length, 1, stale.prometheus!.detail);
  });
});

describe('core/stack watcher: events during a read', () => {
  it("a health event arriving while a full read is in flight is not lost under the read's older answer", async () => {
    const engine = new FakeEngine();
    engine.containers = [{ id: 'p1', service: 'prometheus', state: 'running', health: 'starting' }];
    const reader = new StackStatusReader(engine.docker(), PROJECT, ['prometheus']);
    const { watcher, models } = watch(engine, reader, 5);
    watcher.start();
    try {
      await waitUntil(() => models.length >= 1 && engine.calls.includes('events'));
      let release!: () => void;
      engine.gate = new Promise<void>((r) => (release = r));
      const read = watcher.refresh(); // its inspect sees "starting"…
      await waitUntil(() => engine.calls.filter((c) => c === 'inspect p1').length >= 3);
      engine.containers[0]!.health = 'healthy';
      engine.emit('health_status: healthy', 'p1'); // …and the container turns healthy before the read answers
      await new Promise((r) => setTimeout(r, 20));
      engine.gate = undefined;
      release();
      await read;
      await waitUntil(() => byService(models.at(-1)!).prometheus!.health === 'healthy');
      await new Promise((r) => setTimeout(r, 30));
      assert.equal(byService(models.at(-1)!).prometheus!.health, 'healthy', "the read's older answer won");
    } finally {
      watcher.stop();
    }
  });
});

describe('core/stack safety reconcile: one listing when nothing changed', () => {
  const setup = () => {
    const engine = new FakeEngine();
    engine.containers = [
      { id: 'a1', service: 'app', state: 'running', health: 'healthy' },
      { id: 'p1', service: 'prometheus', state: 'running', health: 'healthy' },
    ];
    const reader = new StackStatusReader(engine.docker(), PROJECT, ['app', 'prometheus']);
    return { engine, reader };
  };

  it('unchanged: one list, no inspect; a health the listing disagrees with: that container only; a container that came or went: a full read', async () => {
    const { engine, reader } = setup();
    await reader.readAll();
    engine.calls = [];
    await reader.reconcile();
    assert.deepEqual(engine.calls, ['list']);

    // A health change whose event was missed: the status line says unhealthy, the model says healthy.
    engine.containers[1]!.health = 'unhealthy';
    engine.calls = [];
    const model = await reader.reconcile();
    assert.deepEqual(engine.calls, ['list', 'inspect p1']);
    assert.equal(model.find((s) => s.service === 'prometheus')?.health, 'unhealthy');

    // A stop whose event was missed: state differs.
    engine.containers[0]!.state = 'exited';
    engine.calls = [];
    assert.equal((await reader.reconcile()).find((s) => s.service === 'app')?.state, 'exited');
    assert.deepEqual(engine.calls, ['list', 'inspect a1']);

    // A container removed and recreated (new id) while no event arrived: everything is read again.
    engine.containers[0] = { id: 'a2', service: 'app', state: 'running', health: 'healthy' };
    engine.calls = [];
    const after = await reader.reconcile();
    assert.deepEqual(engine.calls, ['list', 'list', 'inspect a2', 'inspect p1']);
    assert.equal(after.find((s) => s.service === 'app')?.containerId, 'a2');
  });

  it("the watcher's reconcile timer costs one list per tick while the lab is unchanged", async () => {
    const { engine, reader } = setup();
    const { watcher } = watch(engine, reader, 5, { reconcile: true, reconcileMs: 30 });
    watcher.start();
    try {
      await waitUntil(() => engine.calls.filter((c) => c === 'list').length >= 2);
      const since = engine.calls.length;
      await waitUntil(() => engine.calls.slice(since).filter((c) => c === 'list').length >= 3);
      const tick = engine.calls.slice(since);
      assert.deepEqual(
        tick.filter((c) => c !== 'list'),
        [],
        `reconcile ticks inspected: ${tick.join(', ')}`,
      );
    } finally {
      watcher.stop();
    }
  });
});
