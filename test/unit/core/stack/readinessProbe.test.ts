import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Docker from 'dockerode';
import { composeVariables } from '../../../../src/core/config/composeVariables';
import { loadCompose } from '../../../../src/core/stack/compose';
import type { EngineEvent, EngineEventStream } from '../../../../src/core/stack/engine/engineEvents';
import { ServiceFailedError } from '../../../../src/core/stack/engine/errors';
import { waitUntilReady } from '../../../../src/core/stack/engine/readiness';
import { READINESS_PROBES, engineIsLocal, pollReadiness, probeOnce, probeUrl, readinessProbeFor } from '../../../../src/core/stack/engine/readinessProbe';
import { planStack } from '../../../../src/core/stack/plan/planStack';
import { REAL_COMPOSE, REAL_PROMETHEUS_YML, testConfig } from './fixtures';

const LAB_DIR = '/home/me/.local/share/monitoring-lab/stack-0.1.0';

function fullPlan(overrides: Parameters<typeof testConfig>[0] = {}) {
  const config = testConfig({ profile: 'full', ...overrides });
  const secrets = { demoPassword: 'pw', adminToken: 'tok', grafanaAdminPassword: 'gpw' };
  const project = loadCompose(REAL_COMPOSE, { variables: composeVariables(config, secrets), profiles: ['full'] });
  const files: Record<string, string> = { [`${LAB_DIR}/prometheus/prometheus.yml`]: REAL_PROMETHEUS_YML };
  return planStack(project, config, { labDir: LAB_DIR, composeFile: `${LAB_DIR}/compose.yaml`, platform: 'posix', readTextFile: (f) => files[f] });
}

const localEngine = { modem: { socketPath: '/var/run/docker.sock' } } as unknown as Docker;
const tcpEngine = { modem: { host: '10.0.0.5', port: 2376 } } as unknown as Docker;

/** A local HTTP server answering every request with `answer()`; closed by the returned function. */
async function server(answer: () => { status: number; body: string }): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const srv = http.createServer((_req, res) => {
    hits++;
    const a = answer();
    res.writeHead(a.status, { 'content-type': 'application/json' });
    res.end(a.body);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, hits: () => hits, close: () => new Promise((r) => srv.close(() => r())) };
}

