import * as assert from 'node:assert/strict';
import { MAX_POINTS_PER_SERIES, hostCpuBusy, hostMemoryUsed, rateWindowSeconds, stepForRange } from '../../../../src/core/metrics/promql';
import { PrometheusClient, PrometheusUnreachableError } from '../../../../src/core/metrics/prometheusClient';
import { freePort } from '../../../helpers/ports';

describe('core/metrics/promql', () => {
  it('rate windows cover at least four scrapes', () => {
    assert.equal(rateWindowSeconds(5), 20);
    assert.equal(rateWindowSeconds(15), 60);
    assert.equal(rateWindowSeconds(1.5), 6);
    assert.throws(() => rateWindowSeconds(0), RangeError);
  });

  it('host CPU busy is 1 − the idle rate over a 4× scrape window', () => {
    assert.equal(hostCpuBusy(5), '1 - avg(rate(node_cpu_seconds_total{mode="idle"}[20s]))');
    assert.equal(hostCpuBusy(5, 'job="node"'), '1 - avg(rate(node_cpu_seconds_total{mode="idle",job="node"}[20s]))');
  });

  it('host memory used is 1 − MemAvailable/MemTotal', () => {
    assert.equal(hostMemoryUsed(), '1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes');
  });

  it('a 15-minute sparkline at 5 s scrapes gets about 90 points and never more than Prometheus allows', () => {
    const step = stepForRange(15 * 60, 90, 5);
    assert.equal(step, 11);
    assert.ok(900 / step + 1 >= 60 && 900 / step + 1 <= 120);
    assert.equal(stepForRange(60, 1000, 5), 5, 'never finer than the scrape interval');
    const hugeRange = 10 * 365 * 86400;
    assert.ok(hugeRange / stepForRange(hugeRange, 1_000_000, 1) + 1 <= MAX_POINTS_PER_SERIES);
  });
});

describe('core/metrics/prometheusClient (no server)', () => {
  it('rejects a range that would exceed the point limit before sending anything', async () => {
    const client = new PrometheusClient({ baseUrl: 'http://127.0.0.1:9' });
    await assert.rejects(client.queryRange('up', { start: 0, end: 20_000, stepSeconds: 1 }), /20001 points/);
    await assert.rejects(client.queryRange('up', { start: 10, end: 10, stepSeconds: 1 }), /end > start/);
  });

  it('an unreachable server is a PrometheusUnreachableError naming the URL', async () => {
    const port = await freePort();
    const client = new PrometheusClient({ baseUrl: `http://127.0.0.1:${port}/`, timeoutMs: 2000 });
    await assert.rejects(client.query('up'), (e: unknown) => e instanceof PrometheusUnreachableError && e.message.includes(`127.0.0.1:${port} is unreachable`));
  });
});

describe('core/metrics/promql scopeQuery (attach mode job/instance labels)', () => {
  it('narrows every host-metric selector and up, leaves the app metric and label values alone', async () => {
    const { scopeQuery, hostCpuBusy, hostMemoryUsed, appEventsDroppedTotal } = await import('../../../../src/core/metrics/promql');
    const scope = { job: 'node', instance: 'host:9100' };
    assert.equal(scopeQuery(hostCpuBusy(5), scope), '1 - avg(rate(node_cpu_seconds_total{job="node",instance="host:9100",mode="idle"}[20s]))');
    assert.equal(
      scopeQuery(hostMemoryUsed(), { instance: 'h' }),
      '1 - node_memory_MemAvailable_bytes{instance="h"} / node_memory_MemTotal_bytes{instance="h"}',
    );
    assert.equal(scopeQuery('up', scope), 'up{job="node",instance="host:9100"}');
    assert.equal(scopeQuery('count(node_memory_MemTotal_bytes{})', { job: 'a' }), 'count(node_memory_MemTotal_bytes{job="a"})');
    assert.equal(scopeQuery('sum(x{mode="up"}) + uptime', scope), 'sum(x{mode="up"}) + uptime', 'a label value or a longer name is not a selector');
    assert.equal(scopeQuery(appEventsDroppedTotal(), scope), appEventsDroppedTotal());
    assert.equal(scopeQuery(hostCpuBusy(5), undefined), hostCpuBusy(5));
    assert.equal(scopeQuery('up', { job: 'a"b' }), 'up{job="a\\"b"}', 'values are quoted as PromQL strings');
  });
});
