import * as assert from 'node:assert/strict';
import { ComposeError, listComposeServices, loadCompose } from '../../../../src/core/stack/compose';
import { REAL_COMPOSE } from './fixtures';

const VARS = { LAB_DEMO_PASSWORD: 'pw', GRAFANA_ADMIN_PASSWORD: 'gpw' };

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ComposeError, `expected a ComposeError, got ${String(err)}`);
    return err.problems;
  }
  assert.fail('expected the loader to fail');
}

describe('compose loader', () => {
  it('loads the real stack: lite has four services, full adds Kibana (and its one-shot setup) and Grafana', () => {
    const lite = loadCompose(REAL_COMPOSE, { variables: VARS, profiles: [] });
    assert.deepEqual(Object.keys(lite.services), ['app', 'elasticsearch', 'prometheus', 'node-exporter']);
    const full = loadCompose(REAL_COMPOSE, { variables: VARS, profiles: ['full'] });
    assert.deepEqual(Object.keys(full.services), ['app', 'elasticsearch', 'prometheus', 'node-exporter', 'kibana', 'kibana-setup', 'grafana']);
    assert.deepEqual(Object.keys(full.volumes), ['esdata', 'promdata', 'grafanadata']);
  });

  it('normalizes short syntaxes, interpolated with the variables', () => {
    const project = loadCompose(REAL_COMPOSE, { variables: { ...VARS, LAB_BIND_ADDRESS: '127.0.0.2', LAB_APP_PORT: '18088' }, profiles: [] });
    const app = project.services.app!;
    assert.deepEqual(app.ports, [{ target: 8080, published: 18088, hostIp: '127.0.0.2', protocol: 'tcp' }]);
    assert.deepEqual(app.dependsOn, [{ service: 'elasticsearch', condition: 'service_healthy' }]);
    assert.equal(app.environment.LAB_DEMO_PASSWORD, 'pw');
    assert.equal(app.environment.LAB_DEMO_USER, 'demo');
    assert.equal(app.healthcheck?.intervalSeconds, 2);
    assert.equal(app.stopGracePeriodSeconds, 10);
    assert.deepEqual(app.hostNetwork, { environment: { LAB_HOST: '127.0.0.1', LAB_PORT: '{port}' }, commandAppend: [] });
    assert.equal(project.services.elasticsearch!.environment.ES_JAVA_OPTS, '-Xms512m -Xmx512m');
    assert.deepEqual(project.services.prometheus!.volumes[0], {
      type: 'bind',
      source: './prometheus/prometheus.yml',
      target: '/etc/prometheus/prometheus.yml',
      readOnly: true,
    });
  });

  it('reports the :? message of a required variable with its key path', () => {
    const problems = problemsOf(() => loadCompose(REAL_COMPOSE, { variables: {}, profiles: [] }));
    assert.deepEqual(problems, [
      "services.app.environment.LAB_DEMO_PASSWORD: required variable LAB_DEMO_PASSWORD is missing a value: set LAB_DEMO_PASSWORD (the demo account's password) before starting the lab",
    ]);
  });

  it('does not require variables of services outside the active profiles', () => {
    assert.doesNotThrow(() => loadCompose(REAL_COMPOSE, { variables: { LAB_DEMO_PASSWORD: 'pw' }, profiles: [] }));
    const problems = problemsOf(() => loadCompose(REAL_COMPOSE, { variables: { LAB_DEMO_PASSWORD: 'pw' }, profiles: ['full'] }));
    assert.match(problems[0]!, /^services\.grafana\.environment\.GF_SECURITY_ADMIN_PASSWORD: required variable GRAFANA_ADMIN_PASSWORD/);
  });

  it('rejects keys outside the subset, naming each key path; x- keys are allowed', () => {
    const text = [
      'x-common: &common { restart: "no" }',
      'services:',
      '  app:',
      '    image: busybox',
      '    cap_add: [NET_ADMIN]',
      '    x-anything: { whatever: 1 }',
      '    healthcheck: { test: ["CMD", "true"], start_interval: 1s }',
      '    ports:',
      '      - { target: 80, mode: ingress }',
      'networks:',
      '  front: {}',
      'secrets: {}',
    ].join('\n');
    const problems = problemsOf(() => loadCompose(text, { variables: {}, profiles: [] }));
    assert.deepEqual(problems, [
      "services.app.cap_add is not supported by Monitoring Lab's compose loader (see docs/compose-subset.md)",
      "services.app.healthcheck.start_interval is not supported by Monitoring Lab's compose loader (see docs/compose-subset.md)",
      "services.app.ports[0].mode is not supported by Monitoring Lab's compose loader (see docs/compose-subset.md)",
      "networks is not supported by Monitoring Lab's compose loader (see docs/compose-subset.md)",
      "secrets is not supported by Monitoring Lab's compose loader (see docs/compose-subset.md)",
    ]);
  });

  it('reports wrong shapes, undeclared volumes and unknown dependencies', () => {
    const text = ['services:', '  app:', '    image: busybox', '    ports: "80:80"', '    volumes: ["data:/data"]', '    depends_on: [db]'].join('\n');
    const problems = problemsOf(() => loadCompose(text, { variables: {}, profiles: [] }));
    assert.deepEqual(problems, ['services.app.ports must be a list']);
    const text2 = text.replace('    ports: "80:80"\n', '');
    assert.deepEqual(
      problemsOf(() => loadCompose(text2, { variables: {}, profiles: [] })),
      ['services.app.depends_on: db is not a service of this file', 'services.app.volumes: volume "data" is not declared under the top-level volumes'],
    );
  });

  it('rejects a dependency on a service disabled by the profiles', () => {
    const text = ['services:', '  a: { image: x, depends_on: [b] }', '  b: { image: x, profiles: [full] }'].join('\n');
    assert.deepEqual(
      problemsOf(() => loadCompose(text, { variables: {}, profiles: [] })),
      ['services.a.depends_on: b is not enabled with profiles []'],
    );
    assert.doesNotThrow(() => loadCompose(text, { variables: {}, profiles: ['full'] }));
  });

  it('accepts long syntaxes, list environment and YAML merge keys', () => {
    const text = [
      'x-env: &env { COMMON: "1" }',
      'services:',
      '  a:',
      '    image: x',
      '    environment: ["A=1", "FROM_VARS", "NOT_SET"]',
      '    command: run --flag "two words"',
      '    ports: [{ target: 80, published: "8080", host_ip: 127.0.0.1 }]',
      '    volumes: [{ type: bind, source: ./conf, target: /conf, read_only: true }, { type: volume, source: d, target: /d }]',
      '    depends_on: { b: { condition: service_healthy } }',
      '    labels: { <<: *env, team: lab }',
      '  b: { image: x, healthcheck: { test: "curl -f localhost" } }',
      'volumes: { d: }',
    ].join('\n');
    const project = loadCompose(text, { variables: { FROM_VARS: 'v' }, profiles: [] });
    const a = project.services.a!;
    assert.deepEqual(a.environment, { A: '1', FROM_VARS: 'v' });
    assert.deepEqual(a.command, ['run', '--flag', 'two words']);
    assert.deepEqual(a.ports, [{ target: 80, published: 8080, hostIp: '127.0.0.1', protocol: 'tcp' }]);
    assert.deepEqual(a.volumes, [
      { type: 'bind', source: './conf', target: '/conf', readOnly: true },
      { type: 'volume', source: 'd', target: '/d', readOnly: false },
    ]);
    assert.deepEqual(a.labels, { COMMON: '1', team: 'lab' });
    assert.deepEqual(project.services.b!.healthcheck, { test: ['CMD-SHELL', 'curl -f localhost'] });
  });

  it('reports YAML syntax errors with the file name', () => {
    assert.match(problemsOf(() => loadCompose('services: [unclosed', { variables: {}, profiles: [], fileName: 'my.yaml' }))[0]!, /^my\.yaml: /);
  });

  it('lists services and profiles without interpolating', () => {
    assert.deepEqual(
      listComposeServices(REAL_COMPOSE).filter((s) => s.profiles.length > 0),
      [
        { name: 'kibana', profiles: ['full'] },
        { name: 'kibana-setup', profiles: ['full'] },
        { name: 'grafana', profiles: ['full'] },
      ],
    );
  });
});
