import * as assert from 'node:assert/strict';
import { eventQuery, histogramRequest, kindFilter, topValuesRequest, eventPageRequest } from '../../../../src/core/logs/queries';
import { toLabEvent } from '../../../../src/core/logs/labEvent';

const T0 = Date.parse('2026-11-27T10:00:00.000Z');

describe('core/logs/queries', () => {
  it('failed logins are exactly event.action login-failed (malformed requests and lockouts are other actions)', () => {
    assert.deepEqual(kindFilter('failed-logins'), [{ term: { 'event.action': 'login-failed' } }]);
    assert.deepEqual(kindFilter('errors'), [{ term: { 'log.level': 'error' } }]);
    const auth = kindFilter('auth')[0] as { terms: { 'event.action': string[] } };
    assert.deepEqual(auth.terms['event.action'].sort(), ['login-failed', 'login-locked-out', 'login-malformed', 'login-succeeded']);
  });

  it('a range is [from, to) in ISO time, with optional exact source/user filters', () => {
    assert.deepEqual(eventQuery('failed-logins', { from: T0, to: T0 + 60_000 }, { sourceIp: '198.51.100.7' }), {
      bool: {
        filter: [
          { term: { 'event.action': 'login-failed' } },
          { range: { '@timestamp': { format: 'strict_date_optional_time', gte: '2026-11-27T10:00:00.000Z', lt: '2026-11-27T10:01:00.000Z' } } },
          { term: { 'source.ip': '198.51.100.7' } },
        ],
      },
    });
  });

  it('pages sort by @timestamp then event.id and carry search_after only when given', () => {
    const first = eventPageRequest('all', { from: T0 }, 100);
    assert.deepEqual(first.sort, [{ '@timestamp': { order: 'asc' } }, { 'event.id': { order: 'asc' } }]);
    assert.equal('search_after' in first, false);
    assert.deepEqual(eventPageRequest('all', { from: T0 }, 100, [T0, 'abc']).search_after, [T0, 'abc']);
  });

  it('histograms keep empty buckets over the whole range and refuse fractional buckets', () => {
    const req = histogramRequest('failed-logins', { from: T0, to: T0 + 900_000 }, 15);
    assert.deepEqual(req.aggs.perBucket.date_histogram, {
      field: '@timestamp',
      fixed_interval: '15s',
      min_doc_count: 0,
      extended_bounds: { min: T0, max: T0 + 900_000 - 1 },
    });
    assert.equal(req.size, 0);
    assert.throws(() => histogramRequest('all', { from: T0, to: T0 + 1 }, 0.5), RangeError);
  });

  it('top values aggregate server-side with a minimum count', () => {
    assert.deepEqual(topValuesRequest('failed-logins', { from: T0 }, 'source.ip', 5, 20).aggs, {
      top: { terms: { field: 'source.ip', size: 5, min_doc_count: 20 } },
    });
  });
});

describe('core/logs/labEvent', () => {
  it('maps an ECS document and keeps hostile strings as plain data', () => {
    const event = toLabEvent(
      {
        '@timestamp': '2026-11-27T10:00:00.123Z',
        message: 'Failed login attempt',
        log: { level: 'warning' },
        event: { id: 'e1', action: 'login-failed', outcome: 'failure' },
        user: { name: '<img src=x onerror=alert(1)>' },
        source: { ip: '203.0.113.9' },
        http: { response: { status_code: 401 } },
      },
      'fallback',
    );
    assert.deepEqual(event, {
      id: 'e1',
      timestamp: T0 + 123,
      level: 'warning',
      message: 'Failed login attempt',
      action: 'login-failed',
      outcome: 'failure',
      userName: '<img src=x onerror=alert(1)>',
      sourceIp: '203.0.113.9',
      statusCode: 401,
    });
  });

  it('falls back to the document id when event.id is missing', () => {
    assert.equal(toLabEvent({ message: 'x' }, 'doc-7').id, 'doc-7');
  });
});
