// Stress container lifecycle against a fake engine: stopping is one removal, shared by every caller.
import * as assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { startCpuStress } from '../../../../src/core/scenarios/stressContainers';

/** A fake engine whose force-remove takes `removeMs`, answers 409 while one is under way, and ends wait(). */
function fakeEngine(removeMs: number) {
  const state = { removeCalls: 0, removed: false, removing: false };
  let exited!: (v: { StatusCode: number }) => void;
  const waited = new Promise<{ StatusCode: number }>((r) => (exited = r));
  const container = {
    id: 'fake-id',
    start: async () => undefined,
    wait: () => waited,
    remove: async () => {
      state.removeCalls++;
      if (state.removed) throw Object.assign(new Error('no such container'), { statusCode: 404 });
      if (state.removing) throw Object.assign(new Error('removal already in progress'), { statusCode: 409 });
      state.removing = true;
      exited({ StatusCode: 137 });
      await new Promise((r) => setTimeout(r, removeMs));
      state.removing = false;
      state.removed = true;
    },
  };
  const docker = { createContainer: async () => container } as unknown as Docker;
  return { docker, state, container };
}

describe('core/scenarios/stressContainers', () => {
  it('concurrent stops (cancel, Stop All, the run end) all wait for the one removal to finish', async () => {
    const { docker, state } = fakeEngine(100);
    const handle = await startCpuStress({ docker, image: 'img', project: 'p' }, 'run-1', { workers: 1, durationSeconds: 60 });
    const stops = [handle.stop(), handle.stop(), handle.stop()];
    const gone = await Promise.all(stops.map((s) => s.then(() => state.removed)));
    assert.deepEqual(gone, [true, true, true], 'a stop resolved while the container still existed');
    const ended = await handle.done;
    assert.deepEqual(ended, { cancelled: true, exitCode: 137 });
    assert.equal(state.removed, true);
    assert.equal(state.removeCalls, 1, 'one force-remove for all callers');
  });

  it('a failed removal can be retried', async () => {
    const { docker, state, container } = fakeEngine(10);
    const handle = await startCpuStress({ docker, image: 'img', project: 'p' }, 'run-2', { workers: 1, durationSeconds: 60 });
    let failNext = true;
    const realRemove = container.remove;
    container.remove = async () => {
      if (failNext) {
        failNext = false;
        throw Object.assign(new Error('engine busy'), { statusCode: 500 });
      }
      return realRemove();
    };
    await assert.rejects(handle.stop(), /engine busy/);
    await handle.stop();
    assert.equal(state.removed, true);
    await handle.done;
  });

  it('the container removed under the run (404) ends it as cancelled', async () => {
    const { docker, container, state } = fakeEngine(1);
    container.wait = () => Promise.reject(Object.assign(new Error('no such container'), { statusCode: 404 }));
    const handle = await startCpuStress({ docker, image: 'img', project: 'p' }, 'run-3', { workers: 1, durationSeconds: 60 });
    assert.deepEqual(await handle.done, { cancelled: true });
    assert.equal(state.removeCalls, 1);
  });

  it('any other wait() failure is reported naming the container, and the container is still removed', async () => {
    const { docker, container, state } = fakeEngine(1);
    container.wait = () => Promise.reject(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const handle = await startCpuStress({ docker, image: 'img', project: 'p' }, 'run-4abcdef', { workers: 1, durationSeconds: 60 });
    await assert.rejects(handle.done, /cpu-stress run failed while waiting for its container p-scenario-cpu-stress-run-4abc: socket hang up/);
    assert.equal(state.removed, true, 'the stress container does not outlive a failed wait');
  });
});
