import * as assert from 'node:assert/strict';
import { errorBurstRule } from '../../../../src/core/detect/rules/errorBurst';
import { DEFAULT_DETECTION_SETTINGS } from '../../../../src/core/detect/settings';
import { FakeLogs, T0 } from './fakes';

const defaults = DEFAULT_DETECTION_SETTINGS.errorBurst;
const signal = new AbortController().signal;

describe('core/detect error-burst rule', () => {
  it('the error-burst scenario (20 errors) crosses the default threshold with one count request', async () => {
    const logs = new FakeLogs();
    logs.errors(20, T0, 250);
    const rule = errorBurstRule(defaults, logs, 1000);
    const m = await rule.measure(T0 + 6000, signal);
    assert.equal(m.value, 20);
    assert.ok(m.value >= rule.fireAt);
    assert.equal(logs.requests.length, 1);
    assert.deepEqual(logs.requests[0], { kind: 'errors', range: { from: T0 + 6000 - 60_000 } });
    assert.match(rule.describe(m), /20 ERROR events within 60 s/);
  });

  it('does not fire below the threshold, and ignores warnings', async () => {
    const logs = new FakeLogs();
    logs.errors(defaults.threshold - 1, T0);
    logs.failedLogins(50, '203.0.113.7', T0);
    const rule = errorBurstRule(defaults, logs, 1000);
    const m = await rule.measure(T0 + 1000, signal);
    assert.equal(m.value, defaults.threshold - 1);
    assert.ok(m.value < rule.fireAt);
    assert.deepEqual(m.subjects, []);
  });
});
