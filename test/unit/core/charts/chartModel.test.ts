// The chart model (src/core/charts): windows, the young-lab rule, steps, scales, gaps, bands, thresholds, alerts.
import * as assert from 'node:assert/strict';
import {
  CHART_WINDOWS,
  STATIC_COLOURS,
  THEME_VARIABLES,
  alertMoments,
  alignSeries,
  bytesScale,
  countScale,
  currentRun,
  firstSampleTime,
  percentScale,
  resolveColour,
  resolveWindow,
  ruleThresholds,
  bandsWithFocus,
  scenarioBands,
  stepSecondsFor,
  typicalStep,
  valueAt,
  withGaps,
} from '../../../../src/core/charts';
import type { Point, ScenarioMarker } from '../../../../src/shared/panelProtocol';

const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 30, 10, 0, 0);

describe('core/charts: windows', () => {
  it('offers 5 min, 15 min, 1 h and this scenario run', () => {
    assert.deepEqual(
      CHART_WINDOWS.map((w) => w.key),
      ['5m', '15m', '1h', 'run'],
    );
  });

  it('a fixed window ends now and looks back its length when the lab is older', () => {
    const r = resolveWindow('15m', { now: NOW, firstSample: NOW - 2 * 60 * MIN });
    assert.deepEqual([r.from, r.to, r.startsAtFirstSample], [NOW - 15 * MIN, NOW, false]);
    assert.equal(resolveWindow('1h', { now: NOW }).from, NOW - 60 * MIN);
    assert.equal(resolveWindow('5m', { now: NOW }).from, NOW - 5 * MIN);
  });

  it('a lab younger than the window starts the axis at its first sample', () => {
    const r = resolveWindow('1h', { now: NOW, firstSample: NOW - 4 * MIN });
    assert.equal(r.from, NOW - 4 * MIN);
    assert.equal(r.to, NOW);
    assert.equal(r.startsAtFirstSample, true);
  });

  it('"this scenario run" is the running run with a margin either side, never past now', () => {
    const runs = [
      { id: 'old', start: NOW - 30 * MIN, end: NOW - 28 * MIN },
      { id: 'live', start: NOW - 2 * MIN },
    ];
    assert.equal(currentRun(runs, NOW)?.id, 'live');
    const r = resolveWindow('run', { now: NOW, runs });
    assert.equal(r.run?.id, 'live');
    assert.equal(r.to, NOW);
    assert.equal(r.from, NOW - 2 * MIN - 30_000);
  });

  it('"this scenario run" of a finished run shows it with 25 % (at least 10 s) before and after', () => {
    const runs = [
      { id: 'a', start: NOW - 20 * MIN, end: NOW - 12 * MIN },
      { id: 'b', start: NOW - 40 * MIN, end: NOW - 39 * MIN },
    ];
    const r = resolveWindow('run', { now: NOW, runs });
    assert.equal(r.run?.id, 'a');
    assert.equal(r.from, NOW - 22 * MIN);
    assert.equal(r.to, NOW - 10 * MIN);
    // A 20 s run (the e2e's CPU stress) still fills half the chart: 10 s either side.
    const short = resolveWindow('run', { now: NOW, runs: [{ start: NOW - 60_000, end: NOW - 40_000 }] });
    assert.deepEqual([short.from, short.to], [NOW - 70_000, NOW - 30_000]);
  });

  it('"this scenario run" without any run falls back to 15 minutes and says so', () => {
    const r = resolveWindow('run', { now: NOW, runs: [] });
    assert.equal(r.noRun, true);
    assert.equal(r.from, NOW - 15 * MIN);
  });

  it('picks a step for 300–600 points, never finer than the scrape interval', () => {
    assert.equal(stepSecondsFor(60 * MIN, 5), 8); // 450 points
    assert.equal(stepSecondsFor(15 * MIN, 1), 2); // 450 points
    assert.equal(stepSecondsFor(15 * MIN, 5), 5); // 180: the scrape interval allows no more
    assert.equal(stepSecondsFor(5 * MIN, 5), 5);
    for (const span of [20 * MIN, 45 * MIN, 60 * MIN, 3 * 60 * MIN]) {
      const step = stepSecondsFor(span, 1);
      const points = span / 1000 / step;
      assert.ok(points >= 300 && points <= 600, `${span / MIN} min → ${points} points`);
    }
    assert.throws(() => stepSecondsFor(0, 5), RangeError);
  });
});

