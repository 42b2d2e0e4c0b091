// The report's query builders: one aggregation request per kind of event (no documents), and the PromQL peak.
import * as assert from 'node:assert/strict';
import { eventSummaryRequest, kindFilter, rawPageRequest } from '../../../../src/core/logs/queries';
import { hostCpuBusy, maxOverTime } from '../../../../src/core/metrics/promql';

const T0 = Date.parse('2026-11-27T10:00:00.000Z');

describe('core/logs + core/metrics: report queries', () => {
  it('lockouts and malformed requests are their own event actions', () => {
    assert.deepEqual(kindFilter('lockouts'), [{ term: { 'event.action': 'login-locked-out' } }]);
    assert.deepEqual(kindFilter('malformed'), [{ term: { 'event.action': 'login-malformed' } }]);
  });

  it('a summary is one aggregation request: exact count, first/last, histogram with empty buckets, busiest minute, top values', () => {
    const req = eventSummaryRequest(
      'errors',
      { from: T0, to: T0 + 600_000 },
      { bucketSeconds: 10, fields: ['error.type', 'url.path'], topSize: 5, sampleErrorMessages: true },
    );
    assert.equal(req.size, 0, 'no documents');
    assert.equal(req.track_total_hits, true, 'an exact count, not "10,000+"');
    const aggs = req.aggs as Record<string, Record<string, unknown>>;
    assert.deepEqual(aggs.first, { min: { field: '@timestamp' } });
    assert.deepEqual(aggs.last, { max: { field: '@timestamp' } });
    assert.deepEqual(aggs.perBucket, {
      date_histogram: { field: '@timestamp', fixed_interval: '10s', min_doc_count: 0, extended_bounds: { min: T0, max: T0 + 599_999 } },
    });
    assert.deepEqual(aggs.peakMinute, { max_bucket: { buckets_path: 'perMinute>_count' } });
    assert.deepEqual((aggs['top:url.path'] as { terms: unknown }).terms, { field: 'url.path', size: 5, order: { _count: 'desc' } });
    // error.message is a text field: one sample per error type from top_hits, never a terms key.
    const sample = (aggs['top:error.type'] as { aggs: { sample: { top_hits: { size: number; _source: unknown } } } }).aggs.sample.top_hits;
    assert.deepEqual([sample.size, sample._source], [1, { includes: ['error.message'] }]);
    assert.throws(() => eventSummaryRequest('errors', { from: T0, to: T0 + 1 }, { bucketSeconds: 0.5, fields: [], topSize: 1 }), RangeError);
  });

  it('the raw export pages every event of the range in the shared sort order', () => {
    const req = rawPageRequest({ from: T0, to: T0 + 1000 }, 500, [T0, 'abc']);
    assert.deepEqual(req.sort, [{ '@timestamp': { order: 'asc' } }, { 'event.id': { order: 'asc' } }]);
    assert.deepEqual(req.search_after, [T0, 'abc']);
    assert.equal(req.size, 500);
  });

  it('the peak of a run: max_over_time over a subquery at scrape resolution', () => {
    assert.equal(maxOverTime(hostCpuBusy(5), 65, 5), 'max_over_time((1 - avg(rate(node_cpu_seconds_total{mode="idle"}[20s])))[65s:5s])');
    assert.throws(() => maxOverTime('up', 0, 5), RangeError);
  });
});
