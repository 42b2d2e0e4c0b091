import * as assert from 'node:assert/strict';
import { LogStoreUnreachableError } from '../../../src/core/logs/logStore';
import { type SecurityEventsToPage, parseSecurityEventsToPage } from '../../../src/shared/securityEventsProtocol';
import { SecurityEventsFeed } from '../../../src/vscode/panels/securityEventsFeed';
import { FakeEventStore, FakeMetricsStore, ManualTimers, fakeRecords, labEvent, settle } from './fakes';

const NOW = 1_700_000_000_000;
const WINDOW = 15 * 60_000;

/** Every message a feed posts, as the page receives it (postMessage serialises to JSON) and checks it. */
let unreadable: string[] = [];
function pageReads(message: SecurityEventsToPage): void {
  const parsed = parseSecurityEventsToPage(JSON.parse(JSON.stringify(message)));
  if (!parsed.ok) unreadable.push(`${message.type}: ${parsed.reason}`);
}

function setup(options: { store?: FakeEventStore | undefined; capacity?: number; paused?: boolean; prometheus?: FakeMetricsStore } = {}) {
  const store = 'store' in options ? options.store : new FakeEventStore();
  const prometheus = options.prometheus;
  const posted: SecurityEventsToPage[] = [];
  const logs: string[] = [];
  const timers = new ManualTimers();
  const feed = new SecurityEventsFeed({
    deps: {
      logStore: () => store,
      ...(prometheus ? { prometheus: () => prometheus } : {}),
      records: fakeRecords([{ id: 'r1', kind: 'brute-force', params: {}, startedAt: NOW - 60_000, endedAt: NOW - 30_000, outcome: 'completed', counts: {} }]),
    },
    post: (m) => {
      pageReads(m);
      posted.push(m);
    },
    log: (l) => logs.push(l),
    now: () => NOW,
    timers,
    ...(options.capacity ? { capacity: options.capacity } : {}),
    ...(options.paused !== undefined ? { paused: options.paused } : {}),
  });
  const of = <T extends SecurityEventsToPage['type']>(type: T) => posted.filter((m): m is Extract<SecurityEventsToPage, { type: T }> => m.type === type);
  return { store, posted, logs, timers, feed, of };
}

