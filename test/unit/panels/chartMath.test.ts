import * as assert from 'node:assert/strict';
import { MIN_BAND_WIDTH, markerBands } from '../../../src/shared/chart/markers';
import { linearScale, niceCeiling, valueExtent } from '../../../src/shared/chart/scale';
import { percentDomain, sparklinePath, summarize } from '../../../src/shared/chart/sparkline';
import type { Point, ScenarioMarker } from '../../../src/shared/panelProtocol';

describe('panels: chart scales', () => {
  it('maps a domain linearly onto a range, reversed ranges included', () => {
    const x = linearScale([0, 10], [0, 100]);
    assert.equal(x(0), 0);
    assert.equal(x(2.5), 25);
    assert.equal(x(10), 100);
    const y = linearScale([0, 100], [60, 0]);
    assert.equal(y(25), 45);
  });

  it('maps a zero-width domain to the middle instead of dividing by zero', () => {
    assert.equal(linearScale([5, 5], [0, 100])(5), 50);
  });

  it('finds the extent of drawable values only', () => {
    assert.deepEqual(
      valueExtent([
        [0, 3],
        [1, null],
        [2, Number.NaN],
        [3, -1],
        [4, Number.POSITIVE_INFINITY],
      ]),
      [-1, 3],
    );
    assert.equal(valueExtent([[0, null]]), undefined);
  });

  it('rounds axis maxima up to 1, 2 or 5 × 10^n', () => {
    assert.deepEqual([0, 1, 3, 7, 30, 31, 101, 999].map(niceCeiling), [1, 1, 5, 10, 50, 50, 200, 1000]);
  });
});

describe('panels: sparkline paths', () => {
  const box = { width: 100, height: 50, inset: 0 };
  const scales = { x: [0, 100] as [number, number], y: [0, 100] as [number, number] };

  it('draws consecutive points as one run, y growing downwards', () => {
    assert.equal(
      sparklinePath(
        [
          [0, 0],
          [50, 50],
          [100, 100],
        ],
        box,
        scales,
      ),
      'M0,50L50,25L100,0',
    );
  });

  it('breaks the line at null and NaN gaps instead of bridging them', () => {
    const points: Point[] = [
      [0, 10],
      [10, 20],
      [20, null],
      [30, 40],
      [40, Number.NaN],
      [50, 60],
      [60, 60],
    ];
    assert.equal(sparklinePath(points, box, scales), 'M0,45L10,40M30,30l0,0M50,20L60,20');
  });

  it('draws an isolated last point as a dot, and nothing for no data', () => {
    assert.equal(
      sparklinePath(
        [
          [0, null],
          [100, 50],
        ],
        box,
        scales,
      ),
      'M100,25l0,0',
    );
    assert.equal(sparklinePath([], box, scales), '');
    assert.equal(
      sparklinePath(
        [
          [0, null],
          [1, null],
        ],
        box,
        scales,
      ),
      '',
    );
  });

  it('clamps values outside the y domain to the box and respects the inset', () => {
    assert.equal(
      sparklinePath(
        [
          [0, -20],
          [100, 250],
        ],
        { width: 100, height: 50, inset: 2 },
        scales,
      ),
      'M2,48L98,2',
    );
  });

  it('summarizes current/min/max over drawable values; a trailing gap keeps the last known value', () => {
    assert.deepEqual(
      summarize([
        [0, 5],
        [1, 30],
        [2, 12],
        [3, null],
      ]),
      { current: 12, min: 5, max: 30 },
    );
    assert.deepEqual(summarize([[0, null]]), {});
  });

  it('uses 0..100 for percents, stretched in steps of 50 above 100', () => {
    assert.deepEqual(percentDomain([[0, 40]]), [0, 100]);
    assert.deepEqual(percentDomain([[0, 160]]), [0, 200]);
    assert.deepEqual(percentDomain([]), [0, 100]);
  });
});

describe('panels: scenario marker bands', () => {
  const marker = (id: string, start: number, end?: number): ScenarioMarker => ({
    id,
    kind: 'brute-force',
    label: id,
    start,
    ...(end !== undefined ? { end } : {}),
    outcome: end ? 'completed' : 'running',
  });

  it('maps runs to bands, clips at the edges, and extends a running scenario to the end', () => {
    const bands = markerBands([marker('inside', 200, 400), marker('left', -100, 100), marker('running', 900)], [0, 1000], 100);
    assert.deepEqual(
      bands.map((b) => [b.id, b.x, b.width, b.running]),
      [
        ['inside', 20, 20, false],
        ['left', 0, 10, false],
        ['running', 90, 10, true],
      ],
    );
  });

  it('drops runs outside the range and keeps a very short run visible', () => {
    const bands = markerBands([marker('before', -500, -100), marker('after', 2000, 3000), marker('blip', 500, 500)], [0, 1000], 100);
    assert.deepEqual(
      bands.map((b) => [b.id, b.width]),
      [['blip', MIN_BAND_WIDTH]],
    );
  });

  it('keeps a minimum-width band at the right edge inside the chart', () => {
    const [band] = markerBands([marker('edge', 1000, 1000)], [0, 1000], 100);
    assert.equal(band!.x + band!.width, 100);
  });
});
