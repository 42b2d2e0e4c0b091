import * as assert from 'node:assert/strict';
import { type Alert, SEVERITIES, compareAlerts, isAtLeast, severityRank } from '../../../../src/core/detect/alert';
import { T0 } from './fakes';

function alert(id: string, severity: Alert['severity'], firedAt: number): Alert {
  return {
    id,
    ruleId: 'high-cpu',
    title: id,
    severity,
    source: 'Prometheus',
    firedAt,
    updatedAt: firedAt,
    evidence: { value: 1, threshold: 1, subjects: [], window: { from: firedAt, to: firedAt }, summary: '' },
    peakValue: 1,
    peakAt: firedAt,
    subjectsSeen: [],
    span: { from: firedAt, to: firedAt },
  };
}

describe('core/detect severity ranking', () => {
  it('ranks critical above warning', () => {
    assert.deepEqual(SEVERITIES, ['warning', 'critical']);
    assert.ok(severityRank('critical') > severityRank('warning'));
  });

  it('a severity is at least itself and anything less severe, never more', () => {
    assert.equal(isAtLeast('critical', 'warning'), true);
    assert.equal(isAtLeast('critical', 'critical'), true);
    assert.equal(isAtLeast('warning', 'warning'), true);
    assert.equal(isAtLeast('warning', 'critical'), false);
  });

  it('orders alerts most severe first, then newest first', () => {
    const alerts = [
      alert('old warning', 'warning', T0),
      alert('old critical', 'critical', T0),
      alert('new warning', 'warning', T0 + 5),
      alert('new critical', 'critical', T0 + 5),
    ];
    assert.deepEqual(
      alerts.sort(compareAlerts).map((a) => a.id),
      ['new critical', 'old critical', 'new warning', 'old warning'],
    );
  });
});
