import * as assert from 'node:assert/strict';
import { Poller } from '../../../src/vscode/panels/poller';
import { ManualTimers } from './fakes';

const failOnError = (err: unknown) => assert.fail(`unexpected poll error: ${String(err)}`);
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('panels: poller', () => {
  it('runs at once on start, then once per interval, never two runs at a time', async () => {
    const timers = new ManualTimers();
    let runs = 0;
    let release: () => void = () => undefined;
    const poller = new Poller(
      () => {
        runs++;
        return new Promise<void>((r) => (release = r));
      },
      1000,
      failOnError,
      timers,
    );
    poller.start();
    assert.equal(runs, 1);
    poller.runNow(); // while the first run is in flight: coalesced, not a second request
    assert.equal(runs, 1);
    release();
    await settle();
    assert.deepEqual(timers.delays, [20], 'the coalesced request runs soon after');
    timers.fireAll();
    assert.equal(runs, 2);
    release();
    await settle();
    assert.deepEqual(timers.delays, [1000]);
    poller.stop();
  });

  it('polls again quickly when the task says more is waiting', async () => {
    const timers = new ManualTimers();
    const poller = new Poller(async () => ({ again: true }), 1000, failOnError, timers);
    poller.start();
    await settle();
    assert.deepEqual(timers.delays, [20]);
    poller.stop();
  });

  it('stops scheduling on stop(), even when a run was in flight', async () => {
    const timers = new ManualTimers();
    let runs = 0;
    let release: () => void = () => undefined;
    const poller = new Poller(
      () => {
        runs++;
        return new Promise<void>((r) => (release = r));
      },
      1000,
      failOnError,
      timers,
    );
    poller.start();
    poller.stop();
    release();
    await settle();
    assert.deepEqual(timers.delays, []);
    poller.runNow();
    assert.equal(runs, 1, 'runNow does nothing while stopped');
    assert.equal(poller.isActive, false);
  });

  it('reports a failing task and keeps polling', async () => {
    const timers = new ManualTimers();
    const errors: unknown[] = [];
    const poller = new Poller(
      async () => {
        throw new Error('boom');
      },
      500,
      (e) => errors.push(e),
      timers,
    );
    poller.start();
    await settle();
    assert.equal(errors.length, 1);
    assert.deepEqual(timers.delays, [500]);
    poller.stop();
  });
});
