import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliUsageError, parseArgs } from '../../../../src/cli/args';
import { redact, reportFolderName, sha256File, writeReport } from '../../../../src/core/report/writer';
import { replayRules } from '../../../../src/core/report/replay';
import { DEFAULT_DETECTION_SETTINGS } from '../../../../src/core/detect/settings';
import type { LogCounts } from '../../../../src/core/detect/sources';
import { junitXml } from '../../../../src/core/exercise/exercise';
import { lastRunsRange, parseUserTime } from '../../../../src/core/report/ranges';
import { bucketSecondsFor, ownerOf } from '../../../../src/core/report/gather';
import { T0, hostileModel, missingModel } from './fixtures';

const NOW = Date.UTC(2026, 10, 29, 15, 0, 0);
const parse = (...argv: string[]) => parseArgs(argv, {}, () => '{}', NOW);

describe('cli: report arguments', () => {
  it('defaults: the last hour, both formats, English', () => {
    assert.deepEqual(parse('report').report, { from: NOW - 3_600_000, to: NOW, formats: ['md', 'html'], lang: 'en' });
  });

  it('--from/--to, --last, --out, --format, --lang', () => {
    const r = parse('report', '--from', '2026-11-29T14:00:00Z', '--to', '2026-11-29T14:30:00Z', '--format', 'md', '--lang', 'id', '--out', 'x').report!;
    assert.deepEqual(r, { from: Date.UTC(2026, 10, 29, 14), to: Date.UTC(2026, 10, 29, 14, 30), formats: ['md'], lang: 'id', out: 'x' });
    assert.equal(parse('report', '--last', '2h').report!.from, NOW - 7_200_000);
    assert.equal(parse('report', '--from', '2026-11-29T10:00:00Z', '--last', '30m').report!.to, Date.UTC(2026, 10, 29, 10, 30));
  });

  it("--lang is the CLI's: the report follows it; an unknown one is English with a warning, not a usage error", () => {
    const fr = parse('report', '--lang', 'fr');
    assert.equal(fr.report!.lang, 'en');
    assert.match(fr.languageWarning ?? '', /unknown language "fr"/);
    assert.equal(parseArgs(['report'], { LANG: 'id_ID.UTF-8' }, () => '{}', NOW).report!.lang, 'id');
    assert.equal(parse('status', '--lang', 'id').language, 'id');
  });

  it('usage errors name the flag', () => {
    const bad: Array<[string[], RegExp]> = [
      [['report', '--last', '2 hours'], /--last must look like/],
      [['report', '--from', 'yesterday'], /--from must be an ISO date-time/],
      [['report', '--from', '2026-11-29T15:00:00Z', '--to', '2026-11-29T14:00:00Z'], /ends before it starts/],
      [['report', '--to', '2026-11-29T15:00:00Z', '--last', '1h'], /--to or --last/],
      [['report', '--format', 'pdf'], /--format takes md, html/],
      [['status', '--last', '1h'], /belongs to the report command/],
    ];
    for (const [argv, message] of bad)
      assert.throws(
        () => parse(...argv),
        (e: unknown) => e instanceof CliUsageError && message.test((e as Error).message),
        argv.join(' '),
      );
  });
});

