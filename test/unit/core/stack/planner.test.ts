import * as assert from 'node:assert/strict';
import type { LabConfig } from '../../../../src/core/config';
import { composeVariables } from '../../../../src/core/config/composeVariables';
import { loadCompose } from '../../../../src/core/stack/compose';
import { DependencyCycleError, dependencyOrder } from '../../../../src/core/stack/plan/order';
import type { PlanContext } from '../../../../src/core/stack/plan/planStack';
import { planStack } from '../../../../src/core/stack/plan/planStack';
import { LABEL } from '../../../../src/core/stack/plan/labels';
import { PortInUseError, assertPortsFree } from '../../../../src/core/stack/plan/portCheck';
import { REAL_COMPOSE, REAL_PROMETHEUS_YML, testConfig } from './fixtures';

const LAB_DIR = '/home/me/.local/share/monitoring-lab/stack-0.1.0';

function context(files: Record<string, string> = { [`${LAB_DIR}/prometheus/prometheus.yml`]: REAL_PROMETHEUS_YML }): PlanContext {
  return { labDir: LAB_DIR, composeFile: `${LAB_DIR}/compose.yaml`, platform: 'posix', readTextFile: (f) => files[f] };
}

function plan(config: LabConfig, ctx = context()) {
  const secrets = { demoPassword: 'pw', adminToken: 'tok', grafanaAdminPassword: 'gpw' };
  const project = loadCompose(REAL_COMPOSE, { variables: composeVariables(config, secrets), profiles: config.profile === 'full' ? ['full'] : [] });
  return planStack(project, config, ctx);
}

