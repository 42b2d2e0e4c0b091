// Security Events against a real Elasticsearch: a histogram bar picked on the page lists every row of its
// interval, also when the interval is older than the rows the panel holds (the newest `capacity` only). The feed
// runs as in the editor (real log store, real timers); the data stream has the app's mapping, built from the
// app's field catalogue as the app builds its index template (resources/stack/app/labapp/mapping.py).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { LogStore } from '../../src/core/logs/logStore';
import type { IntervalRowsMessage, SecurityEventsToPage } from '../../src/shared/securityEventsProtocol';
import { parseSecurityEventsToPage } from '../../src/shared/securityEventsProtocol';
import { SecurityEventsFeed } from '../../src/vscode/panels/securityEventsFeed';
import { useSuiteEngine, waitFor } from './fixtures/engine';
import { REPO_ROOT } from './fixtures/lab';
import { startElasticsearch } from './fixtures/services';

const SUITE = 'se-interval';
const STREAM = 'itest-interval-logs';

interface CatalogueEntry {
  type: string;
  ignore_above?: number;
  index?: boolean;
  mapped?: boolean;
}

/** The template's nested properties from the app's field catalogue (what labapp/mapping.py field_properties() does). */
function appProperties(): Record<string, unknown> {
  const file = path.join(REPO_ROOT, 'resources', 'stack', 'app', 'labapp', 'fields.json');
  const fields = (JSON.parse(fs.readFileSync(file, 'utf8')) as { fields: Record<string, CatalogueEntry> }).fields;
  const properties: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(fields)) {
    if (entry.mapped === false) continue;
    const parts = name.split('.');
    const leaf = parts.pop()!;
    let node = properties as Record<string, { properties: Record<string, unknown> }>;
    for (const part of parts) node = (node[part] ??= { properties: {} }).properties as typeof node;
    (node as Record<string, unknown>)[leaf] = {
      type: entry.type,
      ...(entry.ignore_above !== undefined ? { ignore_above: entry.ignore_above } : {}),
      ...(entry.index !== undefined ? { index: entry.index } : {}),
    };
  }
  return properties;
}

/** A failed login or an error, as the app writes it. */
function doc(id: string, time: number, kind: 'login' | 'error'): Record<string, unknown> {
  const common = { '@timestamp': new Date(time).toISOString(), event: { id, kind: 'event' }, service: { name: 'lab-app' } };
  return kind === 'login'
    ? {
        ...common,
        message: 'Failed login attempt',
        log: { level: 'warning' },
        event: { ...common.event, action: 'login-failed', outcome: 'failure' },
        user: { name: `old-${id}` },
        source: { ip: '198.51.100.7' },
        user_agent: { original: 'itest' },
      }
    : { ...common, message: 'Unhandled error', log: { level: 'error' }, url: { path: '/error' }, error: { type: 'RuntimeError', message: 'boom' } };
}

