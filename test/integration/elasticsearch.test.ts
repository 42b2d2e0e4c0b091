// The official @elastic/elasticsearch client against the test bed's Elasticsearch-API engine:
// index template, bulk, range query, sort + search_after, date_histogram and terms aggregations.
import * as assert from 'node:assert/strict';
import { Client } from '@elastic/elasticsearch';
import { useSuiteEngine } from './fixtures/engine';
import { startElasticsearch } from './fixtures/services';

const SUITE = 'es';
const STREAM = 'itest-es-logs';

describe('integration: Elasticsearch API via @elastic/elasticsearch', function () {
  this.timeout(180_000);
  const engine = useSuiteEngine(SUITE);
  let es: Client;
  const base = Date.parse('2026-01-01T00:00:00.000Z');

  before(async () => {
    const { url } = await startElasticsearch(engine.docker, SUITE);
    es = new Client({ node: url, sniffOnStart: false });
  });
  after(async () => {
    await es?.close();
  });

  it('creates an index template with explicit mappings for a data stream', async () => {
    await es.indices.putIndexTemplate({
      name: `${STREAM}-template`,
      index_patterns: [`${STREAM}*`],
      data_stream: {},
      priority: 500,
      template: {
        settings: { number_of_shards: 1, number_of_replicas: 0 },
        mappings: {
          dynamic: false,
          properties: {
            '@timestamp': { type: 'date' },
            message: { type: 'text' },
            event: { properties: { id: { type: 'keyword' } } },
            user: { properties: { name: { type: 'keyword' } } },
            source: { properties: { ip: { type: 'ip' } } },
          },
        },
      },
    });
    const got = await es.indices.getIndexTemplate({ name: `${STREAM}-template` });
    assert.equal(got.index_templates.length, 1);
  });

  it('bulk-indexes 120 documents and reads them back with range, sort + search_after and aggregations', async () => {
    // 120 events, one per second, from three sources and four users.
    const docs = Array.from({ length: 120 }, (_, i) => ({
      '@timestamp': new Date(base + i * 1000).toISOString(),
      message: 'Failed login attempt',
      event: { id: `evt-${String(i).padStart(4, '0')}` },
      user: { name: `user${i % 4}` },
      source: { ip: `198.51.100.${(i % 3) + 1}` },
    }));
    const bulk = await es.bulk({
      refresh: 'wait_for',
      operations: docs.flatMap((d) => [{ create: { _index: STREAM, _id: d.event.id } }, d]),
    });
    assert.equal(bulk.errors, false, JSON.stringify(bulk.items.find((i) => i.create?.error)));
    assert.equal(bulk.items.length, 120);

    // Range: the first minute holds exactly 60 events.
    const inRange = await es.count({
      index: STREAM,
      query: { range: { '@timestamp': { gte: new Date(base).toISOString(), lt: new Date(base + 60_000).toISOString() } } },
    });
    assert.equal(inRange.count, 60);

    // Pages of 25 via search_after on @timestamp with event.id as tiebreaker: every doc once, in order.
    const seen: string[] = [];
    let after: Array<string | number> | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await es.search<{ event: { id: string } }>({
        index: STREAM,
        size: 25,
        sort: [{ '@timestamp': 'asc' }, { 'event.id': 'asc' }],
        ...(after ? { search_after: after } : {}),
        query: { match: { message: 'failed login' } },
      });
      if (res.hits.hits.length === 0) break;
      seen.push(...res.hits.hits.map((h) => h._source!.event.id));
      after = res.hits.hits[res.hits.hits.length - 1]!.sort as Array<string | number>;
    }
    assert.deepEqual(
      seen,
      docs.map((d) => d.event.id),
    );

    // Aggregations: 30 s buckets and top sources.
    const aggs = await es.search({
      index: STREAM,
      size: 0,
      aggs: {
        perBucket: { date_histogram: { field: '@timestamp', fixed_interval: '30s', min_doc_count: 0 } },
        topSources: { terms: { field: 'source.ip', size: 5 } },
      },
    });
    const buckets = (aggs.aggregations!.perBucket as { buckets: Array<{ doc_count: number }> }).buckets;
    assert.deepEqual(
      buckets.map((b) => b.doc_count),
      [30, 30, 30, 30],
    );
    const sources = (aggs.aggregations!.topSources as { buckets: Array<{ key: string; doc_count: number }> }).buckets;
    assert.deepEqual(sources.map((b) => [b.key, b.doc_count]).sort(), [
      ['198.51.100.1', 40],
      ['198.51.100.2', 40],
      ['198.51.100.3', 40],
    ]);
  });

  it('a retried bulk with the same ids does not double documents', async () => {
    const again = await es.bulk({
      refresh: 'wait_for',
      operations: [{ create: { _index: STREAM, _id: 'evt-0000' } }, { '@timestamp': new Date(base).toISOString(), event: { id: 'evt-0000' } }],
    });
    assert.equal(again.items[0]!.create!.status, 409);
    assert.equal((await es.count({ index: STREAM })).count, 120);
  });
});
