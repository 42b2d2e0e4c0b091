import * as assert from 'node:assert/strict';
import { type SystemMetricsToPage, parseMetricsViewState, parseSystemMetricsToHost, parseSystemMetricsToPage } from '../../../src/shared/systemMetricsProtocol';

describe('panels: System Metrics protocol, page → host (untrusted)', () => {
  it('accepts the messages the page may send', () => {
    assert.deepEqual(parseSystemMetricsToHost({ type: 'ready' }), { ok: true, message: { type: 'ready' } });
    assert.deepEqual(parseSystemMetricsToHost({ type: 'action', action: 'startLab' }), { ok: true, message: { type: 'action', action: 'startLab' } });
    assert.deepEqual(parseSystemMetricsToHost({ type: 'action', action: 'retry' }), { ok: true, message: { type: 'action', action: 'retry' } });
    for (const window of ['5m', '15m', '1h', 'run'])
      assert.deepEqual(parseSystemMetricsToHost({ type: 'setWindow', window }), { ok: true, message: { type: 'setWindow', window } });
  });

  const malformed: Array<[string, unknown]> = [
    ['null', null],
    ['no type', {}],
    ['an unknown type', { type: 'openFile', path: '/etc/passwd' }],
    ['an action outside the allow-list', { type: 'action', action: 'workbench.action.reloadWindow' }],
    ['extra keys on ready', { type: 'ready', extra: true }],
    // The metrics page has no live list to pause: a message only Security Events offers is not accepted here.
    ['setPaused', { type: 'setPaused', paused: true }],
    ['a window the picker does not offer', { type: 'setWindow', window: '30d' }],
    ['the evidence window (the host decides it, the page cannot ask for it)', { type: 'setWindow', window: 'evidence' }],
    ['extra keys on setWindow', { type: 'setWindow', window: '1h', step: 1 }],
  ];
  for (const [what, raw] of malformed) {
    it(`rejects ${what}`, () => {
      const result = parseSystemMetricsToHost(raw);
      assert.equal(result.ok, false);
      if (!result.ok) assert.ok(result.reason.length > 0);
    });
  }
});

describe('panels: System Metrics protocol, host → page', () => {
  const marker = { id: 'r1', kind: 'cpu-stress', label: 'CPU stress', start: 1000, end: 5000, outcome: 'completed' };
  const valid: SystemMetricsToPage[] = [
    { type: 'status', state: 'stopped' },
    {
      type: 'host',
      from: 0,
      to: 900_000,
      window: '15m',
      stepMs: 5000,
      startsAtFirstSample: false,
      cpu: {
        points: [
          [0, 12.5],
          [10_000, null],
        ],
      },
      memory: { points: [] },
      markers: [marker],
      thresholds: { cpu: [{ value: 80, label: 'alert above 80 %', role: 'threshold' }], memory: [] },
      alerts: { cpu: [{ id: 'a1', time: 3000, label: 'High CPU fired', severity: 'warning' }], memory: [] },
    },
    {
      type: 'containers',
      from: 0,
      to: 600_000,
      available: true,
      services: [{ service: 'app', cpuPercent: [[1000, 3]], memoryPercent: [[1000, null]], memoryUsed: [[1000, 64]], memoryBytes: 64, memoryLimitBytes: 0 }],
      markers: [],
    },
  ];
  for (const message of valid) {
    it(`accepts a valid ${message.type} message, after JSON`, () => {
      assert.deepEqual(parseSystemMetricsToPage(JSON.parse(JSON.stringify(message)) as unknown), { ok: true, message });
    });
  }

  const invalid: Array<[string, unknown, RegExp]> = [
    ['a Security Events message', { type: 'events', tab: 'errors', rows: [], replace: true }, /unknown type/],
    [
      'a host message without its window',
      {
        type: 'host',
        from: 0,
        to: 1,
        stepMs: 1,
        startsAtFirstSample: false,
        cpu: { points: [] },
        memory: { points: [] },
        markers: [],
        thresholds: { cpu: [], memory: [] },
        alerts: { cpu: [], memory: [] },
      },
      /host\.window/,
    ],
    [
      'a threshold of an unknown role',
      {
        type: 'host',
        from: 0,
        to: 1,
        window: '1h',
        stepMs: 1,
        startsAtFirstSample: false,
        cpu: { points: [] },
        memory: { points: [] },
        markers: [],
        thresholds: { cpu: [{ value: 1, label: 'x', role: 'maybe' }], memory: [] },
        alerts: { cpu: [], memory: [] },
      },
      /thresholds\.cpu\[0\]\.role/,
    ],
    [
      'a point that is not a pair',
      {
        type: 'host',
        from: 0,
        to: 1,
        window: '15m',
        stepMs: 1,
        startsAtFirstSample: false,
        cpu: { points: [[1, 2, 3]] },
        memory: { points: [] },
        markers: [],
        thresholds: { cpu: [], memory: [] },
        alerts: { cpu: [], memory: [] },
      },
      /host\.cpu\.points\[0\]/,
    ],
    [
      'a point with a string value',
      {
        type: 'host',
        from: 0,
        to: 1,
        window: '15m',
        stepMs: 1,
        startsAtFirstSample: false,
        cpu: { points: [] },
        memory: { points: [[1, '50']] },
        markers: [],
        thresholds: { cpu: [], memory: [] },
        alerts: { cpu: [], memory: [] },
      },
      /host\.memory\.points\[0\]\[1\]/,
    ],
    ['containers without `available`', { type: 'containers', from: 0, to: 1, services: [], markers: [] }, /containers\.available/],
    [
      'a container without a service name',
      {
        type: 'containers',
        from: 0,
        to: 1,
        available: true,
        services: [{ cpuPercent: [], memoryPercent: [], memoryUsed: [], memoryBytes: 1, memoryLimitBytes: 1 }],
        markers: [],
      },
      /services\[0\]\.service/,
    ],
  ];
  for (const [what, raw, reason] of invalid) {
    it(`rejects ${what}`, () => {
      const result = parseSystemMetricsToPage(raw);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.reason, reason);
    });
  }

  it('saved state is versioned and anything else is replaced by the default', () => {
    assert.deepEqual(parseMetricsViewState({ version: 99, junk: '<script>' }), { version: 1, window: '15m' });
    assert.deepEqual(parseMetricsViewState({ version: 1, window: '1h' }), { version: 1, window: '1h' });
    assert.deepEqual(parseMetricsViewState({ version: 1, window: 'forever' }), { version: 1, window: '15m' });
  });
});
