import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { useLanguage } from '../../../src/core/l10n';
import { PrometheusUnreachableError } from '../../../src/core/metrics/prometheusClient';
import { type SystemMetricsToPage, parseSystemMetricsToPage } from '../../../src/shared/systemMetricsProtocol';
import type { ScenarioRecord } from '../../../src/core/scenarios/records';
import type { MetricsFeedOptions } from '../../../src/vscode/panels/systemMetricsFeed';
import { SystemMetricsFeed, annotationWords } from '../../../src/vscode/panels/systemMetricsFeed';
import { FakeMetricsStore, FakeStats, ManualTimers, fakeRecords, settle } from './fakes';

const NOW = 1_700_000_003_000;
const L10N = path.resolve(__dirname, '../../../../l10n');

/** Every message a feed posts, as the page receives it (postMessage serialises to JSON) and checks it. */
let unreadable: string[] = [];
function pageReads(message: SystemMetricsToPage): void {
  const parsed = parseSystemMetricsToPage(JSON.parse(JSON.stringify(message)));
  if (!parsed.ok) unreadable.push(`${message.type}: ${parsed.reason}`);
}

function setup(
  options: {
    prometheus?: FakeMetricsStore | undefined;
    stats?: FakeStats;
    records?: ScenarioRecord[];
    deps?: Partial<MetricsFeedOptions['deps']>;
    windowMs?: number;
  } = {},
) {
  const prometheus = 'prometheus' in options ? options.prometheus : new FakeMetricsStore();
  const posted: SystemMetricsToPage[] = [];
  let now = NOW;
  const timers = new ManualTimers();
  const feed = new SystemMetricsFeed({
    deps: {
      prometheus: () => prometheus,
      records: fakeRecords(options.records),
      scrapeIntervalSeconds: 5,
      ...(options.stats ? { stats: options.stats } : {}),
      ...options.deps,
    },
    ...(options.windowMs ? { windowMs: options.windowMs } : {}),
    post: (m) => {
      pageReads(m);
      posted.push(m);
    },
    log: () => undefined,
    now: () => now,
    timers,
  });
  const of = <T extends SystemMetricsToPage['type']>(type: T) => posted.filter((m): m is Extract<SystemMetricsToPage, { type: T }> => m.type === type);
  return { prometheus, feed, of, timers, advance: (ms: number) => (now += ms) };
}

