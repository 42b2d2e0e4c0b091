import * as assert from 'node:assert/strict';
import { bruteForceRule } from '../../../../src/core/detect/rules/bruteForce';
import { DEFAULT_DETECTION_SETTINGS } from '../../../../src/core/detect/settings';
import { FakeLogs, T0 } from './fakes';

const defaults = DEFAULT_DETECTION_SETTINGS.bruteForce;
const signal = new AbortController().signal;

describe('core/detect brute-force rule', () => {
  it('with default settings, the exercise (30 rapid failures from one source) crosses the threshold and names the source', async () => {
    const logs = new FakeLogs();
    logs.failedLogins(30, '203.0.113.7', T0);
    const rule = bruteForceRule(defaults, logs, 1000);
    const m = await rule.measure(T0 + 2000, signal);
    assert.ok(m.value >= rule.fireAt);
    assert.deepEqual(m.subjects, [{ name: '203.0.113.7', value: 30 }]);
    assert.match(rule.describe(m), /30 failed logins from 203\.0\.113\.7 within 60 s/);
  });

  it('below the threshold nobody is named and the value stays under fireAt', async () => {
    const logs = new FakeLogs();
    logs.failedLogins(defaults.threshold - 1, '203.0.113.7', T0);
    const rule = bruteForceRule(defaults, logs, 1000);
    const m = await rule.measure(T0 + 2000, signal);
    assert.equal(m.value, defaults.threshold - 1);
    assert.ok(m.value < rule.fireAt);
    assert.deepEqual(m.subjects, []);
  });

  it('groups by source: of two sources, only the one over the threshold is named', async () => {
    const logs = new FakeLogs();
    logs.failedLogins(25, '198.51.100.1', T0);
    logs.failedLogins(15, '198.51.100.2', T0);
    const m = await bruteForceRule(defaults, logs, 1000).measure(T0 + 2000, signal);
    assert.equal(m.value, 25);
    assert.deepEqual(
      m.subjects.map((s) => s.name),
      ['198.51.100.1'],
    );
  });

  it('many sources each under the threshold do not add up to a brute force (that is spraying, not one source)', async () => {
    const logs = new FakeLogs();
    for (let i = 1; i <= 10; i++) logs.failedLogins(5, `198.51.100.${i}`, T0);
    const m = await bruteForceRule(defaults, logs, 1000).measure(T0 + 2000, signal);
    // Each source is under the clear threshold, so the server drops them all: the answer is empty.
    assert.equal(m.value, 0);
    assert.deepEqual(m.subjects, []);
  });

  it('counts only the window: failures older than windowSeconds are ignored', async () => {
    const logs = new FakeLogs();
    logs.failedLogins(30, '203.0.113.7', T0);
    const m = await bruteForceRule(defaults, logs, 1000).measure(T0 + defaults.windowSeconds * 1000 + 1000, signal);
    assert.equal(m.value, 0);
  });

  it('counts attempts the lockout blocked as failures of the same source', async () => {
    const logs = new FakeLogs();
    logs.failedLogins(5, '203.0.113.7', T0);
    for (let i = 0; i < 25; i++) logs.events.push({ time: T0 + 100 + i, action: 'login-locked-out', sourceIp: '203.0.113.7' });
    const m = await bruteForceRule(defaults, logs, 1000).measure(T0 + 2000, signal);
    assert.equal(m.value, 30);
  });

  it('asks one aggregation per tick, open-ended in time, with min_doc_count at the clear threshold and a small size', async () => {
    const logs = new FakeLogs();
    await bruteForceRule(defaults, logs, 1000).measure(T0, signal);
    assert.equal(logs.requests.length, 1);
    assert.deepEqual(logs.requests[0], { kind: 'failed-attempts-by-source', range: { from: T0 - 60_000 }, minCount: defaults.clearBelow, size: 10 });
  });
});
