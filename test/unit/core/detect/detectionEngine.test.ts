import * as assert from 'node:assert/strict';
import type { Alert } from '../../../../src/core/detect/alert';
import { DetectionEngine, FIRST_DATA_GRACE_MS } from '../../../../src/core/detect/detectionEngine';
import { NoMetricDataError } from '../../../../src/core/detect/rules/sustainedMetric';
import { LogQueryError } from '../../../../src/core/logs/logStore';
import type { Rule } from '../../../../src/core/detect/rule';
import { createRules } from '../../../../src/core/detect/rules';
import { DEFAULT_DETECTION_SETTINGS, type DetectionSettings } from '../../../../src/core/detect/settings';
import { PrometheusUnreachableError } from '../../../../src/core/metrics/prometheusClient';
import { FakeLogs, FakePrometheus, FakeScenarios, ManualTime, T0, record, settle } from './fakes';
import { StubRule } from './stubRule';

function engineWith(rules: Rule[], time: ManualTime, settings: DetectionSettings = DEFAULT_DETECTION_SETTINGS) {
  return new DetectionEngine({
    settings,
    sources: { logs: new FakeLogs(), prometheus: new FakePrometheus(() => 0), services: () => [] },
    clock: time,
    timers: time,
    rules: () => rules,
  });
}

/** A Prometheus rule on the metric rules' 5 s cadence, answering `next`. */
function metricRule(id: 'high-cpu' | 'high-memory', next: StubRule['next']): StubRule {
  const rule = new StubRule(id);
  rule.source = 'Prometheus';
  rule.intervalMs = 5000;
  rule.next = next;
  return rule;
}

