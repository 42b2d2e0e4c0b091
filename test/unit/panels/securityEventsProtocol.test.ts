import * as assert from 'node:assert/strict';
import {
  DEFAULT_SECURITY_STATE,
  MAX_FILTER_LENGTH,
  MAX_INTERVAL_MS,
  type SecurityEventsToPage,
  parseSecurityEventsFocus,
  parseSecurityEventsToHost,
  parseSecurityEventsToPage,
  parseSecurityViewState,
} from '../../../src/shared/securityEventsProtocol';

describe('panels: Security Events protocol, page → host (untrusted)', () => {
  it('accepts the messages the page may send', () => {
    assert.deepEqual(parseSecurityEventsToHost({ type: 'ready' }), { ok: true, message: { type: 'ready' } });
    assert.deepEqual(parseSecurityEventsToHost({ type: 'action', action: 'startLab' }), { ok: true, message: { type: 'action', action: 'startLab' } });
    assert.deepEqual(parseSecurityEventsToHost({ type: 'action', action: 'retry' }), { ok: true, message: { type: 'action', action: 'retry' } });
    assert.deepEqual(parseSecurityEventsToHost({ type: 'setPaused', paused: true }), { ok: true, message: { type: 'setPaused', paused: true } });
    assert.deepEqual(parseSecurityEventsToHost({ type: 'showInterval', from: 1000, to: 11_000 }), {
      ok: true,
      message: { type: 'showInterval', from: 1000, to: 11_000 },
    });
    assert.equal(parseSecurityEventsToHost({ type: 'showInterval', from: 0, to: MAX_INTERVAL_MS }).ok, true, 'an hour is allowed');
  });

  const malformed: Array<[string, unknown]> = [
    ['null', null],
    ['a string', 'ready'],
    ['an array', [{ type: 'ready' }]],
    ['no type', { action: 'retry' }],
    ['a non-string type', { type: 1 }],
    ['an unknown type', { type: 'runCommand', command: 'workbench.action.terminal.new' }],
    ['a type inherited from Object.prototype', { type: 'toString' }],
    ['an action outside the allow-list', { type: 'action', action: 'workbench.action.reloadWindow' }],
    ['an action that is not a string', { type: 'action', action: { toString: 'startLab' } }],
    ['extra keys on ready', { type: 'ready', html: '<img src=x>' }],
    ['extra keys on action', { type: 'action', action: 'retry', args: [1] }],
    ['setPaused without a boolean', { type: 'setPaused', paused: 'yes' }],
    ['setPaused without paused', { type: 'setPaused' }],
    ['a host message sent back', { type: 'paused', paused: true }],
    ['showInterval without times', { type: 'showInterval' }],
    ['showInterval with a time that is not a number', { type: 'showInterval', from: '0', to: 10 }],
    ['showInterval with NaN (null after JSON)', { type: 'showInterval', from: null, to: 10 }],
    ['showInterval ending before it starts', { type: 'showInterval', from: 10, to: 10 }],
    ['showInterval longer than an hour (an unbounded query)', { type: 'showInterval', from: 0, to: MAX_INTERVAL_MS + 1 }],
    ['showInterval with extra keys', { type: 'showInterval', from: 0, to: 10, query: { match_all: {} } }],
  ];
  for (const [what, raw] of malformed) {
    it(`rejects ${what}`, () => {
      const result = parseSecurityEventsToHost(raw);
      assert.equal(result.ok, false);
      if (!result.ok) assert.ok(result.reason.length > 0);
    });
  }

  it('keeps a rejection reason short even for a huge type string or a huge object', () => {
    const huge = parseSecurityEventsToHost({ type: 'x'.repeat(100_000) });
    assert.ok(!huge.ok && huge.reason.length < 80, JSON.stringify(huge));
    const wide = parseSecurityEventsToHost(Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]).concat([['type', 'ready']])));
    assert.ok(!wide.ok && wide.reason.length < 80, JSON.stringify(wide));
  });
});

