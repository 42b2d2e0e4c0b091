import * as assert from 'node:assert/strict';
import { MAX_WINDOW_MS, parseEvidenceRange, windowCovering } from '../../../src/vscode/evidenceRange';

const MIN = 60_000;
const WINDOW = 15 * MIN;
const NOW = Date.parse('2026-11-30T10:00:00Z');

describe("vscode/evidenceRange: Open System Metrics on an alert's range", () => {
  it('reads {from, to} as Show Evidence passes it, and nothing else', () => {
    assert.deepEqual(parseEvidenceRange({ from: 1, to: 2 }), { from: 1, to: 2 });
    for (const bad of [undefined, null, 'x', {}, { from: 1 }, { from: 2, to: 1 }, { from: Number.NaN, to: 2 }, { from: '1', to: 2 }]) {
      assert.equal(parseEvidenceRange(bad), undefined, JSON.stringify(bad));
    }
  });

  it('keeps the usual window when it shows the range; otherwise reaches back to a minute before it', () => {
    assert.equal(windowCovering(undefined, NOW, WINDOW), undefined);
    assert.equal(windowCovering({ from: NOW - 5 * MIN, to: NOW - MIN }, NOW, WINDOW), undefined);
    assert.equal(windowCovering({ from: NOW - 40 * MIN, to: NOW - 30 * MIN }, NOW, WINDOW), 41 * MIN);
    assert.equal(windowCovering({ from: NOW - 3 * 86_400_000, to: NOW - 86_400_000 }, NOW, WINDOW), MAX_WINDOW_MS);
  });
});
