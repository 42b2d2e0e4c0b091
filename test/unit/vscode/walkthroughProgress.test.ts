// The guided exercise's progress: which real event sets which context key (the walkthrough's steps complete on them).
import * as assert from 'node:assert/strict';
import type { ScenarioKind } from '../../../src/core/scenarios/params';
import { WALKTHROUGH_KEYS as K, WalkthroughProgress, type WalkthroughKey } from '../../../src/vscode/walkthroughProgress';

function setup() {
  const calls: Array<[WalkthroughKey, boolean]> = [];
  const progress = new WalkthroughProgress((key, value) => calls.push([key, value]));
  const trueKeys = () => calls.filter(([, v]) => v).map(([k]) => k);
  return { progress, calls, trueKeys };
}

const running = (health = 'healthy') => ({ state: 'running', health });

describe('vscode/walkthroughProgress', () => {
  it('the lab is healthy only when every service runs and none is starting or unhealthy', () => {
    const { progress } = setup();
    progress.lab({ engine: 'reachable', services: [] });
    assert.equal(progress.value(K.labHealthy), false, 'no services is not a healthy lab');
    progress.lab({ engine: 'reachable', services: [running(), running('starting')] });
    assert.equal(progress.value(K.labHealthy), false, 'a service still starting');
    progress.lab({ engine: 'reachable', services: [running(), { state: 'exited', health: 'none' }] });
    assert.equal(progress.value(K.labHealthy), false, 'an exited service');
    progress.lab({ engine: 'reachable', services: [running(), running('unhealthy')] });
    assert.equal(progress.value(K.labHealthy), false, 'an unhealthy service');
    progress.lab({ engine: 'reachable', services: [running(), running('none')] });
    assert.equal(progress.value(K.labHealthy), true);
    // The lab stopping makes the state false again (VS Code keeps a step done once it completed).
    progress.lab({ engine: 'reachable', services: [{ state: 'exited', health: 'none' }] });
    assert.equal(progress.value(K.labHealthy), false);
  });

  it('the engine is ready when the session reaches it or the check passes; an unprobed engine or invalid settings say nothing', () => {
    const { progress } = setup();
    progress.lab({ engine: 'unknown', services: [] });
    assert.equal(progress.value(K.engineReady), undefined);
    progress.lab({ engine: 'misconfigured', services: [] });
    assert.equal(progress.value(K.engineReady), undefined);
    progress.lab({ engine: 'unreachable', services: [running()] });
    assert.equal(progress.value(K.engineReady), false);
    assert.equal(progress.value(K.labHealthy), false, 'a model read before the engine went away is not a healthy lab');
    progress.engineChecked(true);
    assert.equal(progress.value(K.engineReady), true);
    progress.engineChecked(false);
    assert.equal(progress.value(K.engineReady), false);
    progress.lab({ engine: 'reachable', services: [] });
    assert.equal(progress.value(K.engineReady), true);
  });

  it('calls setContext only when a value changes', () => {
    const { progress, calls } = setup();
    for (let i = 0; i < 3; i++) progress.lab({ engine: 'reachable', services: [running()] });
    progress.reportWritten();
    progress.reportWritten();
    assert.deepEqual(calls, [
      [K.engineReady, true],
      [K.labHealthy, true],
      [K.reportWritten, true],
    ]);
  });

  it("a scenario that ran to its end sets its kind's key; a cancelled run does not", () => {
    const { progress, trueKeys } = setup();
    progress.scenarioFinished({ kind: 'cpu-stress', cancelled: true });
    assert.deepEqual(trueKeys(), []);
    const expected: Record<ScenarioKind, WalkthroughKey> = {
      'brute-force': K.bruteForceFinished,
      'error-burst': K.errorBurstFinished,
      'cpu-stress': K.cpuStressFinished,
      'memory-pressure': K.memoryPressureFinished,
    };
    for (const [kind, key] of Object.entries(expected) as Array<[ScenarioKind, WalkthroughKey]>) {
      progress.scenarioFinished({ kind, cancelled: false });
      assert.equal(trueKeys().at(-1), key, kind);
    }
  });

  it("only the brute-force rule's alert sets the alert key", () => {
    const { progress, trueKeys } = setup();
    progress.alertFired({ ruleId: 'error-burst' });
    progress.alertFired({ ruleId: 'high-cpu' });
    assert.deepEqual(trueKeys(), []);
    progress.alertFired({ ruleId: 'brute-force' });
    assert.deepEqual(trueKeys(), [K.bruteForceAlerted]);
  });

  it('each panel shown sets its own key', () => {
    const { progress, trueKeys } = setup();
    progress.panelShown('securityEvents');
    assert.deepEqual(trueKeys(), [K.securityEventsOpened]);
    progress.panelShown('systemMetrics');
    assert.deepEqual(trueKeys(), [K.securityEventsOpened, K.systemMetricsOpened]);
  });

  it('a failed targets check sets nothing; a passed one stays passed', () => {
    const { progress } = setup();
    progress.targetsChecked(false);
    assert.equal(progress.value(K.targetsUp), undefined);
    progress.targetsChecked(true);
    progress.targetsChecked(false);
    assert.equal(progress.value(K.targetsUp), true);
  });
});
