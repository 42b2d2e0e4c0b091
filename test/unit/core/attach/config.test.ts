// Attach mode's configuration: validation names the setting, credentials come from secrets or the environment only.
import * as assert from 'node:assert/strict';
import { LabConfigError, createLabConfig } from '../../../../src/core/config';
import type { AttachConfig } from '../../../../src/core/attach/config';
import { credentialsFrom, credentialsFromEnv, validateAttachConfig } from '../../../../src/core/attach/config';

const paths = { labBaseDir: '/tmp/lab', stackSourceDir: '/tmp/stack', stackVersion: '1' };

function attach(
  over: { elasticsearch?: Partial<AttachConfig['elasticsearch']>; prometheus?: Partial<AttachConfig['prometheus']>; appUrl?: string } = {},
): AttachConfig {
  return {
    elasticsearch: { url: 'https://es.example:9200', index: 'logs-app', ...over.elasticsearch },
    prometheus: { url: 'https://prom.example', ...over.prometheus },
    ...(over.appUrl !== undefined ? { appUrl: over.appUrl } : {}),
    credentials: {},
  };
}

function problemsOf(input: () => unknown): string[] {
  try {
    input();
  } catch (err) {
    assert.ok(err instanceof LabConfigError, String(err));
    return err.problems;
  }
  return [];
}

describe('core/attach/config', () => {
  it('a complete attach configuration is valid; lab mode ignores attach settings entirely', () => {
    const config = createLabConfig({ ...paths, mode: 'attach', attach: attach({ appUrl: 'http://app.example:8088' }) });
    assert.equal(config.mode, 'attach');
    assert.equal(config.attach?.elasticsearch.url, 'https://es.example:9200');
    assert.equal(createLabConfig({ ...paths }).mode, 'lab', 'the default mode is the lab');
    // An incomplete attach block does not matter while the mode is 'lab'.
    assert.doesNotThrow(() => createLabConfig({ ...paths, mode: 'lab', attach: attach({ elasticsearch: { url: '' } }) }));
  });

  it('an empty index falls back to the lab log index', () => {
    const config = createLabConfig({ ...paths, mode: 'attach', logIndex: 'my-logs', attach: attach({ elasticsearch: { index: '' } }) });
    assert.equal(config.attach?.elasticsearch.index, 'my-logs');
  });

  it('each problem names its setting', () => {
    const cases: Array<[AttachConfig, RegExp]> = [
      [attach({ elasticsearch: { url: '' } }), /monitoringLab\.elasticsearch\.url.*monitoringLab\.mode/],
      [attach({ prometheus: { url: '' } }), /monitoringLab\.prometheus\.url/],
      [attach({ elasticsearch: { url: 'ftp://es' } }), /^"ftp:\/\/es" is not an http\(s\):\/\/ address.*\(setting monitoringLab\.elasticsearch\.url\)$/],
      [attach({ prometheus: { url: 'https://user:pw@prom' } }), /without user or password \(setting monitoringLab\.prometheus\.url\)/],
      [attach({ elasticsearch: { index: 'Logs App' } }), /setting monitoringLab\.elasticsearch\.index/],
      [attach({ elasticsearch: { caFingerprint: 'xyz' } }), /setting monitoringLab\.elasticsearch\.caFingerprint/],
      [attach({ appUrl: 'not a url' }), /setting monitoringLab\.app\.url/],
    ];
    for (const [config, expected] of cases) {
      const problems = problemsOf(() => createLabConfig({ ...paths, mode: 'attach', attach: config }));
      assert.equal(problems.length, 1, `${JSON.stringify(config)}: ${problems.join(' | ')}`);
      assert.match(problems[0]!, expected);
    }
    assert.match(problemsOf(() => createLabConfig({ ...paths, mode: 'attach' }))[0]!, /monitoringLab\.elasticsearch\.url/);
    assert.match(
      problemsOf(() => createLabConfig({ ...paths, mode: 'remote' as never }))[0]!,
      /"lab" or "attach", not "remote" \(setting monitoringLab\.mode\)/,
    );
  });

  it('accepts patterns, lists, remote clusters and fingerprints with colons', () => {
    for (const index of ['logs-*', 'a,b', 'remote:logs-app', '.ds-logs'])
      assert.deepEqual(validateAttachConfig(attach({ elasticsearch: { index } })), [], index);
    const colons = Array(32).fill('AB').join(':');
    assert.deepEqual(validateAttachConfig(attach({ elasticsearch: { caFingerprint: colons } })), []);
    // Label values are quoted into PromQL (promql.ts scopeMatchers), so any text is a valid job or instance.
    assert.deepEqual(validateAttachConfig(attach({ prometheus: { url: 'https://p', job: 'node"}', instance: 'a\\b' } })), []);
  });

  it('credentials: an API key wins over a user, a token over a user; blanks are nothing', () => {
    assert.deepEqual(credentialsFrom({ elasticsearchApiKey: 'k', elasticsearchUsername: 'u', elasticsearchPassword: 'p' }), {
      elasticsearch: { kind: 'apiKey', apiKey: 'k' },
    });
    assert.deepEqual(
      credentialsFrom({ elasticsearchUsername: 'u', elasticsearchPassword: 'p', prometheusToken: ' ', prometheusUsername: 'pu', prometheusPassword: 'pp' }),
      {
        elasticsearch: { kind: 'basic', username: 'u', password: 'p' },
        prometheus: { kind: 'basic', username: 'pu', password: 'pp' },
      },
    );
    assert.deepEqual(credentialsFromEnv({ MONITORING_LAB_PROMETHEUS_TOKEN: 't' }), { prometheus: { kind: 'bearer', token: 't' } });
    assert.deepEqual(credentialsFromEnv({}), {});
  });
});
