import * as assert from 'node:assert/strict';
import type { Alert, RuleStatus } from '../../../../src/core/detect/alert';
import { AlertManager } from '../../../../src/core/detect/alertManager';
import { LogStoreUnreachableError } from '../../../../src/core/logs/logStore';
import { FakeScenarios, ManualTime, T0, record } from './fakes';
import { StubRule } from './stubRule';

function setup(options: { clearAfterTicks?: number; historySize?: number; scenarios?: FakeScenarios } = {}) {
  const time = new ManualTime();
  const manager = new AlertManager({
    clearAfterTicks: options.clearAfterTicks ?? 3,
    historySize: options.historySize ?? 100,
    clock: time,
    ...(options.scenarios ? { scenarios: options.scenarios } : {}),
  });
  const fired: Alert[] = [];
  const updated: Alert[] = [];
  const cleared: Alert[] = [];
  const statuses: RuleStatus[] = [];
  manager.onFired((a) => fired.push(a));
  manager.onUpdated((a) => updated.push(a));
  manager.onCleared((a) => cleared.push(a));
  manager.onStatusChanged((s) => statuses.push(s));
  const tick = async (rule: StubRule, value: number | Error) => {
    time.skip(1000);
    rule.next = value;
    try {
      await manager.observe(rule, await rule.measure(time.now()));
    } catch (err) {
      manager.observeFailure(rule, err);
    }
  };
  return { time, manager, fired, updated, cleared, statuses, tick };
}