describe('integration: Security Events lists a histogram bar older than the rows it holds (real Elasticsearch)', function () {
  this.timeout(240_000);
  const engine = useSuiteEngine(SUITE);
  let es: Client;
  let store: LogStore;
  let feed: SecurityEventsFeed | undefined;
  const posted: SecurityEventsToPage[] = [];
  // Set when the suite runs, not when mocha loads the file: the whole integration phase loads every file first and
  // reaches this suite minutes later, when "12 minutes ago" at load time is outside the feed's 15-minute window.
  let now: number;
  /** A 10 s bucket 12 minutes ago, aligned as the feed aligns its histogram. */
  let oldFrom: number;
  let oldTo: number;
  const CAPACITY = 10;

  before(async () => {
    now = Date.now();
    oldFrom = Math.floor((now - 12 * 60_000) / 10_000) * 10_000;
    oldTo = oldFrom + 10_000;
    const { url } = await startElasticsearch(engine.docker, SUITE);
    es = new Client({ node: url, sniffOnStart: false });
    await es.indices.putIndexTemplate({
      name: `${STREAM}-template`,
      index_patterns: [`${STREAM}*`],
      data_stream: {},
      priority: 500,
      template: { settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings: { dynamic: false, properties: appProperties() as never } },
    });
    // 5 failed logins and 1 error inside the old bucket; 20 failed logins and 20 errors in the last minute (more than
    // the panel holds, so the old ones are pushed out of its rows).
    const docs = [
      ...Array.from({ length: 5 }, (_, i) => doc(`old-login-${i}`, oldFrom + 1000 + i * 1000, 'login')),
      doc('old-error-0', oldFrom + 2500, 'error'),
      ...Array.from({ length: 20 }, (_, i) => doc(`new-login-${i}`, now - 60_000 + i * 2000, 'login')),
      ...Array.from({ length: 20 }, (_, i) => doc(`new-error-${i}`, now - 60_000 + i * 2000 + 500, 'error')),
    ];
    const bulk = await es.bulk({
      refresh: 'wait_for',
      operations: docs.flatMap((d) => [{ create: { _index: STREAM, _id: (d.event as { id: string }).id } }, d]),
    });
    assert.equal(bulk.errors, false, JSON.stringify(bulk.items.find((i) => i.create?.error)));
    store = new LogStore({ url, index: STREAM });
  });

  after(async () => {
    feed?.dispose();
    await store?.close();
    await es?.close();
  });

  it('holds only the newest rows, then reads the picked old interval from Elasticsearch: its rows, both tabs', async () => {
    feed = new SecurityEventsFeed({
      deps: { logStore: () => store, records: { inRange: async () => [] } },
      post: (m) => {
        const parsed = parseSecurityEventsToPage(JSON.parse(JSON.stringify(m)));
        assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
        posted.push(m);
      },
      log: () => undefined,
      capacity: CAPACITY,
      summaryIntervalMs: 1000,
    });
    feed.setVisible(true);
    // The histogram counts the old bucket (Elasticsearch has it)…
    const histogram = await waitFor(
      'a histogram counting the old bucket',
      async () => {
        const h = posted.filter((m) => m.type === 'histogram').at(-1);
        return h && h.counts[Math.round((oldFrom - h.from) / h.bucketMs)] === 5 ? h : undefined;
      },
      30_000,
      250,
    );
    assert.equal(
      histogram.counts.reduce((a, b) => a + b, 0),
      25,
    );
    // …but the rows the panel holds (a reloaded page's snapshot) are the newest ten: none from the old bucket.
    await waitFor(
      'the tail to deliver the new rows',
      async () => posted.some((m) => m.type === 'events' && m.rows.some((r) => r.id === 'new-login-19')),
      30_000,
    );
    posted.length = 0;
    feed.onReady();
    const held = posted.filter((m): m is Extract<SecurityEventsToPage, { type: 'events' }> => m.type === 'events' && m.replace);
    for (const snapshot of held) {
      assert.equal(snapshot.rows.length, CAPACITY);
      assert.ok(
        snapshot.rows.every((r) => r.time >= now - 60_000),
        `${snapshot.tab}: an old row is held: ${JSON.stringify(snapshot.rows.map((r) => r.id))}`,
      );
    }

    // The page picks the old bar.
    feed.onMessage({ type: 'showInterval', from: oldFrom, to: oldTo });
    const answers = await waitFor(
      'the rows of the old interval for both tabs',
      async () => {
        const a = posted.filter((m): m is IntervalRowsMessage => m.type === 'intervalRows' && m.from === oldFrom && m.to === oldTo);
        return a.length === 2 ? a : undefined;
      },
      20_000,
      100,
    );
    const logins = answers.find((m) => m.tab === 'failed-logins')!;
    const errors = answers.find((m) => m.tab === 'errors')!;
    assert.equal(logins.error, undefined);
    assert.deepEqual(
      logins.rows.map((r) => r.id),
      ['old-login-0', 'old-login-1', 'old-login-2', 'old-login-3', 'old-login-4'],
    );
    assert.deepEqual(
      logins.rows.map((r) => [r.user, r.source]),
      Array.from({ length: 5 }, (_, i) => [`old-old-login-${i}`, '198.51.100.7']),
    );
    assert.equal(logins.truncated, false);
    assert.deepEqual(
      errors.rows.map((r) => [r.id, r.path, r.errorType]),
      [['old-error-0', '/error', 'RuntimeError']],
    );
  });

  it('says so when an interval holds more rows than it sends', async () => {
    posted.length = 0;
    feed!.onMessage({ type: 'showInterval', from: now - 60_000, to: now + 1000 });
    const logins = await waitFor(
      'the rows of the last minute',
      async () => posted.find((m): m is IntervalRowsMessage => m.type === 'intervalRows' && m.tab === 'failed-logins'),
      20_000,
      100,
    );
    assert.equal(logins.rows.length, CAPACITY);
    assert.equal(logins.truncated, true);
  });
});