describe('core/stack readiness probes', () => {
  it('every service with a healthcheck in compose.yaml has a probe asking the same path', () => {
    const plan = fullPlan();
    const withHealthcheck = Object.values(plan.services).filter((s) => s.hasHealthcheck);
    assert.deepEqual(withHealthcheck.map((s) => s.name).sort(), Object.keys(READINESS_PROBES).sort());
    for (const service of withHealthcheck) {
      const test = (service.create.Healthcheck?.Test ?? []).join(' ');
      const probePath = READINESS_PROBES[service.name]!.path;
      assert.ok(test.includes(probePath), `${service.name}: the healthcheck (${test}) asks ${probePath}`);
    }
  });

  it('probes each service on its host port, on loopback for a wildcard binding', () => {
    const plan = fullPlan({ ports: { elasticsearch: 19200 } });
    assert.equal(probeUrl(plan.services.elasticsearch!), 'http://127.0.0.1:19200/_cluster/health');
    const wildcard = fullPlan({ bindAddress: '0.0.0.0' });
    assert.match(probeUrl(wildcard.services.app!) ?? '', /^http:\/\/127\.0\.0\.1:\d+\/health$/);
    const v6 = { ...plan.services.app!, hostPorts: [{ ...plan.services.app!.hostPorts[0]!, hostIp: '::1' }] };
    assert.match(probeUrl(v6) ?? '', /^http:\/\/\[::1\]:\d+\/health$/);
    const v6Wildcard = { ...plan.services.app!, hostPorts: [{ ...plan.services.app!.hostPorts[0]!, hostIp: '::' }] };
    assert.match(probeUrl(v6Wildcard) ?? '', /^http:\/\/127\.0\.0\.1:\d+\/health$/, 'a wildcard is reached on loopback, as every lab URL');
    assert.equal(probeUrl({ ...plan.services.app!, hostPorts: [] }), undefined, 'no host port: nothing to ask');
    assert.equal(probeUrl({ ...plan.services.app!, name: 'kibana-setup' }), undefined, 'no probe for a one-shot service');
  });

  it('probes only through an engine on a local socket, and only services that have a healthcheck', () => {
    const plan = fullPlan();
    assert.equal(engineIsLocal(localEngine), true);
    assert.equal(engineIsLocal(tcpEngine), false);
    assert.ok(readinessProbeFor(localEngine, plan.services.app!));
    assert.equal(readinessProbeFor(tcpEngine, plan.services.app!), undefined, 'a remote engine: 127.0.0.1 here is another machine');
    assert.equal(readinessProbeFor(localEngine, { ...plan.services.app!, hasHealthcheck: false }), undefined);
  });

  it('reads an answer the way the healthcheck does', () => {
    const es = READINESS_PROBES.elasticsearch!;
    assert.equal(es.ready(200, '{"cluster_name":"x","status":"yellow","timed_out":false}'), true);
    assert.equal(es.ready(200, '{"status" : "green"}'), true);
    assert.equal(es.ready(408, '{"status":"red","timed_out":true}'), false);
    assert.equal(es.ready(200, '{"status":"red"}'), false);
    assert.equal(READINESS_PROBES.kibana!.ready(200, '{"status":{"overall":{"level":"degraded"}}}'), false);
    assert.equal(READINESS_PROBES.kibana!.ready(200, '{"status":{"overall":{"level":"available"}}}'), true);
    assert.equal(READINESS_PROBES.app!.ready(503, '{}'), false);
    assert.equal(READINESS_PROBES.app!.ready(200, '{"status":"ok"}'), true);
  });

  it('probeOnce: true on a ready answer; false on another answer, a refused connection or a timeout', async () => {
    let answer = { status: 200, body: '{"status":"yellow"}' };
    const srv = await server(() => answer);
    try {
      const es = READINESS_PROBES.elasticsearch!;
      assert.equal(await probeOnce(`${srv.url}/_cluster/health`, es), true);
      answer = { status: 408, body: '{"status":"red"}' };
      assert.equal(await probeOnce(`${srv.url}/_cluster/health`, es), false);
    } finally {
      await srv.close();
    }
    assert.equal(await probeOnce(`${srv.url}/health`, READINESS_PROBES.app!), false, 'nothing listens any more');
    const silent = http.createServer(() => undefined); // accepts, never answers
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const started = Date.now();
      assert.equal(await probeOnce(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/health`, READINESS_PROBES.app!, 150), false);
      assert.ok(Date.now() - started < 2000, 'bounded by its timeout');
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
  });

  it('pollReadiness asks again until ready, calls back once, and stops when told', async () => {
    const answers = [false, false, true, true];
    let asked = 0;
    let ready = 0;
    pollReadiness(
      async () => answers[asked++] ?? true,
      () => ready++,
      5,
    );
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(asked, 3, 'stops asking once ready');
    assert.equal(ready, 1);

    let asked2 = 0;
    const stop = pollReadiness(
      async () => (asked2++, false),
      () => assert.fail('never ready'),
      5,
    );
    await new Promise((r) => setTimeout(r, 40));
    stop();
    const atStop = asked2;
    await new Promise((r) => setTimeout(r, 40));
    assert.ok(atStop >= 2, 'kept asking while not ready');
    assert.ok(asked2 <= atStop + 1, 'nothing new after stop (one in flight at most)');
  });
});

/** An engine with one running container in 'starting' health, and an event stream the test drives. */
function fakeEngine(opts: { logs?: string } = {}) {
  const listeners = new Set<(e: EngineEvent) => void>();
  const startedAt = '2026-11-30T04:00:00.000000000Z';
  const docker = {
    getContainer: () => ({
      inspect: async () => ({ State: { Running: true, Status: 'running', StartedAt: startedAt, Health: { Status: 'starting' } } }),
      logs: async () => Buffer.from(opts.logs ?? ''),
    }),
  } as unknown as Docker;
  const events = {
    on: (l: (e: EngineEvent) => void) => (listeners.add(l), () => listeners.delete(l)),
    onEnd: () => () => undefined,
  } as unknown as EngineEventStream;
  const emit = (action: string, attributes: Record<string, string> = {}) => {
    const event: EngineEvent = { Type: 'container', Action: action, Actor: { ID: 'c1', Attributes: attributes }, time: Date.parse(startedAt) / 1000 + 5 };
    for (const l of [...listeners]) l(event);
  };
  return { docker, events, emit, listenerCount: () => listeners.size };
}

describe('core/stack waitUntilReady with a readiness probe', () => {
  const target = (probe?: () => Promise<boolean>) => ({ service: 'app', containerId: 'c1', hasHealthcheck: true, timeoutMs: 5_000, probe });

  it('is ready when the service answers, before the engine runs its healthcheck', async () => {
    const engine = fakeEngine();
    let asked = 0;
    const started = Date.now();
    await waitUntilReady(
      engine.docker,
      engine.events,
      target(async () => ++asked >= 2),
    );
    assert.ok(Date.now() - started < 1_000, 'did not wait for a health event');
    assert.equal(asked, 2);
    assert.equal(engine.listenerCount(), 0, 'unsubscribed from the engine events');
  });

  it('without an answer, the engine health event still makes it ready', async () => {
    const engine = fakeEngine();
    const waiting = waitUntilReady(
      engine.docker,
      engine.events,
      target(async () => false),
    );
    await new Promise((r) => setTimeout(r, 150));
    engine.emit('health_status: healthy');
    await waiting;
  });

  it('the engine decides failure: an exit fails the wait even while probes are pending, and a late answer cannot undo it', async () => {
    const engine = fakeEngine({ logs: 'boom' });
    let release: (v: boolean) => void = () => undefined;
    const waiting = waitUntilReady(
      engine.docker,
      engine.events,
      target(() => new Promise<boolean>((r) => (release = r))),
    );
    await new Promise((r) => setTimeout(r, 20));
    engine.emit('die', { exitCode: '3' });
    release(true); // the probe in flight answers "ready" while the failure's log lines are read
    await assert.rejects(waiting, (e: Error) => e instanceof ServiceFailedError && /exited \(code 3\)/.test(e.message));
  });

  it('a service without a probe waits for the engine as before', async () => {
    const engine = fakeEngine();
    let done = false;
    const waiting = waitUntilReady(engine.docker, engine.events, target()).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(done, false);
    engine.emit('health_status: healthy');
    await waiting;
  });
});