describe('core/charts: scales', () => {
  it('a share is 0–100 % with ticks every 20', () => {
    const s = percentScale([3, 42.5, null, 99]);
    assert.deepEqual([s.min, s.max], [0, 100]);
    assert.deepEqual(s.ticks, [0, 20, 40, 60, 80, 100]);
    assert.equal(s.format(42.5), '43 %');
    assert.equal(s.format(null), '–');
    assert.deepEqual(
      s.ticks.map((v) => s.tickLabel(v)),
      ['0 %', '20 %', '40 %', '60 %', '80 %', '100 %'],
    );
  });

  it('a share above 100 % (several cores) stretches to the next 50 so the peak is not cut', () => {
    const s = percentScale([20, 180]);
    assert.equal(s.max, 200);
    assert.equal(s.ticks.at(-1), 200);
    assert.ok(s.ticks.length >= 3 && s.ticks.length <= 7, s.ticks.join());
  });

  it('bytes use binary steps and end on a tick, labelled in binary units', () => {
    const GiB = 1024 ** 3;
    const s = bytesScale([0.3 * GiB, 1.2 * GiB]);
    assert.equal(s.ticks.at(-1), s.max);
    assert.ok(s.max >= 1.2 * GiB);
    const step = s.ticks[1]! - s.ticks[0]!;
    assert.equal(Math.log2(step) % 1, 0, `step ${step} is a power of two`);
    assert.ok(s.ticks.length - 1 <= 5);
    assert.deepEqual(
      s.ticks.map((t) => s.format(t)),
      ['0 B', '256 MiB', '512 MiB', '768 MiB', '1.0 GiB', '1.3 GiB'],
    );
    assert.equal(bytesScale([512 * 1024 * 1024]).format(512 * 1024 * 1024), '512 MiB');
  });

  it('counts end on 1, 2 or 5 × 10^n with whole ticks only', () => {
    assert.equal(countScale([0, 3, 7]).max, 10);
    assert.ok(countScale([0, 1]).ticks.every(Number.isInteger));
    assert.deepEqual(countScale([]).ticks, [0, 1]);
    assert.equal(countScale([31]).max, 50);
  });
});

describe('core/charts: gaps and alignment', () => {
  it('a missing sample interval becomes a gap (null), jitter does not', () => {
    const step = 5000;
    const points: Point[] = [
      [0, 1],
      [5000, 2],
      [10_400, 3],
      [30_000, 4],
      [35_000, Number.NaN],
    ];
    assert.deepEqual(withGaps(points, step), [
      [0, 1],
      [5000, 2],
      [10_400, 3],
      [15_400, null],
      [30_000, 4],
      [35_000, null],
    ]);
  });

  it('sorts unsorted input before looking for holes', () => {
    assert.deepEqual(
      withGaps(
        [
          [10_000, 2],
          [0, 1],
          [5000, 1.5],
        ],
        5000,
      ),
      [
        [0, 1],
        [5000, 1.5],
        [10_000, 2],
      ],
    );
  });

  it('finds the typical step despite a hole', () => {
    assert.equal(
      typicalStep([
        [0, 1],
        [5000, 1],
        [10_000, 1],
        [60_000, 1],
        [65_000, 1],
      ]),
      5000,
    );
    assert.equal(typicalStep([[0, 1]]), undefined);
  });

  it('aligns series on one sorted time column: null stays a gap, a missing time is undefined', () => {
    const a: Point[] = [
      [0, 1],
      [10, null],
      [20, 3],
    ];
    const b: Point[] = [
      [5, 7],
      [20, 8],
      [99, 9],
    ];
    const aligned = alignSeries([a, b], 0, 50);
    assert.deepEqual(aligned.times, [0, 5, 10, 20]);
    assert.deepEqual(aligned.values[0], [1, undefined, null, 3]);
    assert.deepEqual(aligned.values[1], [undefined, 7, undefined, 8]);
  });

  it('knows the first sample and the value nearest a time', () => {
    assert.equal(
      firstSampleTime([
        [
          [10, null],
          [20, 1],
        ],
        [[15, 3]],
      ]),
      15,
    );
    assert.deepEqual(
      valueAt(
        [
          [0, 1],
          [10, null],
          [20, 5],
        ],
        12,
        10,
      ),
      [20, 5],
    );
    assert.equal(valueAt([[0, 1]], 100, 10), undefined);
  });
});

