import * as assert from 'node:assert/strict';
import { NoMetricDataError, sustainedMetricRule } from '../../../../src/core/detect/rules/sustainedMetric';
import { DEFAULT_DETECTION_SETTINGS } from '../../../../src/core/detect/settings';
import { hostCpuBusy } from '../../../../src/core/metrics/promql';
import { FakePrometheus, T0 } from './fakes';

const cpu = DEFAULT_DETECTION_SETTINGS.highCpu;
const spec = { id: 'high-cpu', title: 'High CPU', what: 'host CPU busy', ratioQuery: hostCpuBusy(5) } as const;
const signal = new AbortController().signal;
const nowS = T0 / 1000;

describe('core/detect sustained metric rule (high CPU / memory)', () => {
  it('fires when every point of the last forSeconds is above the threshold, with one query_range at the scrape step', async () => {
    const prom = new FakePrometheus(() => 0.95);
    const rule = sustainedMetricRule(spec, cpu, prom, 5, 5000);
    const m = await rule.measure(T0, signal);
    assert.equal(m.value, 95);
    assert.ok(m.value >= rule.fireAt);
    assert.deepEqual(m.subjects, [{ name: 'host', value: 95 }]);
    assert.equal(prom.requests.length, 1);
    assert.equal(prom.requests[0]!.query, hostCpuBusy(5));
    assert.deepEqual({ ...prom.requests[0]!.range, signal: undefined }, { start: nowS - cpu.forSeconds, end: nowS, stepSeconds: 5, signal: undefined });
  });

  it('a short spike is not "for T": one point below the threshold keeps it from firing', async () => {
    const prom = new FakePrometheus((t) => (t === nowS - 10 ? 0.5 : 0.99));
    const rule = sustainedMetricRule(spec, cpu, prom, 5, 5000);
    const m = await rule.measure(T0, signal);
    assert.equal(m.value, 50);
    assert.ok(m.value < rule.fireAt);
    assert.equal(m.clearValue, 99);
  });

  it('does not fire before Prometheus covers the whole period (just after start-up)', async () => {
    const prom = new FakePrometheus((t) => (t >= nowS - 5 ? 0.99 : undefined));
    const m = await sustainedMetricRule(spec, cpu, prom, 5, 5000).measure(T0, signal);
    assert.equal(m.value, 0);
    assert.equal(m.clearValue, 99);
  });

  it('reports the current value for clearing, separately from the minimum used for firing', async () => {
    const prom = new FakePrometheus((t) => (t === nowS ? 0.7 : 0.9));
    const m = await sustainedMetricRule(spec, cpu, prom, 5, 5000).measure(T0, signal);
    assert.equal(m.value, 70);
    assert.equal(m.clearValue, 70);
  });

  it('no series at all is an evaluation error, not a zero (a missing exporter must not clear an alert)', async () => {
    const prom = new FakePrometheus(() => undefined);
    await assert.rejects(sustainedMetricRule(spec, cpu, prom, 5, 5000).measure(T0, signal), NoMetricDataError);
  });
});
