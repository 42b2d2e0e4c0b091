import * as assert from 'node:assert/strict';
import { LabConfigError, createLabConfig, defaultCliLabBaseDir, formatDotEnv, parseDotEnv, resolveSecrets } from '../../../../src/core/config';

const paths = { labBaseDir: '/tmp/lab', stackSourceDir: '/opt/ext/resources/stack', stackVersion: '0.1.0' };

function problems(input: Parameters<typeof createLabConfig>[0]): string[] {
  try {
    createLabConfig(input);
  } catch (err) {
    assert.ok(err instanceof LabConfigError);
    return err.problems;
  }
  assert.fail('expected a LabConfigError');
}

describe('core/config', () => {
  it('fills defaults: lite, bridge, loopback, the documented ports', () => {
    const config = createLabConfig(paths);
    assert.equal(config.profile, 'lite');
    assert.equal(config.networkMode, 'bridge');
    assert.equal(config.bindAddress, '127.0.0.1');
    assert.equal(config.projectName, 'monitoring-lab');
    assert.deepEqual(config.ports, { app: 8088, elasticsearch: 9200, prometheus: 9090, 'node-exporter': 9100, kibana: 5601, grafana: 3000 });
    assert.equal(config.healthTimeoutSeconds.elasticsearch, 180);
  });

  it('merges partial ports and ignores undefined values', () => {
    const config = createLabConfig({ ...paths, ports: { app: 18088 }, profile: undefined });
    assert.equal(config.ports.app, 18088);
    assert.equal(config.ports.elasticsearch, 9200);
    assert.equal(config.profile, 'lite');
  });

  it('names the setting (or, for CLI options, the option) of every invalid value', () => {
    const found = problems({
      ...paths,
      profile: 'huge' as never,
      bindAddress: 'localhost',
      ports: { elasticsearch: 70000, grafana: 8088 },
      projectName: 'My Lab',
      images: { prometheus: 'not an image' },
      logIndex: 'Logs',
      healthTimeoutSeconds: { app: 0 },
      secrets: { demoPassword: "it's" },
    });
    assert.deepEqual(found, [
      'profile must be "lite" or "full", not "huge" (setting monitoringLab.profile)',
      'bind address "localhost" is not an IP address (setting monitoringLab.bindAddress)',
      'monitoringLab.ports.elasticsearch must be a whole number from 1 to 65535 (got 70000)',
      'port 8088 is used for both app (monitoringLab.ports.app) and grafana (setting monitoringLab.ports.grafana)',
      'project name "My Lab" must be lowercase letters, digits, "-" or "_", starting with a letter or digit (setting monitoringLab.projectName)',
      '"not an image" (prometheus) is not an image reference like "registry:5000/name:tag" (setting monitoringLab.images)',
      '"Logs" is not a lab log index name (1–200 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit) (setting monitoringLab.logIndex)',
      // Not settings (the CLI's config file sets them): named by their option, never as a monitoringLab.* setting.
      'secrets.demoPassword must be non-empty and contain no single quote or line break',
      'healthTimeoutSeconds.app must be a number from 1 to 3600 (got 0)',
    ]);
  });

  it('accepts registry image references with ports', () => {
    assert.doesNotThrow(() => createLabConfig({ ...paths, images: { prometheus: '127.0.0.1:5055/prom/prometheus:v2.42.0' } }));
    assert.doesNotThrow(() => createLabConfig({ ...paths, images: { elasticsearch: 'docker.elastic.co/elasticsearch/elasticsearch:9.5.3' } }));
  });

  it('requires absolute paths, POSIX or Windows', () => {
    assert.doesNotThrow(() => createLabConfig({ ...paths, labBaseDir: 'C:\\Users\\me\\lab' }));
    assert.deepEqual(problems({ ...paths, labBaseDir: 'relative/lab' }), ['labBaseDir must be an absolute path, not "relative/lab"']);
  });

  it('resolves secrets: given, then existing, then generated', () => {
    let n = 0;
    const secrets = resolveSecrets({ demoPassword: 'given' }, { LAB_ADMIN_TOKEN: 'kept' }, () => `gen${++n}`);
    assert.deepEqual(secrets, { demoPassword: 'given', adminToken: 'kept', grafanaAdminPassword: 'gen1' });
  });

  it('reads and writes .env as compose does', () => {
    const text = formatDotEnv({ A: 'plain', B: 'has space', C: 'dollar$', D: '' }, 'header');
    assert.equal(text, "# header\nA=plain\nB='has space'\nC='dollar$'\nD=\n");
    assert.deepEqual(parseDotEnv(text), { A: 'plain', B: 'has space', C: 'dollar$', D: '' });
    assert.deepEqual(parseDotEnv('export X="a\\"b" # c\nY=v # comment\n  # skip\nbad line'), { X: 'a"b', Y: 'v' });
    assert.throws(() => formatDotEnv({ A: 'two\nlines' }), /line break/);
  });

  it('puts the CLI lab folder where each platform keeps app data', () => {
    assert.equal(defaultCliLabBaseDir('linux', {}, '/home/me'), '/home/me/.local/share/monitoring-lab');
    assert.equal(defaultCliLabBaseDir('linux', { XDG_DATA_HOME: '/data' }, '/home/me'), '/data/monitoring-lab');
    assert.equal(defaultCliLabBaseDir('darwin', {}, '/Users/me'), '/Users/me/Library/Application Support/monitoring-lab');
    assert.equal(
      defaultCliLabBaseDir('win32', { LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local' }, 'C:\\Users\\me'),
      'C:\\Users\\me\\AppData\\Local\\monitoring-lab',
    );
  });
});
