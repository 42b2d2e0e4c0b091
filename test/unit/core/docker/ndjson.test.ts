import * as assert from 'node:assert/strict';
import { ndjsonReader } from '../../../../src/core/docker/ndjson';

function collect(chunks: Array<Buffer | string>): unknown[] {
  const values: unknown[] = [];
  const feed = ndjsonReader((v) => values.push(v));
  for (const chunk of chunks) feed(chunk);
  return values;
}

describe('core/docker/ndjson', () => {
  it('delivers one value per line, whatever the chunk boundaries', () => {
    assert.deepEqual(collect(['{"a":1}\n{"a"', ':2}\n', '{"a":3}\n{"a":4}\n']), [{ a: 1 }, { a: 2 }, { a: 3 }, { a: 4 }]);
  });

  it('keeps a multi-byte character that a chunk boundary cuts in two', () => {
    const bytes = Buffer.from('{"name":"café ✓"}\n', 'utf8');
    const cut = bytes.indexOf(0xe2) + 1; // inside the three bytes of ✓
    assert.deepEqual(collect([bytes.subarray(0, cut), bytes.subarray(cut)]), [{ name: 'café ✓' }]);
  });

  it('skips blank lines and CRLF endings, drops a torn line and goes on', () => {
    assert.deepEqual(collect(['\n{"a":1}\r\n\n', '{"a":\n', '{"a":2}\n']), [{ a: 1 }, { a: 2 }]);
  });

  it('holds back a last line until its newline arrives', () => {
    const values: unknown[] = [];
    const feed = ndjsonReader((v) => values.push(v));
    feed('{"a":1}');
    assert.deepEqual(values, []);
    feed('\n');
    assert.deepEqual(values, [{ a: 1 }]);
  });
});
