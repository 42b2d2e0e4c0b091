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