describe('core/detect detection engine', () => {
  it("runs nothing until started, evaluates at once on start, then on each rule's own cadence", async () => {
    const time = new ManualTime();
    const logRule = new StubRule('brute-force');
    const metricRule = new StubRule('high-cpu');
    metricRule.intervalMs = 5000;
    const engine = engineWith([logRule, metricRule], time);
    await time.advance(10_000);
    assert.equal(logRule.calls.length + metricRule.calls.length, 0);
    engine.start();
    await time.advance(10_000);
    assert.deepEqual(
      logRule.calls.map((t) => (t - T0 - 10_000) / 1000),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    assert.deepEqual(
      metricRule.calls.map((t) => (t - T0 - 10_000) / 1000),
      [0, 5, 10],
    );
    engine.dispose();
  });

  it('stop: no more queries, no pending timers, active alerts clear as "lab-stopped"', async () => {
    const time = new ManualTime();
    const rule = new StubRule();
    rule.next = 30;
    const engine = engineWith([rule], time);
    const cleared: Alert[] = [];
    engine.alerts.onCleared((a) => cleared.push(a));
    engine.start();
    await time.advance(2000);
    assert.equal(engine.alerts.activeAlerts().length, 1);
    engine.stop();
    await settle();
    const callsAtStop = rule.calls.length;
    await time.advance(30_000);
    assert.equal(rule.calls.length, callsAtStop);
    assert.equal(time.pendingTimers, 0);
    assert.equal(engine.running, false);
    assert.deepEqual(
      cleared.map((a) => a.clearReason),
      ['lab-stopped'],
    );
  });

  it('never overlaps requests of one rule: a slow source delays the next tick instead of piling up', async () => {
    const time = new ManualTime();
    const rule = new StubRule();
    let release!: () => void;
    rule.gate = new Promise<void>((r) => (release = r));
    const engine = engineWith([rule], time);
    engine.start();
    await time.advance(10_000);
    assert.equal(rule.calls.length, 1);
    rule.gate = undefined;
    release();
    await time.advance(3000);
    assert.equal(rule.maxInFlight, 1);
    assert.ok(rule.calls.length >= 3);
    engine.dispose();
  });

  it('a result arriving after stop is dropped (no alert for a lab that is gone)', async () => {
    const time = new ManualTime();
    const rule = new StubRule();
    rule.next = 30;
    let release!: () => void;
    rule.gate = new Promise<void>((r) => (release = r));
    const engine = engineWith([rule], time);
    engine.start();
    await settle();
    engine.stop();
    release();
    await settle();
    assert.equal(engine.alerts.history().length, 0);
  });

  it('an unreachable source becomes one status change, the loop keeps its cadence and recovers', async () => {
    const time = new ManualTime();
    const rule = new StubRule('high-cpu');
    rule.source = 'Prometheus';
    rule.next = new PrometheusUnreachableError('Prometheus at http://127.0.0.1:9090 is unreachable (ECONNREFUSED). Is the lab running?');
    const engine = engineWith([rule], time);
    const states: string[] = [];
    engine.alerts.onStatusChanged((s) => states.push(s.state === 'ok' ? 'ok' : s.reason));
    engine.start();
    await time.advance(5000);
    assert.equal(rule.calls.length, 6);
    rule.next = 0;
    await time.advance(1000);
    assert.deepEqual(states, ['cannot evaluate: Prometheus unreachable', 'ok']);
    engine.dispose();
  });

  it('right after a start, "no data yet" (no Prometheus points, a 503 from a new shard) is not reported until the grace ends or the rule has had data', async () => {
    const time = new ManualTime();
    const cpu = metricRule('high-cpu', new NoMetricDataError('no data for host CPU busy in the last 30 s (is Node Exporter scraped?)'));
    const errors = new StubRule('error-burst');
    errors.intervalMs = 5000;
    errors.next = Object.assign(new LogQueryError('Elasticsearch rejected a query (503 search_phase_execution_exception): all shards failed'), { status: 503 });
    const unreachable = metricRule('high-memory', new PrometheusUnreachableError('Prometheus at http://127.0.0.1:9090 is unreachable (ECONNREFUSED).'));
    const engine = engineWith([cpu, errors, unreachable], time);
    const reported: string[] = [];
    engine.alerts.onStatusChanged((s) => reported.push(`${s.ruleId} ${s.state}`));
    engine.start();
    await time.advance(20_000);
    // An unreachable source is news at once; the two that are up but not filled yet say nothing.
    assert.deepEqual(reported, ['high-memory cannot-evaluate']);

    // The log rule gets data: ok. Then no data again: that is news now (it had data), grace or not.
    errors.next = 0;
    await time.advance(5000);
    assert.equal(engine.alerts.ruleStatuses().find((st) => st.ruleId === 'error-burst')?.state, 'ok');
    errors.next = Object.assign(new LogQueryError('Elasticsearch rejected a query (503 …)'), { status: 503 });
    await time.advance(5000);
    assert.equal(engine.alerts.ruleStatuses().find((st) => st.ruleId === 'error-burst')?.state, 'cannot-evaluate');
    assert.deepEqual(reported.slice(1), ['error-burst cannot-evaluate'], 'its first ok is not news; its later failure is');

    // The metric rule never had data: once the grace is over, it says so.
    await time.advance(FIRST_DATA_GRACE_MS);
    assert.ok(reported.includes('high-cpu cannot-evaluate'), JSON.stringify(reported));
    engine.dispose();
  });

  it('a settings change does not restart the first-data grace: a rule that had data reports "no data" at once after it', async () => {
    const time = new ManualTime();
    const cpu = metricRule('high-cpu', 0.1);
    const engine = engineWith([cpu], time);
    const reported: string[] = [];
    engine.alerts.onStatusChanged((s) => reported.push(s.state));
    engine.start();
    await time.advance(1000);
    engine.updateSettings({ ...DEFAULT_DETECTION_SETTINGS, clearAfterTicks: DEFAULT_DETECTION_SETTINGS.clearAfterTicks + 1 });
    cpu.next = new NoMetricDataError('no data');
    await time.advance(6000);
    assert.equal(reported.at(-1), 'cannot-evaluate', JSON.stringify(reported));
    engine.dispose();
  });

  it("with the lab's rule set and default settings: 30 rapid failures → alert within one log tick, naming the source, attributed to the scenario", async () => {
    const time = new ManualTime();
    const logs = new FakeLogs();
    const scenarios = new FakeScenarios([record('brute-force', T0 + 500)]);
    const engine = new DetectionEngine({
      settings: DEFAULT_DETECTION_SETTINGS,
      sources: { logs, prometheus: new FakePrometheus(() => 0.1), services: () => [] },
      scenarios,
      clock: time,
      timers: time,
    });
    const fired: Alert[] = [];
    engine.alerts.onFired((a) => fired.push(a));
    engine.start();
    await time.advance(1000);
    logs.failedLogins(30, '203.0.113.7', T0 + 1200, 5);
    await time.advance(1000);
    assert.equal(fired.length, 1);
    assert.equal(fired[0]!.ruleId, 'brute-force');
    // The first log tick after the failures arrived (at T0 + 1000) raises it.
    assert.equal(fired[0]!.firedAt, T0 + 1000 + DEFAULT_DETECTION_SETTINGS.logIntervalSeconds * 1000);
    assert.deepEqual(
      fired[0]!.evidence.subjects.map((s) => s.name),
      ['203.0.113.7'],
    );
    assert.equal(fired[0]!.scenario?.kind, 'brute-force');
    engine.dispose();
  });

  it('per tick, each rule sends exactly one request (log rules: one aggregation, metric rules: one query_range)', async () => {
    const time = new ManualTime();
    const logs = new FakeLogs();
    const prometheus = new FakePrometheus(() => 0.1);
    const engine = new DetectionEngine({ settings: DEFAULT_DETECTION_SETTINGS, sources: { logs, prometheus, services: () => [] }, clock: time, timers: time });
    engine.start();
    await time.advance(9999);
    // One request per log tick per log rule (2 rules), the first tick at once; 2 metric ticks × 3 Prometheus rules
    // (high CPU, high memory, events dropped).
    const logTicks = Math.ceil(10_000 / (DEFAULT_DETECTION_SETTINGS.logIntervalSeconds * 1000));
    assert.equal(logs.requests.length, logTicks * 2);
    assert.equal(prometheus.requests.length, 6);
    engine.dispose();
  });

  it('disabled rules are absent; detection.enabled=false builds no rules at all', () => {
    const sources = { logs: new FakeLogs(), prometheus: new FakePrometheus(() => 0), services: () => [] };
    const ids = createRules({ ...DEFAULT_DETECTION_SETTINGS, highMemory: { ...DEFAULT_DETECTION_SETTINGS.highMemory, enabled: false } }, sources).map(
      (r) => r.id,
    );
    assert.deepEqual(ids, ['brute-force', 'error-burst', 'high-cpu', 'container-down', 'events-dropped']);
    const withoutDrops = createRules({ ...DEFAULT_DETECTION_SETTINGS, eventsDropped: { enabled: false } }, sources).map((r) => r.id);
    assert.ok(!withoutDrops.includes('events-dropped'));
    assert.deepEqual(createRules({ ...DEFAULT_DETECTION_SETTINGS, enabled: false }, sources), []);
  });

  it('updateSettings rebuilds rules and restarts the loops when running', async () => {
    const time = new ManualTime();
    const logs = new FakeLogs();
    const engine = new DetectionEngine({
      settings: DEFAULT_DETECTION_SETTINGS,
      sources: { logs, prometheus: new FakePrometheus(() => 0.1), services: () => [] },
      clock: time,
      timers: time,
    });
    engine.start();
    await time.advance(1000);
    engine.updateSettings({ ...DEFAULT_DETECTION_SETTINGS, bruteForce: { ...DEFAULT_DETECTION_SETTINGS.bruteForce, threshold: 5, clearBelow: 5 } });
    logs.failedLogins(6, '198.51.100.9', time.now());
    await time.advance(1000);
    assert.deepEqual(
      engine.alerts.activeAlerts().map((a) => a.evidence.subjects[0]?.name),
      ['198.51.100.9'],
    );
    assert.equal(engine.running, true);
    engine.dispose();
  });
});
