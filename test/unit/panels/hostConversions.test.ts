import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { useLanguage } from '../../../src/core/l10n';
import type { LabEvent } from '../../../src/core/logs/labEvent';
import type { ScenarioRecord } from '../../../src/core/scenarios/records';
import { ContainerHistory } from '../../../src/vscode/panels/containerHistory';
import { toEventRow } from '../../../src/vscode/panels/eventRows';
import { toMarker } from '../../../src/vscode/panels/scenarioMarkers';
import { ratioSeriesToPercentPoints } from '../../../src/vscode/panels/seriesPoints';

describe('panels: host-side conversions', () => {
  it('turns Prometheus ratios into percents, NaN into a gap, and a missing step into an explicit gap', () => {
    const series = {
      labels: {},
      points: [
        [100, 0.25],
        [110, Number.NaN],
        [120, 0.5],
        [150, 0.75],
      ] as Array<[number, number]>,
    };
    assert.deepEqual(ratioSeriesToPercentPoints(series, 10), [
      [100_000, 25],
      [110_000, null],
      [120_000, 50],
      [130_000, null],
      [150_000, 75],
    ]);
    assert.deepEqual(ratioSeriesToPercentPoints(undefined, 10), []);
  });

  it('maps a log event to a row with the table fields only', () => {
    const event: LabEvent = {
      id: 'e1',
      timestamp: 5,
      level: 'warning',
      message: 'login failed',
      userName: '<img src=x onerror=alert(1)>',
      sourceIp: '10.0.0.5',
      userAgent: 'hydra',
      action: 'login-failed',
    };
    assert.deepEqual(toEventRow(event), {
      id: 'e1',
      time: 5,
      message: 'login failed',
      user: '<img src=x onerror=alert(1)>',
      source: '10.0.0.5',
      userAgent: 'hydra',
    });
  });

  it('labels scenario records for markers; a running one has no end', () => {
    const record: ScenarioRecord = { id: 'r1', kind: 'brute-force', params: {}, startedAt: 10, outcome: 'running', counts: {} };
    assert.deepEqual(toMarker(record), { id: 'r1', kind: 'brute-force', label: 'Brute force (running)', start: 10, outcome: 'running' });
    assert.equal(toMarker({ ...record, kind: 'cpu-stress', outcome: 'completed', endedAt: 20 }).end, 20);
  });

  it('labels markers in the language chosen (monitoringLab.language): the band labels follow it', () => {
    const record: ScenarioRecord = { id: 'r1', kind: 'cpu-stress', params: {}, startedAt: 10, endedAt: 20, outcome: 'completed', counts: {} };
    try {
      useLanguage('id', path.resolve(__dirname, '../../../../l10n'));
      assert.equal(toMarker(record).label, 'Beban CPU (selesai)');
      assert.equal(toMarker({ ...record, kind: 'brute-force', outcome: 'cancelled' }).label, 'Serangan brute force (dibatalkan)');
      assert.equal(toMarker({ ...record, kind: 'memory-pressure', outcome: 'running' }).label, 'Tekanan memori (berjalan)');
      assert.equal(toMarker({ ...record, kind: 'error-burst', outcome: 'failed' }).label, 'Lonjakan error (gagal)');
    } finally {
      useLanguage('en');
    }
    assert.equal(toMarker(record).label, 'CPU stress (completed)');
  });
});

describe('panels: container history', () => {
  const sample = (service: string, time: number, cpuPercent: number, memoryBytes = 50, memoryLimitBytes = 200) => ({
    service,
    containerId: `id-${service}`,
    time,
    cpuPercent,
    memoryBytes,
    memoryLimitBytes,
  });

  it('folds samples into slots (latest wins), per service, sorted by name', () => {
    const history = new ContainerHistory(60_000, 6); // 10 s slots
    history.add([sample('web', 1_000, 10), sample('db', 1_000, 1)]);
    history.add([sample('web', 5_000, 20)]); // same slot as 1 s: replaces it
    history.add([sample('web', 12_000, 30, 100, 200)]);
    const [db, web] = history.series(20_000);
    assert.equal(db!.service, 'db');
    assert.deepEqual(web!.cpuPercent, [
      [5_000, 20],
      [12_000, 30],
    ]);
    assert.deepEqual(web!.memoryPercent, [
      [5_000, 25],
      [12_000, 50],
    ]);
    assert.deepEqual(
      web!.memoryUsed,
      [
        [5_000, 50],
        [12_000, 100],
      ],
      'the bytes behind the percentages',
    );
    assert.equal(web!.memoryBytes, 100);
  });

  it('forgets points older than the window and services with none left, and bounds the points', () => {
    const history = new ContainerHistory(60_000, 6);
    for (let t = 0; t <= 120_000; t += 10_000) history.add([sample('web', t, t / 1000)]);
    history.add([sample('old', 0, 1)]);
    const series = history.series(120_000);
    assert.deepEqual(
      series.map((s) => s.service),
      ['web'],
    );
    assert.equal(series[0]!.cpuPercent.length, 6);
    assert.equal(series[0]!.cpuPercent[0]![0], 70_000);
  });

  it('shows no memory percent without a limit, and a gap where the sampler was silent', () => {
    const history = new ContainerHistory(600_000, 60); // 10 s slots
    history.add([sample('web', 0, 5, 50, 0), sample('web', 100_000, 6, 50, 0)]);
    const [web] = history.series(100_000);
    assert.deepEqual(
      web!.memoryPercent.map((p) => p[1]),
      [null, null, null],
    );
    assert.deepEqual(web!.cpuPercent, [
      [0, 5],
      [10_000, null],
      [100_000, 6],
    ]);
  });
});