describe('panels: Security Events feed', () => {
  afterEach(() => {
    const found = unreadable;
    unreadable = [];
    assert.deepEqual(found, [], 'the page rejects a message its host posted');
  });

  it('says the lab is stopped (and what to do) when there is no log store, without querying anything', async () => {
    const { feed, of, timers } = setup({ store: undefined });
    feed.setVisible(true);
    await settle();
    const [status] = of('status');
    assert.equal(status?.state, 'stopped');
    assert.match(status!.detail!, /Start the lab/);
    feed.dispose();
    assert.deepEqual(timers.delays, []);
  });

  it('tails both tabs from 15 minutes back and delivers rows as they come', async () => {
    const { feed, store, of, timers } = setup();
    store!.tails['failed-logins']!.push([labEvent('a', NOW - 2000), labEvent('b', NOW - 1000)]);
    store!.tails.errors!.push([labEvent('e', NOW - 500, { level: 'error', errorType: 'ZeroDivisionError' })]);
    feed.setVisible(true);
    await settle();
    assert.ok(store!.calls.includes(`tail failed-logins from ${NOW - WINDOW}`), store!.calls.join('\n'));
    const events = of('events');
    assert.deepEqual(
      events.map((m) => [m.tab, m.rows.map((r) => r.id), m.replace]),
      [
        ['failed-logins', ['a', 'b'], false],
        ['errors', ['e'], false],
      ],
    );
    assert.equal(of('status').at(-1)?.state, 'ready');
    // The next tail continues from the newest event seen.
    store!.tails['failed-logins']!.push([labEvent('c', NOW)]);
    timers.fireAll();
    await settle();
    assert.ok(store!.calls.includes(`tail failed-logins from ${NOW - 1000}`), store!.calls.join('\n'));
    feed.dispose();
  });

  it('polls the tail every 250 ms, and new rows bring the histogram and top lists along within a second', async () => {
    const { feed, store, of, timers } = setup();
    feed.setVisible(true);
    await settle();
    assert.deepEqual(
      [...timers.delays].sort((a, b) => a - b),
      [250, 5000],
      'tail every 250 ms, summary every 5 s',
    );
    assert.equal(of('histogram').length, 1);
    store!.histogramBuckets = [{ start: Math.ceil(NOW / 10_000) * 10_000 - 10_000, count: 30 }];
    store!.tails['failed-logins']!.push(Array.from({ length: 30 }, (_, i) => labEvent(`x${i}`, NOW - 100 + i)));
    timers.fireDelay(250);
    await settle();
    assert.equal(of('events').at(-1)?.rows.length, 30);
    // The rows asked for a summary refresh one second after the last one, long before the 5 s poll.
    assert.ok(timers.delays.includes(1000), `pending timers: ${timers.delays.join(', ')}`);
    timers.fireDelay(1000);
    await settle();
    const histograms = of('histogram');
    assert.equal(histograms.length, 2, 'the histogram did not follow the new rows');
    assert.equal(
      histograms[1]!.counts.reduce((a, b) => a + b, 0),
      30,
    );
    feed.dispose();
    assert.deepEqual(timers.delays, [], 'timers left after dispose');
  });

  it('bounds its memory: a reloaded page gets at most `capacity` rows, newest first', async () => {
    const { feed, store, of } = setup({ capacity: 3 });
    store!.tails['failed-logins']!.push(Array.from({ length: 10 }, (_, i) => labEvent(`id${i}`, NOW - 10_000 + i)));
    feed.setVisible(true);
    await settle();
    assert.equal(of('events')[0]!.rows.length, 3, 'a huge batch is cut before it is posted');
    feed.onReady();
    const snapshot = of('events').find((m) => m.replace && m.tab === 'failed-logins')!;
    assert.deepEqual(
      snapshot.rows.map((r) => r.id),
      ['id9', 'id8', 'id7'],
    );
    feed.dispose();
  });

  it('shows "unreachable" with the store\'s own words, and logs it once', async () => {
    const { feed, store, of, logs, timers } = setup();
    const down = new LogStoreUnreachableError('Elasticsearch at http://127.0.0.1:9200 is unreachable (ECONNREFUSED).');
    store!.tails['failed-logins']!.push(down, down);
    feed.setVisible(true);
    await settle();
    timers.fireAll();
    await settle();
    const unreachable = of('status').filter((s) => s.state === 'unreachable');
    assert.equal(unreachable.length, 1, 'the same state is not re-posted every second');
    assert.match(unreachable[0]!.detail!, /127\.0\.0\.1:9200 is unreachable.*retries by itself/);
    assert.equal(logs.filter((l) => l.includes('unreachable')).length, 1);
    feed.dispose();
  });

  it('stops tailing while paused and catches up on resume; the histogram keeps updating', async () => {
    const { feed, store, of, timers } = setup({ paused: true });
    store!.tails['failed-logins']!.push([labEvent('a', NOW)]);
    feed.setVisible(true);
    await settle();
    assert.equal(store!.calls.filter((c) => c.startsWith('tail')).length, 0);
    assert.ok(store!.calls.some((c) => c.startsWith('histogram')));
    feed.onMessage({ type: 'setPaused', paused: false });
    await settle();
    assert.deepEqual(
      of('paused').map((m) => m.paused),
      [false],
    );
    assert.deepEqual(
      of('events').map((m) => m.rows.map((r) => r.id)),
      [['a']],
    );
    feed.dispose();
    assert.deepEqual(timers.delays, []);
  });

  it('stops polling while hidden and resumes when shown', async () => {
    const { feed, store, timers } = setup();
    feed.setVisible(true);
    await settle();
    const before = store!.calls.length;
    feed.setVisible(false);
    assert.deepEqual(timers.delays, [], 'no timer left while hidden');
    timers.fireAll();
    await settle();
    assert.equal(store!.calls.length, before);
    feed.setVisible(true);
    await settle();
    assert.ok(store!.calls.length > before);
    feed.dispose();
  });

  it('builds a 90-bucket histogram over wall-clock-aligned 10 s buckets, with scenario markers and top lists', async () => {
    const { feed, store, of } = setup();
    const to = Math.ceil(NOW / 10_000) * 10_000;
    const from = to - WINDOW;
    store!.histogramBuckets = [
      { start: from, count: 2 },
      { start: to - 10_000, count: 30 },
      { start: to + 10_000, count: 99 },
    ];
    store!.topValues = [{ value: '10.0.0.5', count: 30 }];
    feed.setVisible(true);
    await settle();
    const [histogram] = of('histogram');
    assert.equal(histogram!.counts.length, 90);
    assert.equal(histogram!.bucketMs, 10_000);
    assert.equal(histogram!.counts[0], 2);
    assert.equal(histogram!.counts[89], 30);
    assert.equal(
      histogram!.counts.reduce((a, b) => a + b, 0),
      32,
      'a bucket outside the range is ignored',
    );
    assert.ok(store!.calls.includes(`histogram failed-logins ${from}..${to} 10s`), store!.calls.join('\n'));
    assert.deepEqual(
      histogram!.markers.map((m) => m.label),
      ['Brute force (completed)'],
    );
    assert.deepEqual(of('top')[0], { type: 'top', sources: [{ value: '10.0.0.5', count: 30 }], users: [{ value: '10.0.0.5', count: 30 }] });
    feed.dispose();
  });

  it('tells the page how many events the app dropped (from Prometheus), and nothing when that is unknown', async () => {
    const prometheus = new FakeMetricsStore();
    prometheus.result = (q) =>
      q === 'sum(lab_log_events_dropped_total)'
        ? [
            {
              labels: {},
              points: [
                [NOW / 1000 - 15, 3],
                [NOW / 1000, 7],
              ],
            },
          ]
        : [];
    const { feed, of, timers } = setup({ prometheus });
    feed.setVisible(true);
    await settle();
    assert.deepEqual(of('dropped'), [{ type: 'dropped', count: 7 }]);
    timers.fireAll();
    await settle();
    assert.equal(of('dropped').length, 1, 'an unchanged count is not posted again');
    feed.dispose();

    const down = new FakeMetricsStore();
    down.failWith = new Error('ECONNREFUSED');
    const unknown = setup({ prometheus: down });
    unknown.feed.setVisible(true);
    await settle();
    assert.deepEqual(unknown.of('dropped'), [], 'an unknown count must not read as "0 dropped"');
    assert.ok(unknown.logs.some((l) => /dropped-events count failed/.test(l)));
    unknown.feed.dispose();
  });

  it("focuses evidence: tells the page, and fetches the source's failed logins in the range", async () => {
    const { feed, store, of } = setup();
    store!.searchResult = [labEvent('old', NOW - 20 * 60_000, { sourceIp: '10.0.0.9' })];
    await feed.focus({ sourceIp: '10.0.0.9', from: NOW - 21 * 60_000, to: NOW - 19 * 60_000 }, true);
    assert.deepEqual(of('focus')[0]!.evidence, { sourceIp: '10.0.0.9', from: NOW - 21 * 60_000, to: NOW - 19 * 60_000 });
    assert.deepEqual(store!.lastSearch, { range: { from: NOW - 21 * 60_000, to: NOW - 19 * 60_000 + 1 }, filter: { sourceIp: '10.0.0.9' } });
    assert.deepEqual(
      of('events').map((m) => m.rows.map((r) => r.id)),
      [['old']],
    );
    feed.dispose();
  });

  describe('a histogram bar picked on the page (showInterval)', () => {
    /** A busy lab: 12 failed logins, one every 10 s over the last 2 minutes, and 2 errors; the feed holds 3 rows a tab. */
    function busy() {
      const ctx = setup({ capacity: 3 });
      const logins = Array.from({ length: 12 }, (_, i) => labEvent(`login${i}`, NOW - 120_000 + i * 10_000));
      const errors = [labEvent('err0', NOW - 115_000, { level: 'error', message: 'boom' }), labEvent('err1', NOW - 5_000, { level: 'error' })];
      ctx.store!.stored = { 'failed-logins': logins, errors };
      ctx.store!.tails['failed-logins']!.push(logins);
      ctx.store!.tails.errors!.push(errors);
      return ctx;
    }

    it('reads an interval older than the rows held from the store, for both tabs, and posts its rows', async () => {
      const { feed, store, of } = busy();
      feed.setVisible(true);
      await settle();
      feed.onReady();
      const held = of('events').find((m) => m.replace && m.tab === 'failed-logins')!;
      assert.deepEqual(
        held.rows.map((r) => r.id),
        ['login11', 'login10', 'login9'],
        'the feed holds the newest 3 only',
      );
      const from = NOW - 120_000;
      feed.onMessage({ type: 'showInterval', from, to: from + 10_000 });
      await settle();
      assert.deepEqual(store!.calls.filter((c) => c.startsWith('search')).sort(), ['search errors 4', 'search failed-logins 4'], 'capacity + 1, per tab');
      assert.deepEqual(store!.lastSearch?.range, { from, to: from + 10_000 });
      const answers = of('intervalRows');
      assert.deepEqual(answers.map((m) => [m.tab, m.from, m.to, m.rows.map((r) => r.id), m.truncated, m.error]).sort(), [
        ['errors', from, from + 10_000, ['err0'], false, undefined],
        ['failed-logins', from, from + 10_000, ['login0'], false, undefined],
      ]);
      feed.dispose();
    });

    it('sends at most `capacity` rows of a crowded interval and says there are more', async () => {
      const { feed, of } = busy();
      feed.onMessage({ type: 'showInterval', from: NOW - 120_000, to: NOW });
      await settle();
      const logins = of('intervalRows').find((m) => m.tab === 'failed-logins')!;
      assert.deepEqual(
        logins.rows.map((r) => r.id),
        ['login0', 'login1', 'login2'],
      );
      assert.equal(logins.truncated, true);
      assert.equal(of('intervalRows').find((m) => m.tab === 'errors')!.truncated, false);
      feed.dispose();
    });

    it('answers with the reason when the store fails or the lab is stopped (never silence)', async () => {
      const { feed, store, of, logs } = busy();
      store!.searchError = new LogStoreUnreachableError('Elasticsearch at http://x is unreachable');
      feed.onMessage({ type: 'showInterval', from: NOW - 60_000, to: NOW - 50_000 });
      await settle();
      assert.deepEqual(
        of('intervalRows').map((m) => [m.rows.length, m.error]),
        [
          [0, 'Elasticsearch at http://x is unreachable'],
          [0, 'Elasticsearch at http://x is unreachable'],
        ],
      );
      assert.equal(logs.filter((l) => /reading the rows of/.test(l)).length, 2);
      feed.dispose();
      const stopped = setup({ store: undefined });
      stopped.feed.onMessage({ type: 'showInterval', from: NOW - 60_000, to: NOW - 50_000 });
      await settle();
      assert.deepEqual(
        stopped.of('intervalRows').map((m) => m.error),
        ['The lab is not running', 'The lab is not running'],
      );
      stopped.feed.dispose();
    });
  });

  it('holds the focus for a page that is still loading, and sends it with the first snapshot only', async () => {
    const { feed, of } = setup({ store: undefined });
    await feed.focus({ sourceIp: '10.0.0.9' }, false);
    assert.equal(of('focus').length, 0);
    feed.onReady();
    assert.deepEqual(
      of('focus').map((m) => m.evidence),
      [{ sourceIp: '10.0.0.9' }],
    );
    feed.onReady();
    assert.equal(of('focus').length, 1, 'a later reload keeps what the user typed since');
    feed.dispose();
  });
});