describe('panels: System Metrics feed', () => {
  afterEach(() => {
    const found = unreadable;
    unreadable = [];
    assert.deepEqual(found, [], 'the page rejects a message its host posted');
  });

  it('asks Prometheus for host CPU (rate window 4 × 5 s) and memory over 15 minutes, one point per scrape (no finer)', async () => {
    const { feed, prometheus, timers } = setup();
    feed.setVisible(true);
    await settle();
    const queries = prometheus!.queries;
    assert.equal(queries.length, 2);
    assert.match(queries[0]!.query, /rate\(node_cpu_seconds_total\{mode="idle"\}\[20s\]\)/);
    assert.match(queries[1]!.query, /node_memory_MemAvailable_bytes/);
    const { start, end, stepSeconds } = queries[0]!.range;
    assert.ok(end - start >= 895 && end - start <= 900, `${end - start} s`);
    assert.equal(stepSeconds, 5, 'the scrape interval: a finer step would only repeat samples');
    assert.equal(end % stepSeconds, 0, 'aligned to the step so polls evaluate at the same instants');
    assert.deepEqual(timers.delays, [5000], 'polls at the scrape interval');
    feed.dispose();
  });

  it('re-queries over the window the page picks: 1 h in 300–600 points', async () => {
    const { feed, prometheus, of } = setup();
    feed.setVisible(true);
    await settle();
    feed.onMessage({ type: 'setWindow', window: '1h' });
    await settle();
    const { start, end, stepSeconds } = prometheus!.queries.at(-1)!.range;
    assert.ok(end - start >= 3590 && end - start <= 3600, `${end - start} s`);
    const points = (end - start) / stepSeconds + 1;
    assert.ok(points >= 300 && points <= 600, `${points} points`);
    const host = of('host').at(-1)!;
    assert.equal(host.window, '1h');
    assert.equal(host.to - host.from, 60 * 60_000);
    assert.equal(host.stepMs, stepSeconds * 1000);
    feed.dispose();
  });

  it('"this scenario run" queries around the latest run and posts its range and band', async () => {
    const run: ScenarioRecord = {
      id: 'r1',
      kind: 'cpu-stress',
      params: {},
      startedAt: NOW - 10 * 60_000,
      endedAt: NOW - 8 * 60_000,
      outcome: 'completed',
      counts: {},
    };
    const { feed, prometheus, of } = setup({ records: [run] });
    feed.setVisible(true);
    await settle();
    feed.onMessage({ type: 'setWindow', window: 'run' });
    await settle();
    const { start, end } = prometheus!.queries.at(-1)!.range;
    assert.ok(start * 1000 <= run.startedAt - 30_000 && end * 1000 >= run.endedAt!, `${start}..${end}`);
    const host = of('host').at(-1)!;
    assert.deepEqual([host.window, host.from, host.to], ['run', run.startedAt - 30_000, run.endedAt! + 30_000]);
    assert.deepEqual(
      host.markers.map((m) => m.id),
      ['r1'],
    );
    feed.dispose();
  });

  it('a lab younger than the window starts the axis at its first sample', async () => {
    const { feed, prometheus, of } = setup();
    const first = Math.floor((NOW - 4 * 60_000) / 1000);
    prometheus!.result = () => [
      {
        labels: {},
        points: [
          [first, 0.1],
          [first + 5, 0.2],
        ],
      },
    ];
    feed.setVisible(true);
    await settle();
    const host = of('host').at(-1)!;
    assert.equal(host.from, first * 1000);
    assert.equal(host.startsAtFirstSample, true);
    feed.dispose();
  });

  it('sends the High CPU / High memory thresholds and when those alerts fired within the window', async () => {
    const rule = (above: number, clear: number) => ({ enabled: true, abovePercent: above, forSeconds: 20, clearBelowPercent: clear });
    const alert = (id: string, ruleId: string, firedAt: number) => ({ id, ruleId, title: ruleId, severity: 'warning', firedAt });
    const { feed, of } = setup({
      deps: {
        detection: () => ({ highCpu: rule(80, 60), highMemory: { ...rule(90, 85), enabled: false } }),
        alerts: () => [alert('a', 'high-cpu', NOW - 60_000), alert('b', 'high-cpu', NOW - 2 * 60 * 60_000), alert('c', 'brute-force', NOW - 30_000)],
      },
    });
    feed.setVisible(true);
    await settle();
    const host = of('host').at(-1)!;
    assert.deepEqual(
      host.thresholds.cpu.map((t) => t.value),
      [80, 60],
    );
    assert.deepEqual(host.thresholds.memory, [], 'a disabled rule draws no threshold');
    assert.deepEqual(
      host.alerts.cpu.map((a) => a.id),
      ['a'],
    );
    assert.deepEqual(host.alerts.memory, []);
    feed.dispose();
  });

  it('labels the thresholds and alert markers in the language chosen (monitoringLab.language)', async () => {
    const rule = { enabled: true, abovePercent: 80, forSeconds: 20, clearBelowPercent: 60 };
    const { feed, of } = setup({
      deps: {
        detection: () => ({ highCpu: rule, highMemory: { ...rule, forSeconds: 0 } }),
        alerts: () => [{ id: 'a', ruleId: 'high-cpu', title: 'Beban CPU tinggi', severity: 'warning', firedAt: NOW - 60_000 }],
      },
    });
    try {
      useLanguage('id', L10N);
      feed.setVisible(true);
      await settle();
      const host = of('host').at(-1)!;
      assert.deepEqual(
        host.thresholds.cpu.map((t) => t.label),
        ['peringatan di atas 80 % selama 20 s', 'pulih di bawah 60 %'],
      );
      assert.equal(host.thresholds.memory[0]!.label, 'peringatan di atas 80 %');
      assert.equal(host.alerts.cpu[0]!.label, 'Beban CPU tinggi muncul');
    } finally {
      useLanguage('en');
      feed.dispose();
    }
    assert.deepEqual(annotationWords().alertAbove(80, 20), 'alert above 80 % for 20 s');
  });

  it("opened on an alert's evidence, shows the look-back reaching it until the page picks a window", async () => {
    const { feed, prometheus, of } = setup({ windowMs: 2 * 60 * 60_000 });
    feed.setVisible(true);
    await settle();
    const { start, end, stepSeconds } = prometheus!.queries.at(-1)!.range;
    assert.ok(end - start >= 7190 && (end - start) / stepSeconds <= 600, `${end - start} s at ${stepSeconds} s`);
    assert.deepEqual([of('host').at(-1)!.window, of('host').at(-1)!.to - of('host').at(-1)!.from], ['evidence', 2 * 60 * 60_000]);
    feed.onMessage({ type: 'setWindow', window: '5m' });
    await settle();
    assert.deepEqual([of('host').at(-1)!.window, of('host').at(-1)!.to - of('host').at(-1)!.from], ['5m', 5 * 60_000]);
    feed.dispose();
  });

  it("highlights an alert's evidence, switching an open panel to a window that reaches it", async () => {
    const { feed, of } = setup();
    feed.setVisible(true);
    await settle();
    assert.equal(of('host').at(-1)!.focus, undefined);
    const focus = { from: NOW - 40 * 60_000, to: NOW - 38 * 60_000 };
    feed.setFocus(focus);
    await settle();
    const host = of('host').at(-1)!;
    assert.deepEqual(host.focus, focus);
    assert.equal(host.window, 'evidence');
    assert.ok(host.from <= focus.from - 60_000 && host.to === NOW, `${host.from}..${host.to}`);
    feed.dispose();
  });

  it('posts percents with gaps, and the ready state', async () => {
    const { feed, prometheus, of } = setup();
    prometheus!.result = (q) => [
      {
        labels: {},
        points: q.includes('cpu')
          ? [
              [1000, 0.5],
              [1011, Number.NaN],
            ]
          : [[1000, 0.25]],
      },
    ];
    feed.setVisible(true);
    await settle();
    const [host] = of('host');
    // Step 5 s: the 11 s hole is a missing sample (a gap), and the NaN is one too.
    assert.deepEqual(host!.cpu.points, [
      [1_000_000, 50],
      [1_005_000, null],
      [1_011_000, null],
    ]);
    assert.deepEqual(host!.memory.points, [[1_000_000, 25]]);
    assert.equal(host!.to - host!.from, 15 * 60_000);
    assert.equal(of('status').at(-1)?.state, 'ready');
    feed.dispose();
  });

  it('says stopped without a Prometheus, and unreachable when it does not answer', async () => {
    const stopped = setup({ prometheus: undefined });
    stopped.feed.setVisible(true);
    await settle();
    assert.equal(stopped.of('status')[0]?.state, 'stopped');
    stopped.feed.dispose();

    const down = setup();
    down.prometheus!.failWith = new PrometheusUnreachableError('Prometheus at http://127.0.0.1:9090 is unreachable (ECONNREFUSED). Is the lab running?');
    down.feed.setVisible(true);
    await settle();
    assert.equal(down.of('status')[0]?.state, 'unreachable');
    assert.match(down.of('status')[0]!.detail!, /9090/);
    down.feed.dispose();
  });

  it('subscribes to the one stats sampler only while visible, and posts per-container series', async () => {
    const stats = new FakeStats();
    const { feed, of, advance } = setup({ stats });
    assert.equal(stats.listeners.length, 0);
    feed.setVisible(true);
    assert.equal(stats.listeners.length, 1);
    feed.setVisible(true);
    assert.equal(stats.listeners.length, 1, 'no second subscription');
    advance(2000);
    stats.emit([{ service: 'app', containerId: 'id-app', cpuPercent: 12.5, memoryBytes: 64, memoryLimitBytes: 256, time: NOW + 2000 }]);
    const last = of('containers').at(-1)!;
    assert.equal(last.available, true);
    assert.deepEqual(
      last.services.map((s) => [s.service, s.cpuPercent.at(-1)?.[1], s.memoryPercent.at(-1)?.[1]]),
      [['app', 12.5, 25]],
    );
    feed.setVisible(false);
    assert.equal(stats.listeners.length, 0);
    feed.dispose();
  });

  it('dispose() while visible releases the stats subscription and stops polling Prometheus', async () => {
    const stats = new FakeStats();
    const { feed, prometheus, timers } = setup({ stats });
    feed.setVisible(true);
    await settle();
    assert.equal(stats.listeners.length, 1);
    assert.equal(prometheus!.queries.length, 2);
    assert.deepEqual(timers.delays, [5000], 'the next poll is scheduled');
    feed.dispose();
    assert.equal(stats.listeners.length, 0, 'the stats subscription (and so the sampler streams) is released');
    assert.deepEqual(timers.delays, [], 'no poll is scheduled any more');
    timers.fireAll();
    await settle();
    assert.equal(prometheus!.queries.length, 2, 'Prometheus is not asked again after the panel closed');
    feed.setVisible(true);
    assert.equal(stats.listeners.length, 0, 'a disposed feed does not come back to life');
  });

  it('tells the page when no stats sampler is wired', () => {
    const { feed, of } = setup();
    feed.onReady();
    assert.equal(of('containers')[0]?.available, false);
    feed.dispose();
  });
});