describe('panels: Security Events protocol, host → page', () => {
  const row = { id: 'e1', time: 1000, user: 'alice', source: '203.0.113.7', userAgent: 'curl/8', message: 'login failed' };
  const valid: SecurityEventsToPage[] = [
    { type: 'status', state: 'unreachable', detail: 'Elasticsearch is unreachable.' },
    {
      type: 'events',
      tab: 'failed-logins',
      rows: [row, { id: 'e2', time: 2000, message: 'boom', path: '/error', status: 500, errorType: 'ZeroDivisionError' }],
      replace: false,
    },
    {
      type: 'histogram',
      from: 0,
      to: 900_000,
      bucketMs: 10_000,
      counts: [0, 3, 1],
      markers: [{ id: 'r1', kind: 'brute-force', label: 'Brute force', start: 1000, outcome: 'running' }],
    },
    { type: 'top', sources: [{ value: '203.0.113.7', count: 30 }], users: [] },
    { type: 'dropped', count: 2 },
    { type: 'focus', evidence: { sourceIp: '203.0.113.7', tab: 'failed-logins', from: 1000, to: 2000 } },
    { type: 'paused', paused: true },
    { type: 'intervalRows', tab: 'failed-logins', from: 0, to: 10_000, rows: [row], truncated: false },
    { type: 'intervalRows', tab: 'errors', from: 0, to: 10_000, rows: [], truncated: true, error: 'Elasticsearch is unreachable' },
  ];
  for (const message of valid) {
    it(`accepts a valid ${message.type} message, after JSON`, () => {
      const sent = JSON.parse(JSON.stringify(message)) as unknown;
      assert.deepEqual(parseSecurityEventsToPage(sent), { ok: true, message });
    });
  }

  it('accepts a row whose time could not be read (NaN travels as null)', () => {
    const sent = JSON.parse(JSON.stringify({ type: 'events', tab: 'errors', rows: [{ id: 'x', time: Number.NaN, message: '' }], replace: true })) as unknown;
    assert.equal(parseSecurityEventsToPage(sent).ok, true);
  });

  const invalid: Array<[string, unknown, RegExp]> = [
    ['an unknown type', { type: 'html', html: '<b>x</b>' }, /unknown type/],
    ['a status with an unknown state', { type: 'status', state: 'exploded' }, /status\.state/],
    ['rows on a tab that does not exist', { type: 'events', tab: 'secrets', rows: [], replace: false }, /events\.tab/],
    [
      'a row with a non-string user',
      { type: 'events', tab: 'failed-logins', rows: [row, { ...row, user: { name: 'x' } }], replace: false },
      /events\.rows\[1\]\.user/,
    ],
    [
      'a row with a key the page does not know',
      { type: 'events', tab: 'failed-logins', rows: [{ ...row, html: '<img>' }], replace: false },
      /unexpected key "html"/,
    ],
    ['a histogram whose counts are strings', { type: 'histogram', from: 0, to: 1, bucketMs: 1, counts: ['3'], markers: [] }, /histogram\.counts\[0\]/],
    [
      'a marker without a label',
      { type: 'histogram', from: 0, to: 1, bucketMs: 1, counts: [], markers: [{ id: 'r', kind: 'k', start: 0, outcome: 'o' }] },
      /markers\[0\]\.label/,
    ],
    ['paused that is not a boolean', { type: 'paused', paused: 'no' }, /paused\.paused/],
    ['interval rows on a tab that does not exist', { type: 'intervalRows', tab: 'x', from: 0, to: 1, rows: [], truncated: false }, /intervalRows\.tab/],
    [
      'interval rows carrying markup keys',
      { type: 'intervalRows', tab: 'errors', from: 0, to: 1, rows: [{ ...row, html: '<b>' }], truncated: false },
      /unexpected key "html"/,
    ],
  ];
  for (const [what, raw, reason] of invalid) {
    it(`rejects ${what}`, () => {
      const result = parseSecurityEventsToPage(raw);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.reason, reason);
    });
  }
});

describe('panels: Security Events saved state and open-command argument', () => {
  it('restores valid security state and defaults the rest', () => {
    assert.deepEqual(parseSecurityViewState({ tab: 'errors', filter: 'bob', paused: true }), { tab: 'errors', filter: 'bob', paused: true });
    assert.deepEqual(parseSecurityViewState(undefined), DEFAULT_SECURITY_STATE);
    assert.deepEqual(parseSecurityViewState({ tab: 'secrets', filter: 42, paused: 'true' }), DEFAULT_SECURITY_STATE);
    assert.equal(parseSecurityViewState({ filter: 'a'.repeat(5000) }).filter.length, MAX_FILTER_LENGTH);
  });

  it('accepts a source and a range, swaps a reversed range, and rejects junk', () => {
    assert.deepEqual(parseSecurityEventsFocus({ sourceIp: '10.0.0.9', from: 1000, to: 2000 }), { sourceIp: '10.0.0.9', from: 1000, to: 2000 });
    assert.deepEqual(parseSecurityEventsFocus({ from: 2000, to: 1000 }), { from: 1000, to: 2000 });
    assert.deepEqual(parseSecurityEventsFocus({ tab: 'errors', from: 1000, to: 2000 }), { tab: 'errors', from: 1000, to: 2000 });
    assert.deepEqual(parseSecurityEventsFocus({ tab: 'settings', from: 1000 }), { from: 1000 });
    assert.equal(parseSecurityEventsFocus({ sourceIp: '', from: Number.NaN, to: 'soon' }), undefined);
    assert.equal(parseSecurityEventsFocus('10.0.0.9'), undefined);
    assert.equal(parseSecurityEventsFocus({ sourceIp: 'x'.repeat(101) }), undefined);
  });
});
