import * as assert from 'node:assert/strict';
import type { RecordBacking, ScenarioRecord } from '../../../../src/core/scenarios/records';
import { ScenarioRecords } from '../../../../src/core/scenarios/records';

/** An in-memory backing that stores a JSON copy, as extension storage and files do. */
function memoryBacking(initial: unknown = undefined): RecordBacking & { saved: unknown; saves: number } {
  const backing = {
    saved: initial as unknown,
    saves: 0,
    load: () => (backing.saved === undefined ? undefined : (JSON.parse(JSON.stringify(backing.saved)) as unknown)),
    save: async (records: ScenarioRecord[]) => {
      await new Promise((r) => setTimeout(r, 1));
      backing.saved = JSON.parse(JSON.stringify(records));
      backing.saves++;
    },
  };
  return backing;
}

describe('core/scenarios/records', () => {
  it('records start and finish with counts, and survive a reload through the backing', async () => {
    const backing = memoryBacking();
    const records = new ScenarioRecords(backing);
    const run = await records.start('brute-force', { count: 30 }, 1000);
    await records.finish(run.id, 'completed', { '401': 30 }, undefined, 2000);
    const reloaded = await new ScenarioRecords(backing).list();
    assert.deepEqual(reloaded, [
      { id: run.id, kind: 'brute-force', params: { count: 30 }, startedAt: 1000, endedAt: 2000, outcome: 'completed', counts: { '401': 30 } },
    ]);
  });

  it('is bounded: the oldest records are dropped first', async () => {
    const records = new ScenarioRecords(memoryBacking(), 3);
    for (let i = 0; i < 5; i++) await records.start('error-burst', { i }, i);
    assert.deepEqual(
      (await records.list()).map((r) => r.params.i),
      [2, 3, 4],
    );
  });

  it('concurrent finishes are all persisted (writes are serialised)', async () => {
    const backing = memoryBacking();
    const records = new ScenarioRecords(backing);
    const a = await records.start('brute-force', {}, 1);
    const b = await records.start('cpu-stress', {}, 2);
    await Promise.all([records.finish(a.id, 'completed', { '401': 1 }), records.finish(b.id, 'cancelled', {})]);
    const saved = backing.saved as ScenarioRecord[];
    assert.deepEqual(
      saved.map((r) => r.outcome),
      ['completed', 'cancelled'],
    );
  });

  it('ranges include overlapping records; interrupted runs are closed as cancelled', async () => {
    const records = new ScenarioRecords(memoryBacking());
    const old = await records.start('brute-force', {}, 100);
    await records.finish(old.id, 'completed', {}, undefined, 200);
    await records.start('cpu-stress', {}, 300);
    assert.equal((await records.inRange(150, 160)).length, 1);
    assert.equal((await records.inRange(250, 260)).length, 0);
    assert.equal(await records.closeInterrupted(400), 1);
    const closed = (await records.list())[1]!;
    assert.equal(closed.outcome, 'cancelled');
    assert.equal(closed.endedAt, 400);
  });

  it('ignores malformed stored data instead of failing', async () => {
    const records = new ScenarioRecords(
      memoryBacking([{ id: 1 }, 'junk', { id: 'ok', kind: 'brute-force', startedAt: 1, outcome: 'completed', counts: {}, params: {} }]),
    );
    assert.deepEqual(
      (await records.list()).map((r) => r.id),
      ['ok'],
    );
    assert.deepEqual(await new ScenarioRecords(memoryBacking({ not: 'an array' })).list(), []);
  });
});
