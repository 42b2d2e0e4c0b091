// The guided exercise's progress: which real event sets which context key (the walkthrough's steps complete on them).
import * as assert from 'node:assert/strict';
import type { ScenarioKind } from '../../../src/core/scenarios/params';
import type { ServiceHealth, ServiceState } from '../../../src/core/stack/labState';
import { WALKTHROUGH_KEYS as K, WalkthroughProgress, type WalkthroughKey } from '../../../src/vscode/walkthroughProgress';

function setup() {
  const calls: Array<[WalkthroughKey, boolean]> = [];
  const progress = new WalkthroughProgress((key, value) => calls.push([key, value]));
  const trueKeys = () => calls.filter(([, v]) => v).map(([k]) => k);
  return { progress, calls, trueKeys };
}

const running = (health: ServiceHealth = 'healthy'): ServiceState => ({ service: 'elasticsearch', state: 'running', health });

describe('vscode/walkthroughProgress', () => {
  it('the lab counts as started only once every service runs and none is starting, unhealthy or stopped', () => {
    const { progress } = setup();
    progress.lab({ engine: 'reachable', services: [] });
    assert.equal(progress.value(K.labStarted), undefined, 'no services is not a lab that came up');
    progress.lab({ engine: 'reachable', services: [running(), running('starting')] });
    assert.equal(progress.value(K.labStarted), undefined, 'a service still starting');
    progress.lab({ engine: 'reachable', services: [running(), { service: 'app', state: 'exited', health: 'none' }] });
    assert.equal(progress.value(K.labStarted), undefined, 'an exited service');
    progress.lab({ engine: 'reachable', services: [running(), { service: 'app', state: 'exited', health: 'none', expectedDown: true }] });
    assert.equal(progress.value(K.labStarted), undefined, 'a service stopped on purpose is not a lab that came up');
    progress.lab({ engine: 'reachable', services: [running(), running('unhealthy')] });
    assert.equal(progress.value(K.labStarted), undefined, 'an unhealthy service');
    progress.lab({ engine: 'reachable', services: [running(), running('none')] });
    assert.equal(progress.value(K.labStarted), true);
  });

  it('the lab having come up stays true after it stops: the step is done whenever the walkthrough is first opened', () => {
    const { progress, calls } = setup();
    progress.lab({ engine: 'reachable', services: [running()] });
    progress.lab({ engine: 'reachable', services: [{ service: 'app', state: 'exited', health: 'none', expectedDown: true }] });
    progress.lab({ engine: 'unreachable', services: [] });
    assert.equal(progress.value(K.labStarted), true);
    assert.equal(progress.value(K.engineReady), true);
    assert.deepEqual(calls, [
      [K.engineReady, true],
      [K.labStarted, true],
    ]);
  });

  it('the engine is ready when the session reaches it or the check passes; an unprobed engine, invalid settings or a failed check say nothing', () => {
    const { progress } = setup();
    progress.lab({ engine: 'unknown', services: [] });
    progress.lab({ engine: 'misconfigured', services: [] });
    progress.lab({ engine: 'unreachable', services: [running()] });
    progress.engineChecked(false);
    assert.equal(progress.value(K.engineReady), undefined);
    assert.equal(progress.value(K.labStarted), undefined, 'a model read before the engine went away is not a lab that came up');
    progress.engineChecked(true);
    assert.equal(progress.value(K.engineReady), true);
    const other = setup();
    other.progress.lab({ engine: 'reachable', services: [] });
    assert.equal(other.progress.value(K.engineReady), true);
  });

  it('calls setContext once per key, with true, when its event first happens', () => {
    const { progress, calls } = setup();
    for (let i = 0; i < 3; i++) progress.lab({ engine: 'reachable', services: [running()] });
    progress.reportWritten();
    progress.reportWritten();
    assert.deepEqual(calls, [
      [K.engineReady, true],
      [K.labStarted, true],
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

  it('each dashboard handed to the browser sets its own key (the Kibana and Grafana steps)', () => {
    const { progress, trueKeys } = setup();
    progress.dashboardOpened('grafana');
    assert.deepEqual(trueKeys(), [K.grafanaOpened]);
    progress.dashboardOpened('kibana');
    assert.deepEqual(trueKeys(), [K.grafanaOpened, K.kibanaOpened]);
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