describe('cli: scenario and exercise arguments', () => {
  it('scenario kinds and their flags', () => {
    assert.deepEqual(parse('scenario', 'brute-force', '--count', '50', '--users', 'admin,root', '--final-correct').scenario, {
      kind: 'brute-force',
      values: { count: 50, usernames: ['admin', 'root'], finalCorrectPassword: true },
    });
    assert.deepEqual(parse('scenario', 'cpu', '--workers', '2', '--duration', '30').scenario, { kind: 'cpu', values: { workers: 2, durationSeconds: 30 } });
    assert.deepEqual(parse('scenario', 'mitigation').scenario, { kind: 'mitigation', values: {} });
    assert.throws(() => parse('scenario'), /needs a kind/);
    assert.throws(() => parse('scenario', 'ddos'), /unknown scenario "ddos"/);
    assert.throws(() => parse('scenario', 'cpu', '--count', '3'), /--count does not apply to the cpu scenario/);
    assert.throws(() => parse('scenario', 'errors', '--count', 'many'), /--count must be a whole number/);
    assert.throws(() => parse('status', '--count', '3'), /belongs to the scenario command/);
  });

  it('exercise defaults and bounds', () => {
    assert.deepEqual(parse('exercise').exercise, { cpuSeconds: 60, gapSeconds: 20, lang: 'en' });
    assert.deepEqual(parse('exercise', '--cpu-seconds', '30', '--gap', '0', '--lang', 'id', '--out', 'o').exercise, {
      cpuSeconds: 30,
      gapSeconds: 0,
      lang: 'id',
      out: 'o',
    });
    assert.throws(() => parse('exercise', '--cpu-seconds', '0'), /from 1 to 600/);
  });

  it('JUnit XML: one case per run, failures counted, names escaped', () => {
    const xml = junitXml(
      [
        { kind: 'brute-force', rule: 'brute-force', fired: true, delayMs: 1500, origin: 'history', detail: '30 from <x>' },
        { kind: 'cpu-stress', rule: 'high-cpu', fired: false, detail: 'the rule did not fire' },
      ],
      T0,
    );
    assert.match(xml, /tests="2" failures="1"/);
    assert.match(xml, /name="brute-force → brute-force" time="1\.500"><system-out>history: 30 from &lt;x&gt;<\/system-out>/);
    assert.match(xml, /<failure message="the rule did not fire">/);
  });
});