describe('core/detect alert manager', () => {
  it('fires once when the value reaches the threshold, with evidence naming the subject', async () => {
    const { manager, fired, tick } = setup();
    const rule = new StubRule();
    await tick(rule, 19);
    assert.equal(fired.length, 0);
    await tick(rule, 30);
    await tick(rule, 30);
    assert.equal(fired.length, 1);
    const alert = fired[0]!;
    assert.equal(alert.ruleId, 'brute-force');
    assert.equal(alert.firedAt, T0 + 2000);
    assert.deepEqual(alert.evidence.subjects, [{ name: '203.0.113.7', value: 30 }]);
    assert.equal(alert.evidence.threshold, 20);
    assert.equal(manager.activeAlerts().length, 1);
  });

  it('hysteresis: holds between the clear and fire thresholds, clears only after K consecutive ticks below clearBelow', async () => {
    const { manager, cleared, tick } = setup({ clearAfterTicks: 3 });
    const rule = new StubRule();
    await tick(rule, 30);
    await tick(rule, 15); // between clearBelow (10) and fireAt (20): holds
    await tick(rule, 5);
    await tick(rule, 5);
    await tick(rule, 12); // back above clearBelow: the count of quiet ticks restarts
    await tick(rule, 5);
    await tick(rule, 5);
    assert.equal(cleared.length, 0);
    assert.equal(manager.activeAlerts().length, 1);
    await tick(rule, 5);
    assert.equal(cleared.length, 1);
    assert.equal(cleared[0]!.clearReason, 'condition-ended');
    assert.equal(manager.activeAlerts().length, 0);
  });

  it('updates evidence while active: a second source joins the named subjects, the peak is kept', async () => {
    const { fired, updated, cleared, tick } = setup({ clearAfterTicks: 1 });
    const rule = new StubRule();
    rule.subjectsFor = (v) =>
      v >= 40
        ? [
            { name: '198.51.100.2', value: v },
            { name: '203.0.113.7', value: 30 },
          ]
        : v >= 20
          ? [{ name: '203.0.113.7', value: v }]
          : [];
    await tick(rule, 30);
    await tick(rule, 30); // unchanged evidence: no update event
    await tick(rule, 45);
    await tick(rule, 0);
    assert.equal(fired.length, 1);
    assert.equal(updated.length, 1);
    assert.deepEqual(
      updated[0]!.evidence.subjects.map((s) => s.name),
      ['198.51.100.2', '203.0.113.7'],
    );
    assert.equal(cleared[0]!.peakValue, 45);
    assert.deepEqual(cleared[0]!.subjectsSeen, [
      { name: '198.51.100.2', value: 45 },
      { name: '203.0.113.7', value: 30 },
    ]);
  });

  it('keeps the peak evidence on the way down: a burst of 30 is not told as 21 once the window slides', async () => {
    const { fired, updated, cleared, time, tick } = setup({ clearAfterTicks: 1 });
    const rule = new StubRule();
    rule.keepPeak = true;
    await tick(rule, 25);
    await tick(rule, 30);
    const peakAt = time.now();
    await tick(rule, 21); // still above fireAt (20), but lower than the peak
    await tick(rule, 0);
    assert.equal(fired.length, 1);
    assert.deepEqual(
      updated.map((a) => a.evidence.value),
      [30],
    );
    assert.equal(cleared[0]!.evidence.value, 30);
    assert.deepEqual(cleared[0]!.evidence.subjects, [{ name: '203.0.113.7', value: 30 }]);
    assert.match(cleared[0]!.evidence.summary, /^value 30/);
    assert.equal(cleared[0]!.peakValue, 30);
    assert.equal(cleared[0]!.peakAt, peakAt);
  });

  it('a state rule (no keepPeak) shows the current evidence: one of two down services recovered', async () => {
    const { updated, manager, tick } = setup({ clearAfterTicks: 1 });
    const rule = new StubRule('container-down');
    rule.fireAt = 1;
    rule.clearBelow = 1;
    rule.subjectsFor = (v) =>
      v >= 2
        ? [
            { name: 'app', value: 1 },
            { name: 'prometheus', value: 1 },
          ]
        : v >= 1
          ? [{ name: 'prometheus', value: 1 }]
          : [];
    await tick(rule, 2);
    await tick(rule, 1);
    assert.deepEqual(
      manager.activeAlerts()[0]!.evidence.subjects.map((s) => s.name),
      ['prometheus'],
    );
    assert.equal(updated.at(-1)!.evidence.value, 1);
    assert.equal(manager.activeAlerts()[0]!.peakValue, 2, 'the peak is still kept apart');
  });

  it('a rule with confirmTicks fires only after that many consecutive firing observations', async () => {
    const { fired, tick } = setup();
    const rule = new StubRule('container-down');
    rule.fireAt = 1;
    rule.clearBelow = 1;
    rule.confirmTicks = 2;
    await tick(rule, 1); // one glitch
    await tick(rule, 0); // gone: the count restarts
    await tick(rule, 1);
    assert.equal(fired.length, 0, 'fired on isolated single observations');
    await tick(rule, 1);
    assert.equal(fired.length, 1, 'did not fire on the second consecutive observation');
  });

  it('fires again after clearing, as a new alert in the history (newest first)', async () => {
    const { manager, fired, tick } = setup({ clearAfterTicks: 1 });
    const rule = new StubRule();
    await tick(rule, 30);
    await tick(rule, 0);
    await tick(rule, 25);
    assert.equal(fired.length, 2);
    assert.notEqual(fired[0]!.id, fired[1]!.id);
    const history = manager.history();
    assert.deepEqual(
      history.map((a) => [a.id, a.clearedAt !== undefined]),
      [
        [fired[1]!.id, false],
        [fired[0]!.id, true],
      ],
    );
  });

  it('keeps a bounded history, dropping the oldest cleared alerts first and never an active one', async () => {
    const { manager, tick } = setup({ clearAfterTicks: 1, historySize: 2 });
    const a = new StubRule('brute-force');
    const b = new StubRule('error-burst');
    for (let i = 0; i < 3; i++) {
      await tick(a, 30);
      await tick(a, 0);
    }
    await tick(b, 30);
    const history = manager.history();
    assert.equal(history.length, 2);
    assert.equal(history[0]!.ruleId, 'error-burst');
    assert.equal(history[0]!.clearedAt, undefined);
    assert.equal(history[1]!.firedAt, T0 + 5000); // the third brute-force firing
  });

  it('attributes the overlapping scenario of the matching kind, and no other kind', async () => {
    const scenarios = new FakeScenarios([
      record('cpu-stress', T0 - 5000),
      record('brute-force', T0 - 30_000, T0 - 20_000),
      record('brute-force', T0 - 2000, T0 + 500),
    ]);
    const { fired, tick } = setup({ scenarios });
    await tick(new StubRule('brute-force'), 30);
    assert.deepEqual(fired[0]!.scenario, { id: `brute-force-${T0 - 2000}`, kind: 'brute-force', startedAt: T0 - 2000, endedAt: T0 + 500 });
    await tick(new StubRule('container-down'), 30);
    assert.equal(fired[1]!.scenario, undefined);
  });

  it("leaves the scenario out when none overlaps (an attack from outside the lab's runner)", async () => {
    const { fired, tick } = setup({ scenarios: new FakeScenarios([record('brute-force', T0 - 600_000, T0 - 500_000)]) });
    await tick(new StubRule(), 30);
    assert.equal(fired.length, 1);
    assert.equal('scenario' in fired[0]!, false);
  });

  it('a source that cannot be reached is a status reported once per change, never an alert or an exception', async () => {
    const { manager, fired, statuses, tick } = setup();
    const rule = new StubRule();
    await tick(rule, 5);
    for (let i = 0; i < 10; i++) await tick(rule, new LogStoreUnreachableError('Elasticsearch at http://127.0.0.1:9200 is unreachable (ECONNREFUSED)'));
    assert.equal(fired.length, 0);
    assert.equal(statuses.length, 1);
    assert.equal(statuses[0]!.state, 'cannot-evaluate');
    assert.equal((statuses[0] as { reason: string }).reason, 'cannot evaluate: Elasticsearch unreachable');
    await tick(rule, 5);
    assert.deepEqual(
      statuses.map((s) => s.state),
      ['cannot-evaluate', 'ok'],
    );
    assert.equal(manager.ruleStatuses()[0]!.state, 'ok');
  });

  it('holds an active alert while its source cannot be evaluated (no evidence either way)', async () => {
    const { manager, cleared, tick } = setup({ clearAfterTicks: 1 });
    const rule = new StubRule();
    await tick(rule, 30);
    for (let i = 0; i < 5; i++) await tick(rule, new Error('socket hang up'));
    assert.equal(cleared.length, 0);
    assert.equal(manager.activeAlerts().length, 1);
  });

  it('clearAll (lab stopped) clears every active alert with its reason', async () => {
    const { manager, cleared, tick } = setup();
    await tick(new StubRule('brute-force'), 30);
    await tick(new StubRule('error-burst'), 30);
    manager.clearAll('lab-stopped');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(
      cleared.map((a) => a.clearReason),
      ['lab-stopped', 'lab-stopped'],
    );
    assert.equal(manager.activeAlerts().length, 0);
  });

  it('a firing still waiting for attribution when the lab stops does not come back', async () => {
    let release!: () => void;
    const slow = new FakeScenarios();
    const original = slow.inRange.bind(slow);
    slow.inRange = async (from, to) => {
      await new Promise<void>((r) => (release = r));
      return original(from, to);
    };
    const { manager, fired, time } = setup({ scenarios: slow });
    const rule = new StubRule();
    rule.next = 30;
    const observing = manager.observe(rule, await rule.measure(time.now()));
    await new Promise((r) => setImmediate(r));
    manager.clearAll('lab-stopped');
    release();
    await observing;
    assert.equal(fired.length, 0);
    assert.equal(manager.activeAlerts().length, 0);
  });

  it('events carry copies: a listener mutating an alert cannot corrupt the history', async () => {
    const { manager, fired, tick } = setup();
    await tick(new StubRule(), 30);
    fired[0]!.evidence.subjects.length = 0;
    assert.equal(manager.history()[0]!.evidence.subjects.length, 1);
  });
});
