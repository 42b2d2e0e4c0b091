import * as assert from 'node:assert/strict';
import type { Alert } from '../../../../src/core/detect/alert';
import { NotificationGate } from '../../../../src/core/detect/notificationGate';
import type { RuleId } from '../../../../src/core/detect/rule';
import { ManualTime } from './fakes';

function alert(ruleId: RuleId, severity: Alert['severity'] = 'critical', id = `${ruleId}-1`): Alert {
  const window = { from: 0, to: 1 };
  return {
    id,
    ruleId,
    title: ruleId,
    severity,
    source: 'Elasticsearch',
    firedAt: 0,
    updatedAt: 0,
    evidence: { value: 30, threshold: 20, subjects: [], window, summary: '' },
    peakValue: 30,
    peakAt: 0,
    subjectsSeen: [],
    span: window,
  };
}

describe('core/detect notification gate', () => {
  it('by default only critical alerts notify; "all" adds warnings; "off" silences', () => {
    const time = new ManualTime();
    assert.deepEqual(new NotificationGate({ level: 'critical', cooldownMs: 60_000, clock: time }).offer(alert('high-cpu', 'warning')), {
      action: 'drop',
      why: 'level',
    });
    assert.equal(new NotificationGate({ level: 'all', cooldownMs: 60_000, clock: time }).offer(alert('high-cpu', 'warning')).action, 'show');
    assert.equal(new NotificationGate({ level: 'off', cooldownMs: 60_000, clock: time }).offer(alert('brute-force')).action, 'drop');
  });

  it('at most one notification per rule per cooldown, however often it re-fires', async () => {
    const time = new ManualTime();
    const gate = new NotificationGate({ level: 'critical', cooldownMs: 60_000, clock: time });
    const shown: string[] = [];
    for (let i = 0; i < 20; i++) {
      const d = gate.offer(alert('brute-force', 'critical', `bf-${i}`));
      if (d.action === 'show') shown.push(...d.alerts.map((a) => a.id));
      await time.advance(10_000);
    }
    // 200 s of re-firing every 10 s → shown at 0, 60, 120, 180 s.
    assert.deepEqual(shown, ['bf-0', 'bf-6', 'bf-12', 'bf-18']);
  });

  it('coalesces alerts of other rules arriving right after a notification into one, flushed once', async () => {
    const time = new ManualTime();
    const gate = new NotificationGate({ level: 'critical', cooldownMs: 60_000, coalesceMs: 5000, clock: time });
    assert.equal(gate.offer(alert('brute-force')).action, 'show');
    await time.advance(1000);
    assert.deepEqual(gate.offer(alert('container-down')), { action: 'queued', at: time.now() + 4000, schedule: true });
    const again = gate.offer(alert('error-burst', 'critical'));
    assert.equal(again.action, 'queued');
    assert.equal((again as { schedule: boolean }).schedule, false);
    assert.deepEqual(gate.offer(alert('container-down', 'critical', 'second')), { action: 'drop', why: 'already-queued' });
    await time.advance(4000);
    assert.deepEqual(
      gate.flush().map((a) => a.ruleId),
      ['container-down', 'error-burst'],
    );
    assert.deepEqual(gate.flush(), []);
  });

  it('a queued alert that cleared before the flush is left out', () => {
    const time = new ManualTime();
    const gate = new NotificationGate({ level: 'critical', cooldownMs: 60_000, clock: time });
    gate.offer(alert('brute-force'));
    gate.offer(alert('container-down'));
    assert.deepEqual(
      gate.flush((a) => a.ruleId !== 'container-down'),
      [],
    );
  });
});
