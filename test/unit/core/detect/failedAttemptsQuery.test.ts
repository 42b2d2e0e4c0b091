// The brute-force rule's aggregation, as core/logs builds it.
import * as assert from 'node:assert/strict';
import { failedAttemptsBySourceRequest } from '../../../../src/core/logs/queries';
import { T0 } from './fakes';

describe('core/logs failedAttemptsBySourceRequest (brute-force rule)', () => {
  it('is one terms aggregation on source.ip with min_doc_count, no documents, failed and lockout-blocked attempts', () => {
    assert.deepEqual(failedAttemptsBySourceRequest({ from: T0 }, 10, 5), {
      size: 0,
      track_total_hits: false,
      query: {
        bool: {
          filter: [
            { terms: { 'event.action': ['login-failed', 'login-locked-out'] } },
            { range: { '@timestamp': { format: 'strict_date_optional_time', gte: '2026-11-27T10:00:00.000Z' } } },
          ],
        },
      },
      aggs: { bySource: { terms: { field: 'source.ip', size: 5, min_doc_count: 10, order: { _count: 'desc' } } } },
    });
  });

  it('rejects a min count or size below 1', () => {
    assert.throws(() => failedAttemptsBySourceRequest({ from: T0 }, 0, 5), RangeError);
    assert.throws(() => failedAttemptsBySourceRequest({ from: T0 }, 5, 0), RangeError);
  });
});
