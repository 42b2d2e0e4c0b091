// Exposure: which bind addresses keep the lab on this machine, what a non-loopback one exposes, IPv6 in URLs and
// in compose's port syntax, and the settings a workspace must not be able to set.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { LabConfigError, composeHostIp, createLabConfig, exposureOf, exposureWarning, isLoopback, urlHost } from '../../../../src/core/config';
import type Docker from 'dockerode';
import { serviceUrl } from '../../../../src/core/lab/endpoints';
import { startLab } from '../../../../src/core/lab/startLab';
import type { StackProgress } from '../../../../src/core/stack/engine/progress';
import { loadStackPlan } from '../../../../src/core/stack/loadPlan';
import { testConfig } from '../stack/fixtures';

import { REPO_ROOT, contributedProperties } from './packageConfiguration';

describe('core/config/exposure', () => {
  it('isLoopback: 127/8, ::1 in every spelling, IPv4-mapped loopback; not wildcards, LAN or public addresses', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '0:0:0:0:0:0:0:1', '0000::0001', '::ffff:127.0.0.1', '::FFFF:7f00:1'])
      assert.equal(isLoopback(a), true, a);
    for (const a of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.5', '::2', '::ffff:192.168.0.1', 'fe80::1', '128.0.0.1', 'localhost', ''])
      assert.equal(isLoopback(a), false, a);
  });

  it('a non-loopback bind address names everything it exposes; loopback exposes nothing', () => {
    const lite = testConfig({ bindAddress: '0.0.0.0' });
    assert.equal(exposureOf(testConfig()), undefined);
    assert.equal(exposureOf(testConfig({ bindAddress: '::1' })), undefined);
    assert.equal(exposureOf(testConfig({ bindAddress: '0.0.0.0', networkMode: 'host' })), undefined, 'host mode listens on 127.0.0.1 only');
    const warning = exposureWarning(lite)!;
    assert.match(warning, /monitoringLab\.bindAddress is 0\.0\.0\.0/);
    assert.match(warning, /Elasticsearch without security \(port 9200\)/);
    assert.match(warning, /Prometheus \(port 9090\)/);
    assert.match(warning, /the lab app \(port 8088\)/);
    assert.doesNotMatch(warning, /Grafana/, 'lite runs no Grafana');
    const full = exposureOf(testConfig({ bindAddress: '192.168.1.10', profile: 'full' }))!;
    assert.ok(
      full.reachable.some((r) => /Grafana \(port 3000\) with anonymous viewers/.test(r)),
      full.reachable.join('\n'),
    );
    assert.ok(full.reachable.some((r) => /Kibana/.test(r)));
  });

  it('Start says it first, through progress (the CLI prints it as a [warning] line); loopback says nothing', async () => {
    const engine = { listContainers: async () => Promise.reject(new Error('stop here: the engine is not part of this test')) } as unknown as Docker;
    for (const [bindAddress, expected] of [
      ['0.0.0.0', 1],
      ['127.0.0.1', 0],
    ] as const) {
      const progress: StackProgress[] = [];
      await assert.rejects(startLab(engine, testConfig({ bindAddress }), { onProgress: (p) => progress.push(p) }), /stop here/);
      const warnings = progress.filter((p) => p.phase === 'warning');
      assert.equal(warnings.length, expected, bindAddress);
      if (expected) assert.match(warnings[0]!.message, /Elasticsearch without security/);
    }
  });

  it('IPv6 in URLs is bracketed (http://[::1]:9200); wildcards are reached on loopback', () => {
    assert.equal(serviceUrl(testConfig({ bindAddress: '::1' }), 'elasticsearch'), 'http://[::1]:9200');
    assert.equal(serviceUrl(testConfig({ bindAddress: '0.0.0.0' }), 'elasticsearch'), 'http://127.0.0.1:9200');
    assert.equal(serviceUrl(testConfig(), 'app'), 'http://127.0.0.1:8088');
    assert.equal(urlHost('fd00::5'), '[fd00::5]');
    assert.equal(composeHostIp('::1'), '[::1]');
    assert.equal(composeHostIp('127.0.0.1'), '127.0.0.1');
  });

  it('an IPv6 bind address reaches the engine as the host IP of every published port (compose needs it bracketed)', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'mlab-ipv6-'));
    try {
      const { plan, labDir } = loadStackPlan(testConfig({ labBaseDir: base, bindAddress: '::1' }));
      assert.equal(labDir.variables.LAB_BIND_ADDRESS, '[::1]');
      const bindings = plan.services.elasticsearch!.create.HostConfig!.PortBindings as Record<string, Array<{ HostIp: string; HostPort: string }>>;
      assert.deepEqual(Object.values(bindings).flat(), [{ HostIp: '::1', HostPort: '9200' }]);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  it('an IPv6 zone is refused with a message naming the setting', () => {
    assert.throws(
      () => createLabConfig({ labBaseDir: '/tmp/x', stackSourceDir: '/tmp/y', stackVersion: '1', bindAddress: 'fe80::1%eth0' }),
      (err: Error) => err instanceof LabConfigError && /IPv6 zone.*monitoringLab\.bindAddress/.test(err.message),
    );
  });

  it('a workspace cannot set where the lab listens, what it runs or whom the app trusts: bind address, ports, images, network mode, project name, behind-proxy are machine-scoped', () => {
    const properties = contributedProperties();
    const mustBeMachine = Object.keys(properties).filter((id) =>
      /^monitoringLab\.(bindAddress|ports\.\w+|images|networkMode|projectName|behindProxy)$/.test(id),
    );
    assert.equal(mustBeMachine.length, 11, mustBeMachine.join(', '));
    for (const id of mustBeMachine) assert.equal(properties[id]!.scope, 'machine', id);
  });

  it('Prometheus runs without --web.enable-lifecycle (an unauthenticated /-/quit and /-/reload)', () => {
    const compose = parse(fs.readFileSync(path.join(REPO_ROOT, 'resources', 'stack', 'compose.yaml'), 'utf8')) as {
      services: Record<string, { command?: string[] }>;
    };
    const command = compose.services.prometheus!.command ?? [];
    assert.ok(command.length > 0);
    assert.ok(!command.some((arg) => arg.includes('enable-lifecycle')), command.join(' '));
  });
});
