import * as assert from 'node:assert/strict';
import { parseEvidenceFocus, parseSecurityViewState, parseWebviewMessage, DEFAULT_SECURITY_STATE, MAX_FILTER_LENGTH } from '../../../src/shared/panelProtocol';

describe('panels: webview message validation', () => {
  it('accepts the messages each panel offers', () => {
    assert.deepEqual(parseWebviewMessage('securityEvents', { type: 'ready' }), { ok: true, message: { type: 'ready' } });
    assert.deepEqual(parseWebviewMessage('systemMetrics', { type: 'action', action: 'startLab' }), { ok: true, message: { type: 'action', action: 'startLab' } });
    assert.deepEqual(parseWebviewMessage('securityEvents', { type: 'action', action: 'retry' }), { ok: true, message: { type: 'action', action: 'retry' } });
    assert.deepEqual(parseWebviewMessage('securityEvents', { type: 'setPaused', paused: true }), { ok: true, message: { type: 'setPaused', paused: true } });
  });

  const malformed: Array<[string, unknown]> = [
    ['null', null],
    ['a string', 'ready'],
    ['an array', [{ type: 'ready' }]],
    ['no type', { action: 'retry' }],
    ['a non-string type', { type: 1 }],
    ['an unknown type', { type: 'runCommand', command: 'workbench.action.terminal.new' }],
    ['an action outside the allow-list', { type: 'action', action: 'workbench.action.reloadWindow' }],
    ['an action that is not a string', { type: 'action', action: { toString: 'startLab' } }],
    ['extra keys on ready', { type: 'ready', html: '<img src=x>' }],
    ['extra keys on action', { type: 'action', action: 'retry', args: [1] }],
    ['setPaused without a boolean', { type: 'setPaused', paused: 'yes' }],
    ['setPaused without paused', { type: 'setPaused' }],
  ];
  for (const [what, raw] of malformed) {
    it(`rejects ${what}`, () => {
      const result = parseWebviewMessage('securityEvents', raw);
      assert.equal(result.ok, false);
      if (!result.ok) assert.ok(result.reason.length > 0);
    });
  }

  it('rejects setPaused from the metrics panel, which has no live list to pause', () => {
    assert.equal(parseWebviewMessage('systemMetrics', { type: 'setPaused', paused: true }).ok, false);
  });

  it('keeps a rejection reason short even for a huge type string', () => {
    const result = parseWebviewMessage('securityEvents', { type: 'x'.repeat(100_000) });
    assert.ok(!result.ok && result.reason.length < 80);
  });
});

describe('panels: persisted state and evidence focus', () => {
  it('restores valid security state and defaults the rest', () => {
    assert.deepEqual(parseSecurityViewState({ tab: 'errors', filter: 'bob', paused: true }), { tab: 'errors', filter: 'bob', paused: true });
    assert.deepEqual(parseSecurityViewState(undefined), DEFAULT_SECURITY_STATE);
    assert.deepEqual(parseSecurityViewState({ tab: 'secrets', filter: 42, paused: 'true' }), DEFAULT_SECURITY_STATE);
    assert.equal(parseSecurityViewState({ filter: 'a'.repeat(5000) }).filter.length, MAX_FILTER_LENGTH);
  });

  it('accepts a source and a range, swaps a reversed range, and rejects junk', () => {
    assert.deepEqual(parseEvidenceFocus({ sourceIp: '10.0.0.9', from: 1000, to: 2000 }), { sourceIp: '10.0.0.9', from: 1000, to: 2000 });
    assert.deepEqual(parseEvidenceFocus({ from: 2000, to: 1000 }), { from: 1000, to: 2000 });
    assert.deepEqual(parseEvidenceFocus({ tab: 'errors', from: 1000, to: 2000 }), { tab: 'errors', from: 1000, to: 2000 });
    assert.deepEqual(parseEvidenceFocus({ tab: 'settings', from: 1000 }), { from: 1000 });
    assert.equal(parseEvidenceFocus({ sourceIp: '', from: Number.NaN, to: 'soon' }), undefined);
    assert.equal(parseEvidenceFocus('10.0.0.9'), undefined);
    assert.equal(parseEvidenceFocus({ sourceIp: 'x'.repeat(101) }), undefined);
  });
});
