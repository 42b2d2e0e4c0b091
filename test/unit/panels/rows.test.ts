import * as assert from 'node:assert/strict';
import type { EventRow } from '../../../src/shared/securityEventsProtocol';
import { applyFilter, filterTerms, matchesFilter } from '../../../src/shared/rows/rowFilter';
import { RowBuffer } from '../../../src/shared/rows/rowBuffer';

const row = (id: string, time: number, extra: Partial<EventRow> = {}): EventRow => ({ id, time, message: `login failed ${id}`, ...extra });

describe('panels: bounded row buffer', () => {
  it('keeps rows newest first whatever order they arrive in', () => {
    const buffer = new RowBuffer(10);
    buffer.add([row('a', 1), row('c', 3)]);
    buffer.add([row('b', 2)]);
    assert.deepEqual(
      buffer.snapshot().map((r) => r.id),
      ['c', 'b', 'a'],
    );
  });

  it('holds each id once, across and within batches', () => {
    const buffer = new RowBuffer(10);
    assert.equal(buffer.add([row('a', 1), row('a', 1), row('b', 2)]), 2);
    assert.equal(buffer.add([row('b', 2), row('c', 3)]), 1);
    assert.equal(buffer.size, 3);
  });

  it('never holds more than its capacity: the oldest rows go first', () => {
    const buffer = new RowBuffer(500);
    for (let batch = 0; batch < 12; batch++) {
      buffer.add(Array.from({ length: 100 }, (_, i) => row(`${batch}-${i}`, batch * 100 + i)));
    }
    assert.equal(buffer.size, 500);
    const rows = buffer.snapshot();
    assert.equal(rows[0]!.time, 1199);
    assert.equal(rows[499]!.time, 700);
  });

  it('counts as new only rows that survive the bound (a late page of old rows)', () => {
    const buffer = new RowBuffer(2);
    buffer.add([row('new1', 100), row('new2', 101)]);
    assert.equal(buffer.add([row('old', 1)]), 0);
    assert.deepEqual(
      buffer.snapshot().map((r) => r.id),
      ['new2', 'new1'],
    );
  });

  it('forgets ids it dropped, so clear() and eviction do not block re-adding', () => {
    const buffer = new RowBuffer(1);
    buffer.add([row('a', 1)]);
    buffer.add([row('b', 2)]);
    assert.equal(buffer.add([row('a', 3)]), 1);
    buffer.clear();
    assert.equal(buffer.size, 0);
  });

  it('rejects a capacity that is not a whole number ≥ 1', () => {
    assert.throws(() => new RowBuffer(0), RangeError);
    assert.throws(() => new RowBuffer(2.5), RangeError);
  });
});

describe('panels: filter box', () => {
  const rows = [
    row('1', 3, { user: 'admin', source: '10.0.0.5', userAgent: 'hydra/9.5' }),
    row('2', 2, { user: 'Alice', source: '10.0.0.6', userAgent: 'Mozilla/5.0' }),
    row('3', 1, { user: '<img src=x onerror=alert(1)>', source: '10.0.0.5' }),
  ];

  it('splits into lower-cased words and treats blank as "everything"', () => {
    assert.deepEqual(filterTerms('  Admin   10.0 '), ['admin', '10.0']);
    assert.deepEqual(
      applyFilter(rows, '   ').map((r) => r.id),
      ['1', '2', '3'],
    );
  });

  it('matches every word case-insensitively across user, source and agent', () => {
    assert.deepEqual(
      applyFilter(rows, 'ALICE').map((r) => r.id),
      ['2'],
    );
    assert.deepEqual(
      applyFilter(rows, '10.0.0.5').map((r) => r.id),
      ['1', '3'],
    );
    assert.deepEqual(
      applyFilter(rows, '10.0.0.5 hydra').map((r) => r.id),
      ['1'],
    );
    assert.deepEqual(
      applyFilter(rows, 'nobody').map((r) => r.id),
      [],
    );
  });

  it('treats regex and HTML characters literally', () => {
    assert.deepEqual(
      applyFilter(rows, '<img').map((r) => r.id),
      ['3'],
    );
    assert.equal(matchesFilter(rows[0]!, filterTerms('.*')), false);
    assert.equal(matchesFilter(rows[0]!, filterTerms('hydra/9.5')), true);
  });
});
