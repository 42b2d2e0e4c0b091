// Real Prometheus scraping real Node Exporter: a query_range of host CPU returns points.
import * as assert from 'node:assert/strict';
import { useSuiteEngine, waitFor } from './fixtures/engine';
import { startNodeExporter, startPrometheus } from './fixtures/services';
import { PrometheusClient, PrometheusQueryError } from '../../src/core/metrics/prometheusClient';
import { hostCpuBusy, hostMemoryUsed } from '../../src/core/metrics/promql';

const SUITE = 'prom';
const SCRAPE_SECONDS = 1;

describe('integration: Prometheus + Node Exporter', function () {
  this.timeout(120_000);
  const engine = useSuiteEngine(SUITE);
  let prom: PrometheusClient;

  before(async () => {
    const exporter = await startNodeExporter(engine.docker, SUITE);
    const prometheus = await startPrometheus(engine.docker, SUITE, [new URL(exporter.url).host], SCRAPE_SECONDS);
    prom = new PrometheusClient({ baseUrl: prometheus.url });
  });

  it('query_range of host CPU busy returns points between 0 and 1', async () => {
    const series = await waitFor(
      'at least 5 CPU points',
      async () => {
        const end = Math.floor(Date.now() / 1000);
        const result = await prom.queryRange(hostCpuBusy(SCRAPE_SECONDS), { start: end - 60, end, stepSeconds: 1 });
        return result.length === 1 && result[0]!.points.length >= 5 ? result : undefined;
      },
      45_000,
      1000,
    );
    for (const [t, v] of series[0]!.points) {
      assert.ok(Number.isFinite(t) && v >= 0 && v <= 1, `point ${t}=${v} outside 0..1`);
    }
  });

  it('instant query of host memory used is a ratio', async () => {
    const [sample] = await prom.query(hostMemoryUsed());
    assert.ok(sample && sample.value > 0 && sample.value < 1, `memory used ratio ${sample?.value}`);
  });

  it('a bad query fails with the server’s error type', async () => {
    await assert.rejects(prom.query('rate(('), (e: unknown) => e instanceof PrometheusQueryError && e.errorType === 'bad_data');
  });
});
