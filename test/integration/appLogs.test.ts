// The lab app's log pipeline for real: the app container ships ECS events to the Elasticsearch-API engine,
// and the core log store reads them back. Every event arrives, once, searchable.
import * as assert from 'node:assert/strict';
import { eventsDroppedRule } from '../../src/core/detect/rules/eventsDropped';
import { LogStore } from '../../src/core/logs/logStore';
import { PrometheusClient } from '../../src/core/metrics/prometheusClient';
import { appEventsDroppedTotal } from '../../src/core/metrics/promql';
import { freePort, removeSuiteContainers, runHostContainer, waitFor, waitForHttp } from './fixtures/engine';
import type { TestLab } from './fixtures/lab';
import { startTestLab } from './fixtures/lab';
import { startPrometheus } from './fixtures/services';

const SUITE = 'applogs';

/** Waits until `count()` equals `expected`, then checks it stays there (nothing late, nothing doubled). */
async function settlesAt(what: string, count: () => Promise<number>, expected: number, timeoutMs: number): Promise<void> {
  let last = -1;
  await waitFor(`${what}: ${expected} documents (last count ${last})`, async () => (last = await count()) === expected, timeoutMs, 500);
  await new Promise((r) => setTimeout(r, 2000));
  assert.equal(await count(), expected, `${what}: the count moved after settling`);
}

function post(url: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(5000) });
}

