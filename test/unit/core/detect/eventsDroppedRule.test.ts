import * as assert from 'node:assert/strict';
import { eventsDroppedRule } from '../../../../src/core/detect/rules/eventsDropped';
import type { RangeOptions, Series } from '../../../../src/core/metrics/prometheusClient';
import { T0 } from './fakes';

const signal = new AbortController().signal;

function prometheus(series: Series[]) {
  const asked: Array<{ query: string; range: RangeOptions }> = [];
  return { asked, source: { queryRange: async (query: string, range: RangeOptions) => (asked.push({ query, range }), series) } };
}

describe('core/detect events-dropped rule', () => {
  it('sums the drops of the last 5 minutes by reason, whole events, most first', async () => {
    const p = prometheus([
      { labels: { reason: 'rejected' }, points: [[T0 / 1000, 1.1]] },
      {
        labels: { reason: 'buffer_overflow' },
        points: [
          [T0 / 1000 - 5, 3],
          [T0 / 1000, 11.9],
        ],
      },
      { labels: { reason: 'shutdown' }, points: [[T0 / 1000, 0]] },
    ]);
    const rule = eventsDroppedRule(p.source, 5, 5000);
    const m = await rule.measure(T0, signal);
    assert.equal(p.asked[0]!.query, 'sum by (reason) (increase(lab_log_events_dropped_total[300s]))');
    assert.equal(m.value, 13);
    assert.ok(m.value >= rule.fireAt);
    assert.deepEqual(m.subjects, [
      { name: 'buffer_overflow', value: 12 },
      { name: 'rejected', value: 1 },
    ]);
    assert.equal(
      rule.describe(m),
      '13 events dropped by the app in the last 5 min (buffer overflow 12, rejected 1): they are in its log output but not in Elasticsearch, so the panels and rules undercount',
    );
    assert.equal(rule.severity, 'warning');
  });

  it('no drops (every reason at 0, or no series yet) → value 0, below fireAt', async () => {
    for (const series of [[{ labels: { reason: 'rejected' }, points: [[T0 / 1000, 0]] }] as Series[], [] as Series[]]) {
      const rule = eventsDroppedRule(prometheus(series).source, 5, 5000);
      const m = await rule.measure(T0, signal);
      assert.equal(m.value, 0);
      assert.ok(m.value < rule.fireAt);
    }
  });
});