describe('core/charts: bands, thresholds, alerts, colours', () => {
  const marker = (id: string, kind: string, start: number, end?: number): ScenarioMarker => ({
    id,
    kind,
    label: id,
    start,
    outcome: 'ok',
    ...(end !== undefined ? { end } : {}),
  });

  it('clips runs to the range, extends a running one to its end, and drops runs outside', () => {
    const bands = scenarioBands([marker('late', 'cpu-stress', 90), marker('early', 'brute-force', -10, 20), marker('out', 'error-burst', 200, 300)], 0, 100);
    assert.deepEqual(
      bands.map((b) => [b.id, b.from, b.to, b.running, b.kind]),
      [
        ['early', 0, 20, false, 'brute-force'],
        ['late', 90, 100, true, 'cpu-stress'],
      ],
    );
  });

  it('gives neighbouring bands different label lanes', () => {
    const bands = scenarioBands([marker('a', 'x', 1, 2), marker('b', 'x', 3, 4), marker('c', 'x', 5, 6), marker('d', 'x', 7, 8)], 0, 10);
    assert.deepEqual(
      bands.map((b) => b.lane),
      [0, 1, 2, 0],
    );
  });

  it('adds an evidence range as a focus band clipped to the range; a focus outside it adds nothing', () => {
    const runs = [marker('a', 'cpu-stress', 10, 20)];
    const bands = bandsWithFocus(runs, 0, 100, { from: 80, to: 150, label: 'Alert evidence' });
    assert.deepEqual(
      bands.map((b) => [b.id, b.kind, b.label, b.from, b.to, b.lane]),
      [
        ['a', 'cpu-stress', 'a', 10, 20, 0],
        ['focus', 'focus', 'Alert evidence', 80, 100, 1],
      ],
    );
    assert.deepEqual(
      bandsWithFocus(runs, 0, 100, { from: 200, to: 300, label: 'x' }).map((b) => b.id),
      ['a'],
    );
    assert.deepEqual(
      bandsWithFocus(runs, 0, 100).map((b) => b.id),
      ['a'],
    );
  });

  it('draws the raise and clear thresholds of an enabled rule only', () => {
    assert.deepEqual(
      ruleThresholds({ enabled: true, abovePercent: 80, forSeconds: 20, clearBelowPercent: 60 }).map((l) => [l.value, l.role]),
      [
        [80, 'threshold'],
        [60, 'clear'],
      ],
    );
    assert.match(ruleThresholds({ enabled: true, abovePercent: 80, forSeconds: 20 })[0]!.label, /80 %.*20 s/);
    assert.deepEqual(ruleThresholds({ enabled: false, abovePercent: 80 }), []);
    assert.deepEqual(ruleThresholds(undefined), []);
  });

  it("marks when the chart's rules fired inside the range", () => {
    const alerts = [
      { id: '1', ruleId: 'high-cpu', title: 'High CPU', severity: 'critical', firedAt: 50 },
      { id: '2', ruleId: 'brute-force', title: 'Brute force', severity: 'critical', firedAt: 60 },
      { id: '3', ruleId: 'high-cpu', title: 'High CPU', severity: 'critical', firedAt: 500 },
      { id: '4', ruleId: 'high-cpu', title: 'High CPU', severity: 'critical', firedAt: 10 },
    ];
    assert.deepEqual(
      alertMoments(alerts, ['high-cpu'], 0, 100).map((a) => [a.id, a.time]),
      [
        ['4', 10],
        ['1', 50],
      ],
    );
  });

  it('marks each alert once: one both active and in the history, or one rule firing twice at one instant', () => {
    const alert = { id: '1', ruleId: 'high-cpu', title: 'High CPU', severity: 'warning', firedAt: 50 };
    assert.deepEqual(
      alertMoments([alert, { ...alert }, { ...alert, id: '2' }, { ...alert, id: '3', firedAt: 60 }], ['high-cpu'], 0, 100).map((a) => [a.id, a.time]),
      [
        ['1', 50],
        ['3', 60],
      ],
    );
  });

  it('every colour role has a theme variable and a static colour; the theme wins when it defines one', () => {
    for (const role of Object.keys(STATIC_COLOURS)) assert.ok(THEME_VARIABLES[role as keyof typeof THEME_VARIABLES].length > 0, role);
    assert.equal(
      resolveColour('cpu', (v) => (v === '--vscode-charts-blue' ? ' #3794ff ' : '')),
      '#3794ff',
    );
    assert.equal(
      resolveColour('axis', (v) => (v === '--vscode-editor-foreground' ? '#ccc' : '')),
      '#ccc',
    );
    assert.equal(
      resolveColour('cpu', () => ''),
      STATIC_COLOURS.cpu,
    );
  });
});