describe('integration: lab app → Elasticsearch → log store', function () {
  this.timeout(300_000);
  let lab: TestLab;
  let logs: LogStore;

  before(async () => {
    lab = await startTestLab(SUITE);
    logs = lab.logStore();
  });
  after(async () => {
    if (lab) {
      await removeSuiteContainers(lab.docker, SUITE);
      await lab.teardown();
    }
  });

  it('30 failed logins → exactly 30 "Failed login attempt" documents, queryable by tail, histogram and top sources', async () => {
    const since = Date.now() - 1000;
    const app = lab.app();
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => app.login(`victim${i % 3}`, 'nope')));
    assert.deepEqual([...new Set(statuses)], [401]);
    await settlesAt('failed logins', () => logs.count('failed-logins', { from: since }), 30, 30_000);

    const events = await logs.search('failed-logins', { from: since }, 100);
    assert.equal(events.length, 30);
    assert.equal(new Set(events.map((e) => e.id)).size, 30);
    for (const e of events) {
      assert.equal(e.message, 'Failed login attempt');
      assert.equal(e.level, 'warning');
      assert.equal(e.action, 'login-failed');
      assert.equal(e.outcome, 'failure');
      assert.equal(e.sourceIp, '127.0.0.1');
      assert.match(e.userName ?? '', /^victim[0-2]$/);
      assert.ok(e.userAgent, 'user agent recorded');
    }

    const tail = await logs.tail('failed-logins', LogStore.cursorFrom(since));
    assert.equal(tail.events.length, 30);
    const again = await logs.tail('failed-logins', tail.cursor);
    assert.equal(again.events.length, 0, 'a second tail delivers nothing twice');

    const buckets = await logs.histogram('failed-logins', { from: since - 60_000, to: Date.now() + 1000 }, 10);
    assert.equal(
      buckets.reduce((s, b) => s + b.count, 0),
      30,
    );
    assert.deepEqual(await logs.top('failed-logins', { from: since }, 'source.ip', 5), [{ value: '127.0.0.1', count: 30 }]);
    const users = await logs.top('failed-logins', { from: since }, 'user.name', 5);
    assert.deepEqual(
      users.map((u) => u.count),
      [10, 10, 10],
    );
  });

  it('tail gets through more events inside its overlap window than one call reads (one page per call here)', async () => {
    // 600 failed logins within a few seconds: all inside the 5 s overlap window, more than one 500-event page.
    // From now, so the first test's 30 events stay out.
    const since = Date.now();
    const app = lab.app();
    const count = 600;
    for (let sent = 0; sent < count; sent += 50) {
      const statuses = await Promise.all(Array.from({ length: 50 }, () => app.login('pager', 'nope')));
      assert.deepEqual([...new Set(statuses)], [401]);
    }
    await settlesAt('failed logins of the pager', () => logs.count('failed-logins', { from: since }), count, 30_000);
    const ids = new Set<string>();
    let cursor = LogStore.cursorFrom(since);
    let calls = 0;
    for (let more = true; more && calls < 10; calls++) {
      const result = await logs.tail('failed-logins', cursor, { maxPages: 1 });
      for (const e of result.events) {
        assert.ok(!ids.has(e.id), `event ${e.id} delivered twice`);
        ids.add(e.id);
      }
      cursor = result.cursor;
      more = result.more;
    }
    assert.equal(ids.size, count, `${ids.size} of ${count} events delivered in ${calls} calls`);
    assert.equal(calls, 2, 'one full page, then the rest');
    const again = await logs.tail('failed-logins', cursor, { maxPages: 1 });
    assert.equal(again.events.length, 0, 'nothing is delivered twice once the tail has caught up');
  });

  it('by default a spoofed X-Forwarded-For is ignored', async () => {
    const since = Date.now() - 1000;
    const res = await post(`${lab.url('app')}/login`, JSON.stringify({ username: 'spoof', password: 'x' }), { 'x-forwarded-for': '203.0.113.50' });
    assert.equal(res.status, 401);
    await settlesAt('spoofed login', () => logs.count('failed-logins', { from: since }), 1, 30_000);
    const [event] = await logs.search('failed-logins', { from: since }, 5);
    assert.equal(event!.sourceIp, '127.0.0.1');
  });

  it('bad input gets a clear 4xx, is stored as inert data, and never counts as a failed login', async () => {
    const since = Date.now() - 1000;
    const url = `${lab.url('app')}/login`;
    const xss = '<img src=x onerror=alert(1)>';
    const cases: Array<[string, string | Buffer, number]> = [
      ['10 kB username', JSON.stringify({ username: 'u'.repeat(10_240), password: 'x' }), 400],
      ['non-UTF-8 bytes', Buffer.from([0x7b, 0x22, 0x75, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), 400],
      ['invalid JSON', '{"username": ', 400],
      ['missing password', JSON.stringify({ username: 'nopass' }), 400],
      ['password not a string', JSON.stringify({ username: 'x', password: { $ne: null } }), 400],
    ];
    for (const [name, body, status] of cases) {
      const res = await post(url, body);
      assert.equal(res.status, status, name);
      const text = await res.text();
      assert.doesNotMatch(text, /Traceback|File "/, `${name}: no internals in the body`);
    }
    // Hostile-looking but well-formed credentials are a normal failed login, stored verbatim.
    for (const username of [xss, '{"$gt": ""}', "'; DROP TABLE users; --"]) {
      assert.equal((await post(url, JSON.stringify({ username, password: 'x' }))).status, 401);
    }
    await settlesAt('hostile failed logins', () => logs.count('failed-logins', { from: since }), 3, 30_000);
    const stored = (await logs.search('failed-logins', { from: since }, 10)).map((e) => e.userName);
    assert.ok(stored.includes(xss), `the XSS username is stored verbatim: ${JSON.stringify(stored)}`);
    await waitFor(
      'the five malformed requests as login-malformed events',
      async () => (await logs.search('auth', { from: since }, 50)).filter((e) => e.action === 'login-malformed').length === cases.length,
      30_000,
      500,
    );
  });

  // The app trusts the rightmost entry (the one a proxy appends); the 10.0.0.1 before it plays a client-sent value.
  it('behind a proxy, X-Forwarded-For values are distinct sources and top sources groups them', async () => {
    const result = await lab.up({ behindProxy: true });
    const recreated = Object.entries(result.services)
      .filter(([, s]) => s.container !== 'none')
      .map(([name]) => name);
    assert.deepEqual(recreated, ['app'], 'only the app is recreated for an app setting');
    await waitForHttp(`${lab.url('app')}/health`, 'the recreated app', 60_000);
    const since = Date.now() - 1000;
    const url = `${lab.url('app')}/login`;
    const plan = [...Array<string>(7).fill('198.51.100.7'), ...Array<string>(3).fill('198.51.100.8')];
    for (const ip of plan) {
      assert.equal((await post(url, JSON.stringify({ username: 'proxy', password: 'x' }), { 'x-forwarded-for': `10.0.0.1, ${ip}` })).status, 401);
    }
    await settlesAt('proxied failed logins', () => logs.count('failed-logins', { from: since }), 10, 30_000);
    assert.deepEqual(await logs.top('failed-logins', { from: since }, 'source.ip', 5), [
      { value: '198.51.100.7', count: 7 },
      { value: '198.51.100.8', count: 3 },
    ]);
    await lab.up({ behindProxy: false });
    await waitForHttp(`${lab.url('app')}/health`, 'the app back to defaults', 60_000);
  });

  it('a buffer overflow is counted, scraped by Prometheus and raises the events-dropped rule: never silent', async () => {
    const port = await freePort();
    const deadEs = await freePort();
    await runHostContainer(lab.docker, {
      suite: SUITE,
      image: 'monitoring-lab/app:0.1.0',
      name: 'overflow',
      env: {
        LAB_DEMO_PASSWORD: 'pw',
        LAB_HOST: '127.0.0.1',
        LAB_PORT: String(port),
        LAB_ELASTICSEARCH_URL: `http://127.0.0.1:${deadEs}`,
        LAB_LOG_BUFFER_MAX: '50',
      },
    });
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/health`, 'the overflow app', 60_000);
    // Prometheus scrapes the app before the drops, so increase() sees the counter move (as in the lab).
    const prom = await startPrometheus(lab.docker, SUITE, [`127.0.0.1:${port}`], 1);
    const prometheus = new PrometheusClient({ baseUrl: prom.url });
    const drops = () => prometheus.query(appEventsDroppedTotal()).then((r) => r[0]?.value);
    await waitFor("Prometheus to have scraped the app's drop counter", async () => (await drops()) === 0, 30_000, 500);

    for (let i = 0; i < 200; i++) assert.equal((await post(`${base}/login`, JSON.stringify({ username: 'o', password: 'x' }))).status, 401);
    const dropped = await waitFor(
      'a dropped-events counter of at least 150',
      async () => {
        const text = await (await fetch(`${base}/metrics`)).text();
        const value = Number(/^lab_log_events_dropped_total\{reason="buffer_overflow"\}\s+(\S+)/m.exec(text)?.[1] ?? 0);
        return value >= 150 ? value : undefined;
      },
      20_000,
      500,
    );
    assert.ok(dropped <= 210, `dropped ${dropped}`);
    const health = (await (await fetch(`${base}/health`)).json()) as { log_dropped?: number };
    assert.equal(health.log_dropped, dropped, '/health and /metrics disagree');

    // What the Security Events panel shows, and what the rule behind the status bar measures, from real Prometheus.
    const scraped = await waitFor('Prometheus to scrape the dropped count', async () => ((await drops()) ?? 0) >= dropped && (await drops()), 20_000, 500);
    assert.equal(scraped, dropped);
    const rule = eventsDroppedRule(prometheus, 1, 5000);
    const m = await waitFor(
      'the events-dropped rule to measure the drops',
      async () => {
        const measured = await rule.measure(Date.now(), new AbortController().signal);
        return measured.value >= 150 ? measured : undefined;
      },
      20_000,
      1000,
    );
    assert.ok(m.value >= rule.fireAt);
    assert.equal(m.subjects[0]?.name, 'buffer_overflow');
    // increase() extrapolates over a counter only seconds old, so it may overshoot; it never reads far under.
    assert.ok(m.value >= 0.9 * dropped, `rule measured ${m.value}, the app counted ${dropped}`);
    assert.match(rule.describe(m), /events dropped by the app in the last 5 min \(buffer overflow \d+\)/);
  });
});
