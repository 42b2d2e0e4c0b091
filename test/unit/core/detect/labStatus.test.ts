import * as assert from 'node:assert/strict';
import type { Alert, RuleStatus } from '../../../../src/core/detect/alert';
import { evidenceFocus } from '../../../../src/core/detect/evidenceFocus';
import { labStatus } from '../../../../src/core/detect/labStatus';
import type { RuleId } from '../../../../src/core/detect/rule';
import { type ServiceState, isLabRunning } from '../../../../src/core/detect/serviceStates';
import type { LabState, LabTransition } from '../../../../src/core/stack/labState';
import { T0 } from './fakes';

/** The lab as the engine described it, with a start, stop or reset under way or not. */
function labStateFromServices(services: ServiceState[], transition?: LabTransition): LabState {
  return { engine: { kind: 'reachable', version: '27.0' }, services, transitions: transition ? [transition] : [] };
}

const up = (service: string): ServiceState => ({ service, state: 'running', health: 'healthy' });
const lab = labStateFromServices([up('app'), up('elasticsearch'), up('prometheus'), up('node-exporter')]);

function alert(ruleId: RuleId, severity: Alert['severity'], subjects: string[], extra: Partial<Alert> = {}): Alert {
  const s = subjects.map((name) => ({ name, value: 30 }));
  return {
    id: `${ruleId}-1`,
    ruleId,
    title: ruleId,
    severity,
    source: 'Elasticsearch',
    firedAt: T0,
    updatedAt: T0,
    evidence: { value: 30, threshold: 20, subjects: s, window: { from: T0 - 60_000, to: T0 }, summary: 'summary' },
    peakValue: 30,
    peakAt: T0,
    subjectsSeen: s,
    span: { from: T0 - 60_000, to: T0 },
    ...extra,
  };
}

describe('core/detect lab status line', () => {
  it('stopped, healthy, starting', () => {
    assert.equal(labStatus(labStateFromServices([{ service: 'app', state: 'exited', health: 'none' }]), [], []).lab, 'Lab: stopped');
    assert.deepEqual(labStatus(lab, [], []), { level: 'ok', lab: 'Lab: 4/4 healthy', details: ['Lab: 4/4 healthy'] });
    const starting = labStateFromServices([up('app'), { service: 'elasticsearch', state: 'running', health: 'starting' }]);
    assert.equal(labStatus(starting, [], []).lab, 'Lab: 1/2 healthy, 1 starting');
  });

  it('a start, stop or reset under way is said as such, never judged (no alert, no "cannot evaluate")', () => {
    const blind: RuleStatus = {
      ruleId: 'brute-force',
      state: 'cannot-evaluate',
      reason: 'cannot evaluate: Elasticsearch unreachable',
      detail: 'ECONNREFUSED',
      since: T0,
    };
    const half = [up('app'), { service: 'prometheus', state: 'missing', health: 'none' } as ServiceState];
    const starting = labStatus(labStateFromServices(half, 'starting'), [], [blind]);
    assert.deepEqual(starting, { level: 'stopped', lab: 'Lab: starting…', details: ['Waiting for the lab to start; detection begins when it is up.'] });
    assert.equal(labStatus(labStateFromServices(half, 'stopping'), [], []).lab, 'Lab: stopping…');
    assert.equal(labStatus(labStateFromServices(half, 'resetting'), [], []).lab, 'Lab: resetting…');
    assert.equal(isLabRunning(labStateFromServices(half, 'starting')), false);
    assert.equal(isLabRunning(labStateFromServices(half)), true);
    assert.equal(isLabRunning(labStateFromServices([{ service: 'app', state: 'exited', health: 'none' }])), false);
  });

  it('a service the user stopped is counted as stopped, not as down', () => {
    const s = labStatus(labStateFromServices([up('app'), { service: 'prometheus', state: 'exited', health: 'none', expectedDown: true }]), [], []);
    assert.equal(s.level, 'ok');
    assert.equal(s.lab, 'Lab: 1/2 healthy, 1 stopped');
  });

  it('the most severe alert leads, naming its subjects and how many more there are', () => {
    const s = labStatus(lab, [alert('high-cpu', 'warning', ['host']), alert('brute-force', 'critical', ['203.0.113.7'])], []);
    assert.equal(s.level, 'critical');
    assert.equal(s.alert, 'brute-force: 203.0.113.7 (+1 more alert)');
    assert.equal(s.alertId, 'brute-force-1');
  });

  it('a rule that cannot evaluate makes the line a warning and says why', () => {
    const blind: RuleStatus = {
      ruleId: 'brute-force',
      state: 'cannot-evaluate',
      reason: 'cannot evaluate: Elasticsearch unreachable',
      detail: 'ECONNREFUSED',
      since: T0,
    };
    const s = labStatus(lab, [], [blind]);
    assert.equal(s.level, 'warning');
    assert.ok(s.details.includes('Cannot evaluate: Elasticsearch unreachable (brute-force)'));
  });
});

describe('core/detect evidence focus', () => {
  it('brute force → Security Events filtered to the worst source, from before the window to now', () => {
    assert.deepEqual(evidenceFocus(alert('brute-force', 'critical', ['203.0.113.7', '198.51.100.2']), T0 + 5000), {
      panel: 'security-events',
      sourceIp: '203.0.113.7',
      from: T0 - 90_000,
      to: T0 + 5000,
    });
  });

  it('a cleared metric alert → System Metrics over its span up to the clear time', () => {
    assert.deepEqual(evidenceFocus(alert('high-cpu', 'warning', ['host'], { clearedAt: T0 + 20_000 }), T0 + 99_000), {
      panel: 'system-metrics',
      from: T0 - 90_000,
      to: T0 + 20_000,
    });
  });

  it('error burst → Security Events on its Errors tab, without a source; container down → the Stack view', () => {
    const errors = evidenceFocus(alert('error-burst', 'warning', ['lab app']), T0);
    assert.equal('sourceIp' in errors, false);
    assert.equal(errors.panel === 'security-events' && errors.tab, 'errors');
    assert.deepEqual(evidenceFocus(alert('container-down', 'critical', ['elasticsearch']), T0), { panel: 'stack', services: ['elasticsearch'] });
  });
});
