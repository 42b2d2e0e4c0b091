// The lab's one state model: events → state (nextLabState), state → phase, and the one definition of "running".
import * as assert from 'node:assert/strict';
import {
  type EngineState,
  INITIAL_LAB_STATE,
  type LabEvent,
  type LabState,
  type ServiceState,
  currentTransition,
  isLabRunning,
  labPhase,
  nextLabState,
  stoppedOnPurpose,
} from '../../../../src/core/stack/labState';

const up = (service: string, health: ServiceState['health'] = 'healthy'): ServiceState => ({ service, state: 'running', health });
const exited = (service: string, expectedDown = false): ServiceState => ({
  service,
  state: 'exited',
  health: 'none',
  ...(expectedDown ? { expectedDown } : {}),
});
const missing = (service: string): ServiceState => ({ service, state: 'missing', health: 'none', expectedDown: true });
const reachable: EngineState = { kind: 'reachable', version: '27.0' };

function run(...events: LabEvent[]): LabState {
  return events.reduce<LabState>((state, event) => nextLabState(state, event), INITIAL_LAB_STATE);
}
const services = (...list: ServiceState[]): LabEvent => ({ type: 'services', services: list });
const engine = (e: EngineState): LabEvent => ({ type: 'engine', engine: e });

describe('core/stack/labState', () => {
  it('phases from what the engine said: unknown, not created, stopped, running, degraded', () => {
    assert.equal(labPhase(INITIAL_LAB_STATE), 'unknown');
    assert.equal(labPhase(run(engine(reachable))), 'unknown', 'the engine answered, the lab is not read yet');
    assert.equal(labPhase(run(engine(reachable), services())), 'not-created');
    assert.equal(labPhase(run(engine(reachable), services(missing('app'), missing('elasticsearch')))), 'not-created');
    assert.equal(labPhase(run(engine(reachable), services(exited('app', true), missing('elasticsearch')))), 'stopped');
    assert.equal(labPhase(run(engine(reachable), services(up('app'), up('elasticsearch', 'starting'), up('node-exporter', 'none')))), 'running');
    assert.equal(labPhase(run(engine(reachable), services(up('app'), exited('elasticsearch')))), 'degraded', 'a crash while the lab runs');
    assert.equal(labPhase(run(engine(reachable), services(up('app'), up('elasticsearch', 'unhealthy')))), 'degraded');
    assert.equal(labPhase(run(engine(reachable), services(up('app'), exited('prometheus', true)))), 'running', 'a service the user stopped is no problem');
  });

  it('running is one definition: some container runs and no start, stop or reset is under way', () => {
    const degraded = run(engine(reachable), services(up('app'), exited('elasticsearch')));
    assert.equal(isLabRunning(degraded), true, 'one down service is an alert, not a stopped lab');
    assert.equal(isLabRunning(run(engine(reachable), services(exited('app'), exited('elasticsearch')))), false);
    assert.equal(isLabRunning(INITIAL_LAB_STATE), false);
    const restarting = run(engine(reachable), services({ service: 'app', state: 'restarting', health: 'none' }));
    assert.equal(isLabRunning(restarting), false, 'a container that restarts does not run');
    for (const transition of ['starting', 'stopping', 'resetting'] as const) {
      const during = nextLabState(degraded, { type: 'transition-began', transition });
      assert.equal(labPhase(during), transition);
      assert.equal(isLabRunning(during), false, `${transition}: nothing is judged while containers come and go on purpose`);
    }
  });

  it('a start, stop or reset names the phase until it ends; overlapping ones end in any order', () => {
    let state = run(engine(reachable), services(up('app')));
    state = nextLabState(state, { type: 'transition-began', transition: 'stopping' });
    state = nextLabState(state, { type: 'transition-began', transition: 'starting' });
    assert.equal(labPhase(state), 'starting', 'the newest names the phase');
    state = nextLabState(state, { type: 'transition-ended', transition: 'starting' });
    assert.equal(labPhase(state), 'stopping');
    state = nextLabState(state, { type: 'transition-began', transition: 'starting' });
    state = nextLabState(state, { type: 'transition-ended', transition: 'stopping' });
    assert.equal(currentTransition(state), 'starting');
    state = nextLabState(state, services(exited('app', true)));
    state = nextLabState(state, { type: 'transition-ended', transition: 'starting' });
    assert.equal(labPhase(state), 'stopped');
    assert.equal(nextLabState(state, { type: 'transition-ended', transition: 'resetting' }), state, 'ending one that never began changes nothing');
  });

  it('the engine: unreachable or misconfigured define the phase only while nothing is known to run', () => {
    assert.equal(labPhase(run(engine({ kind: 'unreachable', reason: 'ECONNREFUSED' }))), 'engine-unreachable');
    assert.equal(labPhase(run(engine({ kind: 'misconfigured', reason: 'bad port' }))), 'misconfigured');
    assert.equal(labPhase(run(engine(reachable), services(exited('app')), engine({ kind: 'unreachable', reason: 'gone' }))), 'engine-unreachable');
    // A busy engine that misses one check does not stop a running lab (stopping detection would clear its alerts).
    const blip = run(engine(reachable), services(up('app')), engine({ kind: 'unreachable', reason: 'timeout' }));
    assert.equal(labPhase(blip), 'running');
    assert.equal(isLabRunning(blip), true);
    assert.deepEqual(blip.services, [up('app')], 'the last known services are kept');
    assert.equal(blip.engine.kind, 'unreachable', 'the engine state itself is kept for the Stack view');
    assert.equal(labPhase(nextLabState(blip, engine(reachable))), 'running');
  });

  it('returns the same state when an event changes nothing (listeners and context keys are skipped)', () => {
    const state = run(engine({ kind: 'unreachable', reason: 'ECONNREFUSED' }));
    assert.equal(nextLabState(state, engine({ kind: 'unreachable', reason: 'ECONNREFUSED' })), state);
    assert.notEqual(nextLabState(state, engine({ kind: 'unreachable', reason: 'other' })), state);
    const list = [up('app')];
    const read = nextLabState(state, { type: 'services', services: list });
    list.push(up('late'));
    assert.equal(read.services!.length, 1, 'the state keeps its own copy of the services');
  });

  it('a stopped service reads as stopped on purpose when asked for, or when the lab as a whole is not running', () => {
    const running = run(engine(reachable), services(up('app'), exited('elasticsearch'), exited('prometheus', true)));
    assert.equal(stoppedOnPurpose(running, 'elasticsearch'), false, 'a crash while the lab runs is not on purpose');
    assert.equal(stoppedOnPurpose(running, 'prometheus'), true);
    const stopped = run(engine(reachable), services(exited('app'), exited('elasticsearch')));
    assert.equal(stoppedOnPurpose(stopped, 'elasticsearch'), true);
    assert.equal(stoppedOnPurpose(nextLabState(running, { type: 'transition-began', transition: 'stopping' }), 'elasticsearch'), true);
  });
});