function env(create: { Env?: string[] }): Record<string, string> {
  return Object.fromEntries((create.Env ?? []).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
}

describe('stack planner', () => {
  describe('dependency order', () => {
    it('orders dependencies first and groups parallel levels', () => {
      const result = dependencyOrder({ app: ['es'], es: [], prom: ['node'], node: [], grafana: ['prom', 'es'] });
      assert.deepEqual(result.levels, [['es', 'node'], ['app', 'prom'], ['grafana']]);
      assert.deepEqual(result.order, ['es', 'node', 'app', 'prom', 'grafana']);
    });

    it('names the cycle', () => {
      assert.throws(
        () => dependencyOrder({ a: ['b'], b: ['c'], c: ['a'], d: [] }),
        (e: Error) => e instanceof DependencyCycleError && e.message === 'services depend on each other in a cycle: a → b → c → a',
      );
      assert.throws(() => dependencyOrder({ self: ['self'] }), /self → self/);
    });

    it('plans the real stack in levels', () => {
      assert.deepEqual(plan(testConfig()).levels, [
        ['elasticsearch', 'node-exporter'],
        ['app', 'prometheus'],
      ]);
      assert.deepEqual(plan(testConfig({ profile: 'full' })).levels, [
        ['elasticsearch', 'node-exporter'],
        ['app', 'prometheus', 'kibana'],
        ['kibana-setup', 'grafana'],
      ]);
    });
  });

  describe('bridge mode (users)', () => {
    const result = plan(testConfig({ ports: { elasticsearch: 19200 } }));
    const es = result.services.elasticsearch!;

    it('publishes ports on the bind address and joins the project network under the service name', () => {
      assert.deepEqual(es.create.HostConfig?.PortBindings, { '9200/tcp': [{ HostIp: '127.0.0.1', HostPort: '19200' }] });
      assert.equal(es.create.HostConfig?.NetworkMode, 'mlab-unit_default');
      assert.deepEqual(es.create.NetworkingConfig, { EndpointsConfig: { 'mlab-unit_default': { Aliases: ['elasticsearch'] } } });
      assert.deepEqual(result.network?.labels[LABEL.project], 'mlab-unit');
      assert.deepEqual(es.hostPorts, [
        { service: 'elasticsearch', port: 19200, hostIp: '127.0.0.1', protocol: 'tcp', setting: 'monitoringLab.ports.elasticsearch' },
      ]);
    });

    it('names containers, volumes and mounts as compose does', () => {
      assert.equal(es.containerName, 'mlab-unit-elasticsearch-1');
      assert.deepEqual(
        result.volumes.map((v) => v.name),
        ['mlab-unit_esdata', 'mlab-unit_promdata', 'mlab-unit_grafanadata'],
      );
      assert.equal(result.volumes[0]!.labels[LABEL.volume], 'esdata');
      const mounts = result.services.prometheus!.create.HostConfig?.Mounts;
      assert.deepEqual(mounts, [
        { Type: 'bind', Source: `${LAB_DIR}/prometheus/prometheus.yml`, Target: '/etc/prometheus/prometheus.yml', ReadOnly: true },
        { Type: 'volume', Source: 'mlab-unit_promdata', Target: '/prometheus', ReadOnly: false },
      ]);
    });

    it('carries compose-compatible labels', () => {
      const labels = es.create.Labels ?? {};
      assert.equal(labels['com.docker.compose.project'], 'mlab-unit');
      assert.equal(labels['com.docker.compose.service'], 'elasticsearch');
      assert.equal(labels['com.docker.compose.oneoff'], 'False');
      assert.equal(labels['com.docker.compose.config-hash'], es.configHash);
      assert.match(es.configHash, /^[0-9a-f]{64}$/);
      assert.equal(labels['com.docker.compose.project.working_dir'], LAB_DIR);
      assert.equal(labels['com.docker.compose.project.config_files'], `${LAB_DIR}/compose.yaml`);
      assert.match(labels['com.docker.compose.version'] ?? '', /^\d+\.\d+\.\d+$/);
      assert.equal(result.services.app!.create.Labels?.['com.docker.compose.depends_on'], 'elasticsearch:service_healthy:false');
    });

    it('keeps service addresses as written, and healthchecks in nanoseconds', () => {
      assert.equal(env(result.services.app!.create).LAB_ELASTICSEARCH_URL, 'http://elasticsearch:9200');
      assert.equal(es.create.Healthcheck?.Interval, 2e9);
      assert.equal(es.create.Healthcheck?.Retries, 90);
      assert.equal(result.renderedFiles.length, 0);
    });

    it('uses image overrides from the configuration', () => {
      const overridden = plan(testConfig({ images: { prometheus: '127.0.0.1:5055/prom/prometheus:v2.42.0' } }));
      assert.equal(overridden.services.prometheus!.image, '127.0.0.1:5055/prom/prometheus:v2.42.0');
      assert.equal(overridden.services.prometheus!.create.Image, '127.0.0.1:5055/prom/prometheus:v2.42.0');
      assert.equal(overridden.services.app!.image, 'monitoring-lab/app:0.1.0');
    });
  });

  describe('host-network transform (test bed)', () => {
    const ports = { app: 18088, elasticsearch: 19200, prometheus: 19090, 'node-exporter': 19100 };
    const result = plan(testConfig({ networkMode: 'host', ports }));
    const app = result.services.app!;

    it('uses the host network and publishes nothing', () => {
      for (const service of Object.values(result.services)) {
        assert.equal(service.create.HostConfig?.NetworkMode, 'host');
        assert.equal(service.create.HostConfig?.PortBindings, undefined);
        assert.equal(service.create.NetworkingConfig, undefined);
      }
      assert.equal(result.network, undefined);
    });

    it('fills {port} in environment and command-append', () => {
      assert.equal(env(app.create).LAB_PORT, '18088');
      assert.equal(env(app.create).LAB_HOST, '127.0.0.1');
      assert.equal(env(result.services.elasticsearch!.create)['http.port'], '19200');
      assert.deepEqual(result.services['node-exporter']!.create.Cmd, ['--web.listen-address=127.0.0.1:19100']);
      assert.equal(result.services.prometheus!.create.Cmd?.at(-1), '--web.listen-address=127.0.0.1:19090');
    });

    it('rewrites service addresses in environment values and healthchecks', () => {
      assert.equal(env(app.create).LAB_ELASTICSEARCH_URL, 'http://127.0.0.1:19200');
      assert.match(app.create.Healthcheck?.Test?.[3] ?? '', /http:\/\/127\.0\.0\.1:18088\/health/);
      assert.match(result.services.elasticsearch!.create.Healthcheck?.Test?.[1] ?? '', /127\.0\.0\.1:19200\/_cluster/);
    });

    it('mounts a rewritten prometheus.yml from the lab directory and leaves the source alone', () => {
      assert.equal(result.renderedFiles.length, 1);
      const rendered = result.renderedFiles[0]!;
      assert.equal(rendered.path, `${LAB_DIR}/.rendered/prometheus/prometheus.yml`);
      assert.match(rendered.content, /targets: \["127\.0\.0\.1:19100"\]/);
      assert.match(rendered.content, /targets: \["127\.0\.0\.1:18088"\]/);
      assert.match(rendered.content, /targets: \["127\.0\.0\.1:19090"\]/);
      assert.doesNotMatch(rendered.content, /node-exporter:9100|app:8080/);
      assert.equal(result.services.prometheus!.create.HostConfig?.Mounts?.[0]?.Source, rendered.path);
      assert.match(REAL_PROMETHEUS_YML, /node-exporter:9100/);
    });
  });

  describe('config hash', () => {
    const base = plan(testConfig());
    const hashes = (p: typeof base) => Object.fromEntries(Object.values(p.services).map((s) => [s.name, s.configHash]));
    const changed = (p: typeof base) => Object.keys(p.services).filter((name) => hashes(p)[name] !== hashes(base)[name]);

    it('is stable for the same input', () => {
      assert.deepEqual(hashes(plan(testConfig())), hashes(base));
    });

    it('changes only for the services a setting affects', () => {
      assert.deepEqual(changed(plan(testConfig({ logIndex: 'other-logs' }))), ['app']);
      assert.deepEqual(changed(plan(testConfig({ ports: { prometheus: 19090 } }))), ['prometheus']);
      assert.deepEqual(changed(plan(testConfig({ images: { 'node-exporter': 'mirror.local/node-exporter:v1.5.0' } }))), ['node-exporter']);
    });

    it('changes when a mounted config file changes', () => {
      const edited = plan(testConfig(), context({ [`${LAB_DIR}/prometheus/prometheus.yml`]: `${REAL_PROMETHEUS_YML}\n# edited\n` }));
      assert.deepEqual(changed(edited), ['prometheus']);
    });

    it('in host mode, follows the rewritten addresses (a new Elasticsearch port recreates the app too)', () => {
      const ports = { app: 18088, elasticsearch: 19200, prometheus: 19090, 'node-exporter': 19100 };
      const hostBase = plan(testConfig({ networkMode: 'host', ports }));
      const moved = plan(testConfig({ networkMode: 'host', ports: { ...ports, elasticsearch: 19201 } }));
      const diff = Object.keys(moved.services).filter((n) => moved.services[n]!.configHash !== hostBase.services[n]!.configHash);
      assert.deepEqual(diff, ['app', 'elasticsearch']);
    });
  });

  describe('port check', () => {
    const claims = plan(testConfig()).order.flatMap((name) => plan(testConfig()).services[name]!.hostPorts);

    it('names every taken port and its setting', async () => {
      const taken = new Set([9200, 9100]);
      await assert.rejects(
        assertPortsFree(claims, new Set(), async (_ip, port) => (taken.has(port) ? 'is already in use' : undefined)),
        (e: Error) => {
          assert.ok(e instanceof PortInUseError);
          assert.equal(
            e.message,
            'port 9200 on 127.0.0.1 for elasticsearch is already in use (setting monitoringLab.ports.elasticsearch): free it or choose another port; ' +
              'port 9100 on 127.0.0.1 for node-exporter is already in use (setting monitoringLab.ports.nodeExporter): free it or choose another port',
          );
          return true;
        },
      );
    });

    it('skips ports the lab itself holds', async () => {
      const probed: number[] = [];
      await assertPortsFree(claims, new Set(['127.0.0.1:9200']), async (_ip, port) => {
        probed.push(port);
        return undefined;
      });
      assert.deepEqual(probed.sort(), [8088, 9090, 9100]);
    });
  });
});
