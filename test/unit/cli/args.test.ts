import * as assert from 'node:assert/strict';
import { CliUsageError, parseArgs } from '../../../src/cli/args';

describe('cli/args', () => {
  it('flags win over the environment, which wins over the config file', () => {
    const file = JSON.stringify({ profile: 'full', projectName: 'from-file', ports: { app: 1111, grafana: 3333 } });
    const cli = parseArgs(
      ['up', '--project', 'from-flag', '--port-app=2222'],
      { MONITORING_LAB_PROFILE: 'lite', MONITORING_LAB_CONFIG: '/cfg.json' },
      () => file,
    );
    assert.equal(cli.command, 'up');
    assert.equal(cli.input.projectName, 'from-flag');
    assert.equal(cli.input.profile, 'lite');
    assert.deepEqual(cli.input.ports, { app: 2222, grafana: 3333 });
    assert.equal(cli.configFile, '/cfg.json');
  });

  it('boolean flags and --json', () => {
    const cli = parseArgs(['status', '--json', '--build-host-network', '--network-mode', 'host'], {});
    assert.equal(cli.json, true);
    assert.equal(cli.input.buildWithHostNetwork, true);
    assert.equal(cli.input.networkMode, 'host');
  });

  it('no command or --help means help', () => {
    assert.equal(parseArgs([], {}).command, 'help');
    assert.equal(parseArgs(['up', '--help'], {}).command, 'help');
  });

  it('bad input is a usage error that names the problem', () => {
    assert.throws(() => parseArgs(['up', '--port-app', 'eighty'], {}), /--port-app must be a port number, not "eighty"/);
    assert.throws(() => parseArgs(['up', '--port-nope', '1'], {}), /unknown option --port-nope/);
    assert.throws(() => parseArgs(['up', '--profile'], {}), CliUsageError);
    assert.throws(() => parseArgs(['up', 'extra'], {}), /unexpected argument "extra"/);
    assert.throws(
      () =>
        parseArgs(['up', '--config', '/missing.json'], {}, () => {
          throw new Error('ENOENT');
        }),
      /cannot read the config file \/missing.json/,
    );
  });
});

describe('cli/args attach mode', () => {
  it('--mode attach with the endpoint flags; credentials from the environment only', () => {
    const cli = parseArgs(
      [
        'status',
        '--mode',
        'attach',
        '--elasticsearch-url',
        'https://es:9200',
        '--elasticsearch-index=logs-*',
        '--elasticsearch-ca',
        '/ca.pem',
        '--prometheus-url',
        'https://prom',
        '--prometheus-ca',
        '/pca.pem',
        '--prometheus-job',
        'node',
        '--app-url',
        'http://app:8088',
      ],
      { MONITORING_LAB_ELASTICSEARCH_USERNAME: 'elastic', MONITORING_LAB_ELASTICSEARCH_PASSWORD: 'pw', MONITORING_LAB_PROMETHEUS_TOKEN: 'tok' },
    );
    assert.equal(cli.input.mode, 'attach');
    assert.deepEqual(cli.input.attach, {
      elasticsearch: { url: 'https://es:9200', index: 'logs-*', caFile: '/ca.pem' },
      prometheus: { url: 'https://prom', caFile: '/pca.pem', job: 'node' },
      appUrl: 'http://app:8088',
      credentials: { elasticsearch: { kind: 'basic', username: 'elastic', password: 'pw' }, prometheus: { kind: 'bearer', token: 'tok' } },
    });
  });

  it('environment variables set the same, flags win; lab mode carries no attach block', () => {
    const env = {
      MONITORING_LAB_MODE: 'attach',
      MONITORING_LAB_ELASTICSEARCH_URL: 'https://env-es',
      MONITORING_LAB_PROMETHEUS_URL: 'https://env-prom',
      MONITORING_LAB_PROMETHEUS_INSTANCE: 'h:9100',
    };
    const cli = parseArgs(['up', '--prometheus-url', 'https://flag-prom'], env);
    assert.equal(cli.input.attach?.elasticsearch.url, 'https://env-es');
    assert.equal(cli.input.attach?.prometheus.url, 'https://flag-prom');
    assert.equal(cli.input.attach?.prometheus.instance, 'h:9100');
    assert.deepEqual(cli.input.attach?.credentials, {});
    const lab = parseArgs(['up', '--elasticsearch-url', 'https://es'], {});
    assert.equal(lab.input.attach, undefined);
    assert.equal(lab.input.mode, undefined);
  });
});
