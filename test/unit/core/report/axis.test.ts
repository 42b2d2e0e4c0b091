import * as assert from 'node:assert/strict';
import { timeTicks, valueTicks } from '../../../../src/shared/chart/axis';

describe('chart: axis ticks', () => {
  it('value ticks are round and cover the domain', () => {
    assert.deepEqual(valueTicks([0, 100], 6), [0, 20, 40, 60, 80, 100]);
    assert.deepEqual(valueTicks([0, 30], 4), [0, 10, 20, 30]);
    assert.deepEqual(valueTicks([5, 5], 4), [5]);
  });

  it('time ticks land on round local times', () => {
    const from = Date.UTC(2026, 10, 29, 14, 0, 7);
    const { step, ticks } = timeTicks(from, from + 6 * 60_000, 7);
    assert.equal(step, 60_000);
    assert.equal(new Date(ticks[0]!).toISOString(), '2026-11-29T14:01:00.000Z');
    // A +05:45 zone: minute steps still land on whole local minutes.
    const shifted = timeTicks(from, from + 3_600_000, 5, 345 * 60_000);
    assert.equal(shifted.step, 900_000);
    assert.equal((shifted.ticks[0]! + 345 * 60_000) % 900_000, 0);
  });
});
