import * as assert from 'node:assert/strict';
import { defined } from '../../../src/shared/defined';

describe('shared/defined', () => {
  it('keeps every property with a value (null, 0, empty text and false included) and drops only undefined', () => {
    const out = defined({ a: 1, b: undefined, c: null, d: 0, e: '', f: false });
    assert.deepEqual(out, { a: 1, c: null, d: 0, e: '', f: false });
    assert.equal('b' in out, false);
  });
});
