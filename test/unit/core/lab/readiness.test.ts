// The guided exercise's checks: the engine (with Windows advice) and Elasticsearch + Prometheus' scrape targets.
import * as assert from 'node:assert/strict';
import type { DockerConnection } from '../../../../src/core/docker/client';
import { checkEngineReadiness, checkLabTargets, engineAdvice } from '../../../../src/core/lab/readiness';
import { TARGETS_QUERY } from '../../../../src/core/metrics/targets';

const es = { serverInfo: async () => ({ product: 'Elasticsearch', version: '9.1.0', clusterName: 'lab' }) };
const prometheusWith = (up: Array<[string, number]>, seen: string[] = []) => ({
  query: async (q: string) => {
    seen.push(q);
    return up.map(([job, value]) => ({ labels: { job, instance: `${job}:1` }, value }));
  },
});

function connection(version: () => Promise<unknown>, where = 'unix:///var/run/docker.sock'): DockerConnection {
  return {
    docker: { version } as unknown as DockerConnection['docker'],
    endpoint: { kind: 'socket', socketPath: '/var/run/docker.sock' } as DockerConnection['endpoint'],
    description: where,
  };
}

describe('core/lab/readiness', () => {
  it('targets: Elasticsearch answers and every Prometheus target is up → ok, naming the jobs', async () => {
    const seen: string[] = [];
    const check = await checkLabTargets({
      elasticsearch: es,
      prometheus: prometheusWith(
        [
          ['prometheus', 1],
          ['app', 1],
          ['node', 1],
        ],
        seen,
      ),
    });
    assert.equal(check.ok, true);
    assert.deepEqual(seen, [TARGETS_QUERY]);
    assert.match(check.elasticsearch.detail, /Elasticsearch 9\.1\.0/);
    assert.equal(check.prometheus.detail, 'All 3 Prometheus targets are UP: app, node, prometheus.');
  });

  it('targets: one target down → not ok, and the down one is named', async () => {
    const check = await checkLabTargets({
      elasticsearch: es,
      prometheus: prometheusWith([
        ['app', 0],
        ['node', 1],
      ]),
    });
    assert.equal(check.ok, false);
    assert.equal(check.elasticsearch.ok, true);
    assert.match(check.prometheus.detail, /DOWN: app \(app:1\); 1 of 2 UP/);
  });

  it('targets: no scrape result yet, or a service that does not answer → not ok, saying why', async () => {
    const empty = await checkLabTargets({ elasticsearch: es, prometheus: prometheusWith([]) });
    assert.equal(empty.ok, false);
    assert.match(empty.prometheus.detail, /no scrape results yet/);
    const esDown = await checkLabTargets({
      elasticsearch: { serverInfo: () => Promise.reject(new Error('connect ECONNREFUSED')) },
      prometheus: prometheusWith([['node', 1]]),
    });
    assert.equal(esDown.ok, false);
    assert.equal(esDown.prometheus.ok, true);
    assert.match(esDown.elasticsearch.detail, /does not answer: connect ECONNREFUSED/);
    const promDown = await checkLabTargets({ elasticsearch: es, prometheus: { query: () => Promise.reject(new Error('unreachable')) } });
    assert.equal(promDown.ok, false);
    assert.match(promDown.prometheus.detail, /Prometheus does not answer: unreachable/);
  });

  it('engine: a reachable engine says its version and where it is', async () => {
    const outcome = await checkEngineReadiness(
      connection(async () => ({ Version: '28.1.1', ApiVersion: '1.49', Os: 'linux', Arch: 'amd64' })),
      'linux',
    );
    assert.deepEqual(outcome, { ok: true, message: 'Docker 28.1.1 (API 1.49, linux/amd64) answers at unix:///var/run/docker.sock.' });
  });

  it('engine: an unreachable engine says why, and on Windows explains Docker Desktop and WSL 2', async () => {
    const missing = () => Promise.reject(Object.assign(new Error('connect ENOENT //./pipe/docker_engine'), { code: 'ENOENT' }));
    const win = await checkEngineReadiness(connection(missing, 'npipe:////./pipe/docker_engine'), 'win32');
    assert.equal(win.ok, false);
    assert.match(win.message, /Docker is not running/);
    assert.match(win.advice ?? '', /Docker Desktop/);
    assert.match(win.advice ?? '', /WSL 2/);
    const linux = await checkEngineReadiness(connection(missing), 'linux');
    assert.equal(linux.ok, false);
    assert.doesNotMatch(linux.advice ?? '', /WSL/);
    assert.match(linux.advice ?? '', /systemctl start docker/);
    assert.equal(engineAdvice('aix'), undefined);
  });
});
