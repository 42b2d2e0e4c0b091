// The one bridge-network smoke test: the lite stack as users get it. networkMode 'bridge' (the orchestrator
// creates the compose network `<project>_default` with compose labels), ports published on 127.0.0.1 only,
// services finding each other by name. The containers are this test's own hosts on the test bed's own engine
// (dockerd with --bridge=none --iptables=false --ip-forward=false --ip-masq=false): the test talks to
// 127.0.0.1 only, through the published ports, and never addresses a container's private address.
// Every other integration test uses host networking.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type Docker from 'dockerode';
import { LABEL, stackStatus } from '../../src/core/stack';
import type { BridgeTestLab } from './fixtures/bridgeLab';
import { startBridgeTestLab } from './fixtures/bridgeLab';
import { removeDeadRuns, suiteProjectPrefix } from './fixtures/lab';
import { testEngine, waitFor } from './fixtures/engine';

const SUITE = 'bridge';
const PROJECT_PREFIX = suiteProjectPrefix('bridge');
const LITE = ['app', 'elasticsearch', 'prometheus', 'node-exporter'];
/** Container port of each lite service, as compose.yaml publishes them. */
const CONTAINER_PORTS: Record<string, number> = { app: 8080, elasticsearch: 9200, prometheus: 9090, 'node-exporter': 9100 };

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  assert.equal(res.status, 200, `GET ${url} answered ${res.status}`);
  return (await res.json()) as T;
}

interface Target {
  health: string;
  scrapeUrl: string;
  lastError: string;
  labels: { job: string; instance: string };
}

