import * as assert from 'node:assert/strict';
import { formatBytes, formatClock, formatPercent } from '../../../src/shared/format';

describe('panels: number and time labels', () => {
  it('formats percents with a decimal only below 10, and a dash for no value', () => {
    assert.deepEqual([3.14159, 42.6, 100, undefined, Number.NaN].map(formatPercent), ['3.1 %', '43 %', '100 %', '–', '–']);
  });

  it('formats bytes in binary units', () => {
    assert.deepEqual([512, 1536, 300 * 1024 * 1024, 1.5 * 1024 ** 3, -1].map(formatBytes), ['512 B', '1.5 KiB', '300 MiB', '1.5 GiB', '–']);
  });

  it('formats a time as local hh:mm:ss.mmm', () => {
    const t = new Date(2024, 0, 2, 3, 4, 5, 67).getTime();
    assert.equal(formatClock(t), '03:04:05.067');
    assert.equal(formatClock(Number.NaN), '–');
  });
});
