// The attached endpoints' health rows: what each state reads as, and the setting it names.
import * as assert from 'node:assert/strict';
import { attachServices, checkApp, checkElasticsearch, checkPrometheus } from '../../../../src/core/attach/health';
import type { LogStore } from '../../../../src/core/logs/logStore';
import type { PrometheusClient } from '../../../../src/core/metrics/prometheusClient';
import { LogQueryError } from '../../../../src/core/logs/logStore';

function fakeStore(o: { status?: string; nodes?: number; exists?: boolean; count?: number; fail?: Error }): LogStore {
  return {
    endpointUrl: 'https://es:9200',
    indexName: 'logs-app',
    clusterHealth: async () => {
      if (o.fail) throw o.fail;
      return { status: o.status ?? 'green', nodes: o.nodes ?? 2 };
    },
    indexExists: async () => o.exists ?? true,
    count: async () => o.count ?? 10,
  } as unknown as LogStore;
}

function fakeProm(up: number[], nodeCount: number | undefined, scope?: { job?: string }): PrometheusClient {
  return {
    url: 'https://prom',
    scope,
    query: async (q: string) =>
      q === 'up'
        ? up.map((value, i) => ({ labels: { job: `j${i}` }, time: 0, value }))
        : nodeCount === undefined
          ? []
          : [{ labels: {}, time: 0, value: nodeCount }],
  } as unknown as PrometheusClient;
}

describe('core/attach/health', () => {
  it('Elasticsearch: cluster status and node count; a yellow cluster is a warning, still usable', async () => {
    const green = await checkElasticsearch(fakeStore({ count: 1234 }));
    assert.equal(green.status, 'ok');
    assert.match(green.summary, /^green · 2 nodes · 1,234 events in "logs-app"$/);
    const yellow = await checkElasticsearch(fakeStore({ status: 'yellow', nodes: 1 }));
    assert.equal(yellow.status, 'warning');
    assert.equal(yellow.problem, 'yellow');
    assert.equal(yellow.nodes, 1);
    assert.equal((await checkElasticsearch(fakeStore({ status: 'red' }))).status, 'error');
  });

  it('a wrong index or an empty one is an informative warning naming monitoringLab.elasticsearch.index', async () => {
    const missing = await checkElasticsearch(fakeStore({ exists: false }));
    assert.equal(missing.status, 'warning');
    assert.equal(missing.problem, 'no-index');
    assert.match(missing.detail!, /Nothing matches "logs-app".*monitoringLab\.elasticsearch\.index/);
    const empty = await checkElasticsearch(fakeStore({ count: 0 }));
    assert.equal(empty.problem, 'no-events');
    assert.match(empty.detail!, /monitoringLab\.app\.url.*monitoringLab\.elasticsearch\.index/);
  });

  it('a failure keeps its explained message and kind', async () => {
    const err = Object.assign(new LogQueryError('Elasticsearch at https://es:9200 refused the credentials (401)'), { problem: 'auth' as const });
    const row = await checkElasticsearch(fakeStore({ fail: err }));
    assert.equal(row.status, 'error');
    assert.equal(row.problem, 'auth');
    assert.equal(row.summary, 'credentials refused');
    assert.equal(row.detail, err.message);
  });

  it('Prometheus: targets up, and no Node Exporter metrics is a warning naming job and instance', async () => {
    const ok = await checkPrometheus(fakeProm([1, 1], 1));
    assert.deepEqual([ok.status, ok.summary, ok.targetsUp, ok.targetsTotal], ['ok', '2/2 targets up', 2, 2]);
    const down = await checkPrometheus(fakeProm([1, 0], 1));
    assert.equal(down.status, 'warning');
    const none = await checkPrometheus(fakeProm([1], undefined, { job: 'node' }));
    assert.equal(none.status, 'warning');
    assert.equal(none.problem, 'no-node-exporter');
    assert.match(none.detail!, /\{"job":"node"\}.*monitoringLab\.prometheus\.job and monitoringLab\.prometheus\.instance/);
  });

  it('the app: /health 200 is healthy; unset names monitoringLab.app.url; a refused connection says so', async () => {
    assert.equal((await checkApp('http://app', async () => ({ status: 200, text: 'ok' }))).status, 'ok');
    const unset = await checkApp(undefined);
    assert.equal(unset.status, 'unset');
    assert.match(unset.detail!, /monitoringLab\.app\.url/);
    const refused = await checkApp('http://app', async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    });
    assert.equal(refused.problem, 'refused');
    assert.equal((await checkApp('http://app', async () => ({ status: 503, text: '' }))).status, 'error');
  });

  it('as services: usable endpoints run healthy, failing ones unhealthy, an unset app is left out', () => {
    const services = attachServices([
      { service: 'elasticsearch', status: 'warning', summary: 'yellow' },
      { service: 'prometheus', status: 'error', summary: 'credentials refused' },
      { service: 'app', status: 'unset', summary: 'not set' },
    ]);
    assert.deepEqual(
      services.map((s) => [s.service, s.state, s.health]),
      [
        ['elasticsearch', 'running', 'healthy'],
        ['prometheus', 'running', 'unhealthy'],
      ],
    );
  });
});