describe('integration: bridge network smoke (lite stack as users get it)', function () {
  this.timeout(300_000);
  let docker: Docker;
  let bed: BridgeTestLab | undefined;
  const timings: Record<string, number> = {};
  const url = (service: 'app' | 'elasticsearch' | 'prometheus' | 'node-exporter') => bed!.lab.url(service);

  before(async function () {
    this.timeout(360_000);
    docker = (await testEngine()).docker;
    const swept = await removeDeadRuns(docker, PROJECT_PREFIX);
    if (swept.length > 0) console.log(`      removed leftovers of dead runs: ${swept.join(', ')}`);
    bed = await startBridgeTestLab(SUITE);
    timings.startToAllHealthyMs = bed.startMs;
    console.log(`      project ${bed.lab.config.projectName}; FORWARD rule ${bed.decision.needed ? 'added' : 'not needed'}: ${bed.decision.reason}`);
  });

  after(async () => {
    // The last test tears down and asserts; this is the safety net when an earlier test failed (idempotent).
    if (bed) await bed.teardown();
    console.log(`      timings: ${JSON.stringify(timings)}`);
  });

  it("the config is the users' default shape: bridge network, 127.0.0.1, built with the host network", () => {
    const config = bed!.lab.config;
    assert.equal(config.networkMode, 'bridge');
    assert.equal(config.bindAddress, '127.0.0.1');
    assert.equal(config.buildWithHostNetwork, true);
    assert.equal(config.profile, 'lite');
  });

  it('every lite service is running and healthy (stackStatus), each port published on 127.0.0.1', async () => {
    const config = bed!.lab.config;
    const statuses = await stackStatus(docker, config);
    assert.deepEqual(
      statuses.map((s) => s.service),
      LITE,
    );
    for (const s of statuses) {
      assert.equal(s.state, 'running', `${s.service}: ${s.detail}`);
      assert.equal(s.health, 'healthy', `${s.service} health`);
      assert.deepEqual(
        s.ports,
        [{ hostIp: '127.0.0.1', hostPort: config.ports[s.service as keyof typeof config.ports], containerPort: CONTAINER_PORTS[s.service], protocol: 'tcp' }],
        `${s.service} ports`,
      );
    }
  });

  it('each published port answers on 127.0.0.1: app /health, ES cluster health, Prometheus /-/ready, Node Exporter /metrics', async () => {
    const started = Date.now();
    const health = await getJson<{ status: string }>(`${url('app')}/health`);
    assert.equal(health.status, 'ok');

    const cluster = await getJson<{ status: string; cluster_name: string; number_of_nodes: number }>(`${url('elasticsearch')}/_cluster/health`);
    assert.ok(['green', 'yellow'].includes(cluster.status), `cluster status ${cluster.status}`);
    assert.equal(cluster.cluster_name, 'monitoring-lab');
    assert.equal(cluster.number_of_nodes, 1);

    const ready = await fetch(`${url('prometheus')}/-/ready`, { signal: AbortSignal.timeout(5000) });
    assert.equal(ready.status, 200);

    const metrics = await fetch(`${url('node-exporter')}/metrics`, { signal: AbortSignal.timeout(5000) });
    assert.equal(metrics.status, 200);
    assert.match(await metrics.text(), /^node_cpu_seconds_total\{/m);
    timings.portProbesMs = Date.now() - started;
  });

  it('services find each other by name: Prometheus scrapes node-exporter:9100 and app:8080 (targets up)', async () => {
    const started = Date.now();
    let last: Target[] = [];
    const summary = () => JSON.stringify(last.map((t) => ({ instance: t.labels.instance, health: t.health, lastError: t.lastError })));
    await waitFor(
      'Prometheus targets node-exporter:9100 and app:8080 to be up (by service name)',
      async () => {
        last = (await getJson<{ data: { activeTargets: Target[] } }>(`${url('prometheus')}/api/v1/targets`)).data.activeTargets;
        const up = (instance: string) => last.some((t) => t.labels.instance === instance && t.health === 'up');
        return up('node-exporter:9100') && up('app:8080');
      },
      45_000,
      500,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; targets: ${summary()}`);
    });
    // The scrape URLs are the service names, not rewritten addresses (as they are with host networking).
    const byJob = Object.fromEntries(last.map((t) => [t.labels.job, t]));
    assert.equal(byJob.node!.scrapeUrl, 'http://node-exporter:9100/metrics');
    assert.equal(byJob.app!.scrapeUrl, 'http://app:8080/metrics');
    timings.targetsUpMs = Date.now() - started;
  });

  it('the app ships a failed login to Elasticsearch by name; it is found through the published ES port (LogStore)', async () => {
    const app = await bed!.lab.container('app');
    const env = (await app.inspect()).Config.Env ?? [];
    assert.ok(env.includes('LAB_ELASTICSEARCH_URL=http://elasticsearch:9200'), `app env: ${env.filter((e) => e.startsWith('LAB_ELASTICSEARCH')).join(', ')}`);

    const started = Date.now();
    const since = started - 1000;
    const user = `bridge-smoke-${process.pid}-${started.toString(36)}`;
    const status = await bed!.lab.app().login(user, 'definitely-wrong');
    assert.equal(status, 401, 'POST /login with a wrong password');

    const logs = bed!.lab.logStore();
    let seen = 0;
    const events = await waitFor(
      `the failed login of ${user} to be searchable in Elasticsearch (failed-logins since ${new Date(since).toISOString()}, last count ${seen})`,
      async () => {
        const found = (await logs.search('failed-logins', { from: since }, 50)).filter((e) => e.userName === user);
        seen = found.length;
        return found.length > 0 ? found : undefined;
      },
      30_000,
      500,
    );
    assert.equal(events.length, 1, 'exactly one document for one failed login');
    assert.equal(events[0]!.message, 'Failed login attempt');
    assert.equal(events[0]!.action, 'login-failed');
    assert.equal(events[0]!.outcome, 'failure');
    timings.loginSearchableMs = Date.now() - started;
  });

  it('the network carries compose labels, every container is on it by its service name, ports bind 127.0.0.1 only', async () => {
    const { projectName } = bed!.lab.config;
    const network = await docker.getNetwork(bed!.networkName).inspect();
    assert.equal(network.Name, `${projectName}_default`);
    assert.equal(network.Driver, 'bridge');
    assert.equal(network.Labels?.[LABEL.project], projectName);
    assert.equal(network.Labels?.[LABEL.network], 'default');
    assert.deepEqual(
      (await docker.listNetworks({ filters: { label: [`${LABEL.project}=${projectName}`] } })).map((n) => n.Name),
      [bed!.networkName],
      'the project has exactly one network',
    );

    const attached = new Set(Object.keys((network.Containers ?? {}) as Record<string, unknown>));
    for (const service of LITE) {
      const info = await (await bed!.lab.container(service)).inspect();
      assert.ok(attached.has(info.Id), `${service} is attached to ${bed!.networkName}`);
      assert.equal(info.HostConfig.NetworkMode, bed!.networkName, `${service} network mode`);
      const endpoint = info.NetworkSettings.Networks[bed!.networkName];
      assert.ok(endpoint, `${service} has an endpoint on ${bed!.networkName}`);
      assert.ok(((endpoint.Aliases as string[] | undefined) ?? []).includes(service), `${service} aliases ${JSON.stringify(endpoint.Aliases)}`);

      const key = `${CONTAINER_PORTS[service]}/tcp`;
      const configured = (info.HostConfig.PortBindings ?? {}) as Record<string, Array<{ HostIp: string; HostPort: string }>>;
      assert.deepEqual(Object.keys(configured), [key], `${service} publishes exactly ${key}`);
      assert.deepEqual(configured[key], [{ HostIp: '127.0.0.1', HostPort: String(bed!.lab.config.ports[service as 'app']) }], `${service} PortBindings`);
      const live = (info.NetworkSettings.Ports ?? {}) as Record<string, Array<{ HostIp: string; HostPort: string }> | null>;
      const bindings = Object.values(live).flatMap((b) => b ?? []);
      assert.ok(bindings.length > 0, `${service} has live port bindings`);
      for (const b of bindings) assert.equal(b.HostIp, '127.0.0.1', `${service} binds ${b.HostIp}:${b.HostPort}`);
    }
  });

  it('reset removes containers, network and volumes; the FORWARD rule is gone; nothing of the project is left', async () => {
    const b = bed!;
    const { projectName, labBaseDir } = b.lab.config;
    const volumesBefore = (await docker.listVolumes({ filters: { label: [`${LABEL.project}=${projectName}`] } })).Volumes ?? [];
    assert.deepEqual(volumesBefore.map((v) => v.Name).sort(), [`${projectName}_esdata`, `${projectName}_promdata`], 'volumes before reset');

    const started = Date.now();
    await b.teardown();
    timings.teardownMs = Date.now() - started;

    const filter = { label: [`${LABEL.project}=${projectName}`] };
    assert.deepEqual(await docker.listContainers({ all: true, filters: filter }), [], 'containers left');
    assert.deepEqual(await docker.listNetworks({ filters: filter }), [], 'networks left');
    assert.deepEqual((await docker.listVolumes({ filters: filter })).Volumes ?? [], [], 'volumes left');
    const byName = await docker.listNetworks({ filters: { name: [b.networkName] } });
    assert.deepEqual(
      byName.map((n) => n.Name).filter((n) => n === b.networkName),
      [],
      'network by name',
    );
    const byPrefix = (await docker.listContainers({ all: true })).filter((c) => c.Names.some((n) => n.startsWith(`/${projectName}-`)));
    assert.deepEqual(
      byPrefix.map((c) => c.Names),
      [],
      'containers named after the project',
    );
    assert.equal(await b.forward.present(), false, `FORWARD rule for ${b.forward.bridge ?? '(none made)'}`);
    assert.equal(b.forward.added, false);
    assert.equal(fs.existsSync(labBaseDir), false, 'lab directory removed');
    // A port the lab published is free again on 127.0.0.1 (docker-proxy gone).
    await assert.rejects(fetch(`http://127.0.0.1:${b.lab.config.ports.elasticsearch}/`, { signal: AbortSignal.timeout(2000) }), 'ES port no longer answers');
  });
});
