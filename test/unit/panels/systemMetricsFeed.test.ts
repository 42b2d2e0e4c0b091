import * as assert from 'node:assert/strict';
import { PrometheusUnreachableError } from '../../../src/core/metrics/prometheusClient';
import { type SystemMetricsToPage, parseSystemMetricsToPage } from '../../../src/shared/systemMetricsProtocol';
import { SystemMetricsFeed } from '../../../src/vscode/panels/systemMetricsFeed';
import { FakeMetricsStore, FakeStats, ManualTimers, fakeRecords, settle } from './fakes';

const NOW = 1_700_000_003_000;

/** Every message a feed posts, as the page receives it (postMessage serialises to JSON) and checks it. */
let unreadable: string[] = [];
function pageReads(message: SystemMetricsToPage): void {
  const parsed = parseSystemMetricsToPage(JSON.parse(JSON.stringify(message)));
  if (!parsed.ok) unreadable.push(`${message.type}: ${parsed.reason}`);
}

function setup(options: { prometheus?: FakeMetricsStore | undefined; stats?: FakeStats } = {}) {
  const prometheus = 'prometheus' in options ? options.prometheus : new FakeMetricsStore();
  const posted: SystemMetricsToPage[] = [];
  let now = NOW;
  const timers = new ManualTimers();
  const feed = new SystemMetricsFeed({
    deps: { prometheus: () => prometheus, records: fakeRecords(), scrapeIntervalSeconds: 5, ...(options.stats ? { stats: options.stats } : {}) },
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

  it('asks Prometheus for host CPU (rate window 4 × 5 s) and memory over 15 minutes in 60–120 points', async () => {
    const { feed, prometheus, timers } = setup();
    feed.setVisible(true);
    await settle();
    const queries = prometheus!.queries;
    assert.equal(queries.length, 2);
    assert.match(queries[0]!.query, /rate\(node_cpu_seconds_total\{mode="idle"\}\[20s\]\)/);
    assert.match(queries[1]!.query, /node_memory_MemAvailable_bytes/);
    const { start, end, stepSeconds } = queries[0]!.range;
    assert.equal(end - start, 900);
    const points = Math.floor((end - start) / stepSeconds) + 1;
    assert.ok(points >= 60 && points <= 120, `${points} points`);
    assert.equal(end % stepSeconds, 0, 'aligned to the step so polls evaluate at the same instants');
    assert.deepEqual(timers.delays, [5000], 'polls at the scrape interval');
    feed.dispose();
  });

  it('posts percents with gaps, and the ready state', async () => {
    const { feed, prometheus, of } = setup();
    prometheus!.result = (q) => [{ labels: {}, points: q.includes('cpu') ? [[1000, 0.5], [1011, Number.NaN]] : [[1000, 0.25]] }];
    feed.setVisible(true);
    await settle();
    const [host] = of('host');
    assert.deepEqual(host!.cpu.points, [[1_000_000, 50], [1_011_000, null]]);
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
    assert.deepEqual(last.services.map((s) => [s.service, s.cpuPercent.at(-1)?.[1], s.memoryPercent.at(-1)?.[1]]), [['app', 12.5, 25]]);
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
