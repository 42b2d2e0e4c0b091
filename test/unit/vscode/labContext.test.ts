// Context keys from the lab's state: what `when` clauses read, set only when they change.
import * as assert from 'node:assert/strict';
import { INITIAL_LAB_STATE, type LabState, nextLabState } from '../../../src/core/stack/labState';
import { ContextKeys, LAB_CONTEXT_KEYS, labContext } from '../../../src/vscode/labContext';
import { stackViewContent } from '../../../src/vscode/serviceFormat';

const runningLab: LabState = {
  engine: { kind: 'reachable', version: '27.0' },
  services: [{ service: 'app', state: 'running', health: 'healthy' }],
  transitions: [],
};

describe('vscode/labContext', () => {
  it('monitoringLab.running is isLabRunning; the profile and the phase are keys too', () => {
    assert.deepEqual(labContext(runningLab, 'full'), {
      'monitoringLab.running': true,
      'monitoringLab.labState': 'running',
      'monitoringLab.profile': 'full',
      'monitoringLab.engineUnreachable': false,
      'monitoringLab.settingsInvalid': false,
    });
    const starting = nextLabState(runningLab, { type: 'transition-began', transition: 'starting' });
    assert.equal(labContext(starting, 'lite')[LAB_CONTEXT_KEYS.running], false);
    assert.equal(labContext(starting, 'lite')[LAB_CONTEXT_KEYS.phase], 'starting');
    const down = nextLabState(INITIAL_LAB_STATE, { type: 'engine', engine: { kind: 'unreachable', reason: 'ECONNREFUSED' } });
    assert.equal(labContext(down, 'lite')[LAB_CONTEXT_KEYS.engineUnreachable], true);
    assert.equal(labContext(down, 'lite')[LAB_CONTEXT_KEYS.running], false);
  });

  it('sets every key once, then only the keys whose value changed', () => {
    const set: string[] = [];
    const keys = new ContextKeys((key, value) => set.push(`${key}=${String(value)}`));
    keys.update(labContext(INITIAL_LAB_STATE, 'lite'));
    assert.equal(set.length, 5);
    set.length = 0;
    keys.update(labContext(INITIAL_LAB_STATE, 'lite'));
    assert.deepEqual(set, [], 'a dead engine probed every second costs no setContext');
    keys.update(labContext(runningLab, 'lite'));
    assert.deepEqual(set, ['monitoringLab.running=true', 'monitoringLab.labState=running']);
    set.length = 0;
    keys.update(labContext(runningLab, 'full'));
    assert.deepEqual(set, ['monitoringLab.profile=full']);
  });

  it('the Stack view: Retry or Open Settings for the engine or the settings, the welcome while nothing exists, else the services', () => {
    assert.deepEqual(stackViewContent(INITIAL_LAB_STATE), { kind: 'welcome', description: '' });
    assert.deepEqual(stackViewContent(runningLab), { kind: 'services', description: '1/1 healthy' });
    assert.deepEqual(stackViewContent({ ...runningLab, engine: { kind: 'unreachable', reason: 'no socket' } }), {
      kind: 'retry',
      reason: 'no socket',
      description: 'engine unreachable',
    });
    assert.deepEqual(stackViewContent({ ...runningLab, engine: { kind: 'misconfigured', reason: 'bad port' } }), {
      kind: 'open-settings',
      reason: 'bad port',
      description: 'invalid setting',
    });
    const reset = { ...runningLab, services: [{ service: 'app', state: 'missing' as const, health: 'none' as const }] };
    assert.deepEqual(stackViewContent(reset), { kind: 'welcome', description: '' });
  });
});