describe('report: writer', () => {
  it('redacts secrets everywhere; folder names are sortable and path-safe', () => {
    assert.equal(redact('pw=s3cret-pw token s3cret-pw', ['s3cret-pw', '', 'ab']), 'pw=[redacted] token [redacted]');
    assert.equal(reportFolderName(Date.UTC(2026, 10, 29, 21, 40, 3, 120)), '2026-11-29T21-40-03Z');
  });

  it('writes md + charts, html, json, events.ndjson (why empty) and a verifying SHA256SUMS, with no secret', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlab-report-unit-'));
    try {
      const model = missingModel();
      model.scenarios[0]!.record.error = 'login as demo with hunter2-secret failed';
      const written = await writeReport(model, { dir, formats: ['md', 'html'], secrets: ['hunter2-secret'], timeZone: 'UTC' });
      assert.deepEqual([...written.files].sort(), ['SHA256SUMS', 'events.ndjson', 'report.html', 'report.json', 'report.md'].sort());
      assert.deepEqual(written.events, { error: model.sources.elasticsearch.ok ? '' : (model.sources.elasticsearch as { reason: string }).reason });
      const sums = fs.readFileSync(path.join(dir, 'SHA256SUMS'), 'utf8').trim().split('\n');
      assert.equal(sums.length, 4);
      for (const line of sums) {
        const [hash, rel] = line.split(/\s+/);
        assert.equal(sha256File(path.join(dir, rel!)), hash, rel);
      }
      for (const f of written.files) assert.ok(!fs.readFileSync(path.join(dir, f), 'utf8').includes('hunter2-secret'), f);
      assert.ok(
        fs.readFileSync(path.join(dir, 'report.md'), 'utf8').includes('[redacted]') ||
          fs.readFileSync(path.join(dir, 'report.md'), 'utf8').includes('\\[redacted\\]'),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('charts are written as files beside report.md', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlab-report-unit-'));
    try {
      const written = await writeReport(hostileModel(), { dir, formats: ['md'], timeZone: 'UTC' });
      for (const c of ['failed-logins', 'errors', 'cpu', 'memory']) assert.ok(written.files.includes(`charts/${c}.svg`), c);
      assert.ok(!written.files.includes('report.html'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('report: rules re-evaluated over stored data', () => {
  /** 30 failed logins from one source, one every 100 ms from T0 + 10 s; the fake answers what ES would for a range. */
  const times = Array.from({ length: 30 }, (_, i) => T0 + 10_000 + i * 100);
  const logs: LogCounts = {
    async failedAttemptsBySource(range, minCount) {
      const n = times.filter((t) => t >= (range.from ?? -Infinity) && t < (range.to ?? Infinity)).length;
      return n >= minCount ? [{ value: '203.0.113.7', count: n }] : [];
    },
    async count() {
      return 0;
    },
  };

  it('fires when the stored events crossed the threshold — not earlier, not from later events — and clears', async () => {
    const found = await replayRules({
      detection: DEFAULT_DETECTION_SETTINGS,
      scrapeIntervalSeconds: 5,
      logs,
      windows: [{ ruleId: 'brute-force', from: T0, to: T0 + 15_000 }],
    });
    assert.equal(found.length, 1);
    const a = found[0]!;
    assert.equal(a.origin, 'replay');
    // The 20th failure is at T0 + 11.9 s: the first 1 s step that sees it is T0 + 12 s.
    assert.equal(a.firedAt, T0 + 12_000);
    assert.equal(a.value, 30);
    assert.ok(a.clearedAt! > T0 + 60_000, 'clears once the window has passed the burst');
  });

  it('a quiet window fires nothing', async () => {
    const found = await replayRules({
      detection: DEFAULT_DETECTION_SETTINGS,
      scrapeIntervalSeconds: 5,
      logs,
      windows: [{ ruleId: 'brute-force', from: T0 + 200_000, to: T0 + 210_000 }],
    });
    assert.deepEqual(found, []);
  });
});

describe('report: ranges people ask for', () => {
  it('parses typed times; refuses anything else', () => {
    assert.equal(parseUserTime('2026-11-29T14:05:00Z'), Date.UTC(2026, 10, 29, 14, 5));
    assert.equal(parseUserTime('2026-11-29 14:05'), new Date(2026, 10, 29, 14, 5).getTime());
    assert.equal(parseUserTime('14:05', new Date(2026, 10, 29, 20, 0).getTime()), new Date(2026, 10, 29, 14, 5).getTime());
    for (const bad of ['', 'yesterday', '14:65', '25:00', '2026-11-29']) assert.equal(parseUserTime(bad), undefined, bad);
  });

  it('the last run of each kind, with the baseline before and a minute after', () => {
    const rec = (kind: 'brute-force' | 'cpu-stress', startedAt: number, endedAt: number) => ({
      id: `${kind}${startedAt}`,
      kind,
      params: {},
      startedAt,
      endedAt,
      outcome: 'completed' as const,
      counts: {},
    });
    const range = lastRunsRange(
      [rec('brute-force', T0, T0 + 1000), rec('brute-force', T0 + 100_000, T0 + 101_000), rec('cpu-stress', T0 + 200_000, T0 + 260_000)],
      T0 + 1_000_000,
    );
    assert.deepEqual(range, { from: T0 + 100_000 - 120_000, to: T0 + 260_000 + 60_000 });
    assert.equal(lastRunsRange([], T0), undefined);
  });
});

describe('report: which run an alert belongs to', () => {
  const model = hostileModel();
  const first = model.scenarios[0]!;
  const second = {
    ...first,
    record: { ...first.record, id: 'bf-2', startedAt: first.record.startedAt + 70_000, endedAt: first.record.startedAt + 71_000 },
    window: { from: first.record.startedAt + 70_000, to: first.record.startedAt + 73_000 },
  };
  const sections = [first, second];
  const alert = (firedAt: number, scenarioId?: string) => ({
    ruleId: 'brute-force' as const,
    title: 't',
    origin: 'history' as const,
    firedAt,
    value: 30,
    threshold: 20,
    summary: 's',
    ...(scenarioId ? { scenarioId } : {}),
  });

  it("a later run's alert is never credited to an earlier run, even inside the earlier one's evidence window", () => {
    assert.equal(ownerOf(alert(second.record.startedAt + 1500), sections, DEFAULT_DETECTION_SETTINGS), second);
    assert.equal(ownerOf(alert(first.record.startedAt + 1500), sections, DEFAULT_DETECTION_SETTINGS), first);
  });

  it('the run the live engine named wins; a rule of another kind belongs to no run', () => {
    assert.equal(ownerOf(alert(second.record.startedAt + 1500, first.record.id), sections, DEFAULT_DETECTION_SETTINGS), first);
    assert.equal(ownerOf({ ...alert(first.record.startedAt + 1500), ruleId: 'high-cpu' }, sections, DEFAULT_DETECTION_SETTINGS), undefined);
  });
});

describe('report: histogram buckets', () => {
  it('10 s for the exercise, widened in whole 10 s for long ranges (under ~5,000 buckets)', () => {
    assert.equal(bucketSecondsFor({ from: 0, to: 3_600_000 }), 10);
    assert.equal(bucketSecondsFor({ from: 0, to: 7 * 86_400_000 }), 130);
    assert.ok((7 * 86_400) / bucketSecondsFor({ from: 0, to: 7 * 86_400_000 }) <= 5000);
  });
});
