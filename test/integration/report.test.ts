// The lab report on the real test bed: scenarios run through the core ScenarioRunner against the lite lab, then
// the report is generated and every number checked against this test's OWN queries to Elasticsearch and
// Prometheus (not the report's); the exported events, the manifest, the missing-Elasticsearch report and the
// CLI as a child process are checked too.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { removeSuiteContainers, useSuiteEngine, waitFor } from './fixtures/engine';
import type { TestLab } from './fixtures/lab';
import { REPO_ROOT, startTestLab } from './fixtures/lab';
import { DEFAULT_DETECTION_SETTINGS } from '../../src/core/detect/settings';
import type { LogStore } from '../../src/core/logs/logStore';
import type { PrometheusClient } from '../../src/core/metrics/prometheusClient';
import { hostCpuBusy, maxOverTime } from '../../src/core/metrics/promql';
import { DEFAULTS } from '../../src/core/scenarios/params';
import { labRecords } from '../../src/core/scenarios/recordsFile';
import { ScenarioRunner, type ScenarioTarget } from '../../src/core/scenarios/scenarioRunner';
import { stackStatus } from '../../src/core/stack/engine/status';
import { generateLabReport } from '../../src/core/report/labReport';
import type { ReportModel, ScenarioSection } from '../../src/core/report/model';

const SUITE = 'report';
const SCRAPE = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the built CLI; resolves with its exit code and output. */
function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Recomputes every hash of SHA256SUMS; returns the files it lists. */
function verifyManifest(dir: string): string[] {
  const lines = fs.readFileSync(path.join(dir, 'SHA256SUMS'), 'utf8').trim().split('\n');
  return lines.map((line) => {
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    assert.ok(m, `manifest line ${line}`);
    const actual = createHash('sha256')
      .update(fs.readFileSync(path.join(dir, m[2]!)))
      .digest('hex');
    assert.equal(actual, m[1], `hash of ${m[2]}`);
    return m[2]!;
  });
}

function allFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? allFiles(path.join(dir, e.name)).map((f) => path.join(e.name, f)) : [e.name]));
}

describe('integration: the lab report on the test bed', function () {
  this.timeout(900_000);
  const engine = useSuiteEngine(SUITE);
  let lab: TestLab;
  let logs: LogStore;
  let prom: PrometheusClient;
  let runner: ScenarioRunner;
  let target: ScenarioTarget;
  let outRoot: string;
  let rangeFrom = 0;
  let rangeTo = 0;
  let model: ReportModel;
  let reportDir: string;
  const seen: string[] = [];

  before(async function () {
    this.timeout(600_000);
    lab = await startTestLab(SUITE);
    logs = lab.logStore();
    prom = lab.prometheus();
    outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'mlab-report-it-'));
    // The CLI's records file in the lab folder: the CLI child process below reads the same runs.
    runner = new ScenarioRunner(labRecords(lab.config));
    const app = (await stackStatus(engine.docker, lab.config, ['app']))[0]!;
    const cpus = Math.max(1, ((await engine.docker.info()) as { NCPU?: number }).NCPU ?? 1);
    target = {
      app: lab.app(),
      demoPassword: lab.secrets.demoPassword,
      docker: engine.docker,
      stressImage: app.image!,
      project: lab.config.projectName,
      engineCpus: cpus,
      memoryCapMb: 256,
    };
    // Prometheus has host data before anything happens (a baseline to compare with).
    await waitFor('host CPU in Prometheus', async () => (await prom.query(hostCpuBusy(SCRAPE))).length === 1, 120_000, 1000);
  });

  after(async function () {
    this.timeout(180_000);
    if (seen.length) console.log(`\n    numbers seen:\n${seen.map((s) => `      ${s}`).join('\n')}`);
    if (lab) {
      await runner?.stopAll(lab.docker, lab.config.projectName).catch(() => undefined);
      await removeSuiteContainers(lab.docker, SUITE);
      await lab.teardown();
    }
    // MLAB_KEEP_REPORT=DIR keeps the reports this run wrote (to read them, or render report.html to an image).
    if (outRoot && process.env.MLAB_KEEP_REPORT) fs.cpSync(outRoot, process.env.MLAB_KEEP_REPORT, { recursive: true });
    if (outRoot) fs.rmSync(outRoot, { recursive: true, force: true });
  });

  it('runs brute force (30), errors (20) and a short CPU stress through the core ScenarioRunner', async () => {
    rangeFrom = Date.now() - 5_000;
    const bf = await runner.bruteForce(target, DEFAULTS.bruteForce);
    assert.deepEqual(bf.counts, { 401: 30 });
    await sleep(3000);
    const er = await runner.errorBurst(target, DEFAULTS.errorBurst);
    assert.deepEqual(er.counts, { 500: 20 });
    await sleep(3000);
    const cpu = await runner.cpuStress(target, { workers: target.engineCpus, durationSeconds: 45 });
    assert.equal(cpu.cancelled, false);
    // Every event searchable, and the stress's last scrape in Prometheus.
    await waitFor(
      '30 failed logins and 20 errors in Elasticsearch',
      async () => (await logs.count('failed-logins', { from: rangeFrom })) === 30 && (await logs.count('errors', { from: rangeFrom })) === 20,
      30_000,
      500,
    );
    await sleep(2 * SCRAPE * 1000);
    rangeTo = Date.now();
  });

  it("generates a report whose numbers match the test's own Elasticsearch and Prometheus queries", async () => {
    reportDir = path.join(outRoot, 'full');
    const progress: string[] = [];
    const result = await generateLabReport({
      config: lab.config,
      docker: lab.docker,
      records: await runner.records.list(),
      detection: DEFAULT_DETECTION_SETTINGS,
      range: { from: rangeFrom, to: rangeTo },
      lang: 'en',
      formats: ['md', 'html'],
      outDir: reportDir,
      onProgress: (m) => progress.push(m),
    });
    model = result.model;
    assert.ok(progress.length >= 4, progress.join('\n'));
    assert.ok(model.sources.elasticsearch.ok && model.sources.prometheus.ok && model.sources.docker.ok, JSON.stringify(model.sources).slice(0, 500));
    assert.equal(model.sources.elasticsearch.ok && model.sources.elasticsearch.value.version, '9.5.3');
    assert.deepEqual(
      model.scenarios.map((s) => s.record.kind),
      ['brute-force', 'error-burst', 'cpu-stress'],
    );
    const [bf, er, cpu] = model.scenarios as [ScenarioSection, ScenarioSection, ScenarioSection];

    // Brute force: exact counts against our own _count over the same window; the real source.
    assert.ok(bf.logs.ok && er.logs.ok && model.logs.ok);
    assert.equal(bf.logs.value.failedLogins.count, 30);
    assert.equal(bf.logs.value.failedLogins.count, await logs.count('failed-logins', bf.window));
    assert.deepEqual(bf.logs.value.failedLogins.top['source.ip'], [{ value: '127.0.0.1', count: 30 }]);
    assert.deepEqual(bf.logs.value.failedLogins.top['user.name'], [{ value: 'admin', count: 30 }]);
    assert.equal(
      bf.logs.value.failedLogins.histogram.reduce((n, b) => n + b.count, 0),
      30,
      'the histogram holds every failure',
    );
    assert.equal(bf.mitigation, false);
    // Errors.
    assert.equal(er.logs.value.errors.count, 20);
    assert.equal(er.logs.value.errors.count, await logs.count('errors', er.window));
    assert.ok(
      (er.logs.value.errors.top['url.path'] ?? []).some((r) => r.value === '/error' && r.count === 20),
      JSON.stringify(er.logs.value.errors.top),
    );
    // Whole range.
    const range = { from: rangeFrom, to: rangeTo };
    assert.equal(model.logs.value.failedLogins.count, await logs.count('failed-logins', range));
    assert.equal(model.logs.value.errors.count, await logs.count('errors', range));
    assert.equal(model.logs.value.total, await logs.count('all', range));

    // CPU: the run's peak against our own max_over_time over the same aligned steps.
    assert.ok(cpu.cpu.ok && cpu.cpu.value.run, JSON.stringify(cpu.cpu));
    const run = cpu.cpu.value.run!;
    const start = Math.ceil(cpu.window.from / 1000 / SCRAPE) * SCRAPE;
    const end = Math.floor(cpu.window.to / 1000 / SCRAPE) * SCRAPE;
    const [own] = await prom.query(maxOverTime(hostCpuBusy(SCRAPE), end - start + SCRAPE, SCRAPE), end);
    assert.ok(own, 'our own max_over_time answered');
    seen.push(
      `CPU peak: report ${run.max.toFixed(2)} %, own query ${(own.value * 100).toFixed(2)} %; baseline mean ${cpu.cpu.value.baseline?.mean.toFixed(1)} %`,
    );
    assert.ok(Math.abs(run.max - own.value * 100) <= 1, `report ${run.max} vs Prometheus ${own.value * 100}`);
    assert.ok(run.peakAt >= cpu.window.from && run.peakAt <= cpu.window.to);

    // Rules re-evaluated over the stored data: the brute-force and error-burst rules fired for their runs.
    assert.equal(bf.alerts[0]?.ruleId, 'brute-force', JSON.stringify(bf.alerts));
    assert.equal(er.alerts[0]?.ruleId, 'error-burst', JSON.stringify(er.alerts));
    const delay = bf.alerts[0]!.firedAt - bf.lastActivityAt!;
    seen.push(`brute-force rule re-evaluated: fired ${delay} ms after the last failed login; cpu alerts: ${JSON.stringify(cpu.alerts.map((a) => a.summary))}`);
    assert.ok(Math.abs(delay) < 5_000, `fired ${delay} ms from the last failure`);
  });

  it('report.md names the real source and the measured numbers; report.html is self-contained', () => {
    const md = fs.readFileSync(path.join(reportDir, 'report.md'), 'utf8');
    assert.match(md, /30 failed logins from .* from 1 source\(s\)/);
    assert.ok(md.includes('127\\.0\\.0\\.1 (30)'), 'the source, escaped, with its count');
    assert.match(md, /Brute Force \(T1110\)/);
    assert.match(md, /Brute\\-force login attempts fired at/);
    for (const chart of ['failed-logins', 'errors', 'cpu', 'memory']) {
      assert.ok(md.includes(`](charts/${chart}.svg)`), chart);
      assert.match(fs.readFileSync(path.join(reportDir, 'charts', `${chart}.svg`), 'utf8'), /^<svg xmlns/);
    }
    const html = fs.readFileSync(path.join(reportDir, 'report.html'), 'utf8');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/);
    assert.doesNotMatch(html, /<script|\bsrc="/);
    assert.equal((html.match(/<svg /g) ?? []).length, 4);
  });

  it('events.ndjson holds exactly the events of the range, once each, oldest first', async () => {
    const lines = fs
      .readFileSync(path.join(reportDir, 'events.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { '@timestamp': string; event?: { id?: string; action?: string } });
    assert.equal(lines.length, await logs.count('all', { from: rangeFrom, to: rangeTo }));
    const times = lines.map((l) => Date.parse(l['@timestamp']));
    assert.ok(
      times.every((t) => t >= rangeFrom && t < rangeTo),
      'every event inside the range',
    );
    assert.deepEqual(
      [...times].sort((a, b) => a - b),
      times,
      'oldest first',
    );
    const ids = lines.map((l) => l.event?.id);
    assert.equal(new Set(ids).size, ids.length, 'no event twice');
    assert.equal(lines.filter((l) => l.event?.action === 'login-failed').length, 30);
  });

  it('SHA256SUMS verifies every file; no secret is in any file', () => {
    const listed = verifyManifest(reportDir);
    const files = allFiles(reportDir).filter((f) => f !== 'SHA256SUMS');
    assert.deepEqual([...listed].sort(), [...files].sort());
    for (const f of files) {
      const text = fs.readFileSync(path.join(reportDir, f), 'utf8');
      for (const secret of Object.values(lab.secrets) as string[]) assert.ok(!text.includes(secret), `${f} holds a secret`);
    }
  });

  it('the CLI writes a report as a child process (exit 0, prints the folder); a bad flag is a usage error (exit 2)', async () => {
    // The CLI reads the same lab: its ports, project, folder (records, secrets) and index, from a config file.
    const c = lab.config;
    const configFile = path.join(outRoot, 'cli-config.json');
    const cliInput = {
      profile: c.profile,
      networkMode: c.networkMode,
      projectName: c.projectName,
      labBaseDir: c.labBaseDir,
      stackSourceDir: c.stackSourceDir,
      stackVersion: c.stackVersion,
      ports: c.ports,
      logIndex: c.logIndex,
    };
    fs.writeFileSync(configFile, JSON.stringify(cliInput));
    const out = path.join(outRoot, 'cli');
    const ok = await runCli([
      'report',
      '--config',
      configFile,
      '--from',
      new Date(rangeFrom).toISOString(),
      '--to',
      new Date(rangeTo).toISOString(),
      '--out',
      out,
      '--lang',
      'id',
      '--format',
      'md',
    ]);
    assert.equal(ok.code, 0, `${ok.stdout}\n${ok.stderr}`);
    assert.equal(ok.stdout.trim().split('\n').pop(), out);
    assert.match(ok.stdout, /\[report\] /, 'progress lines');
    const md = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
    assert.match(md, /30 login gagal/);
    assert.match(md, /Serangan brute force/);
    assert.ok(!fs.existsSync(path.join(out, 'report.html')));
    verifyManifest(out);
    const bad = await runCli(['report', '--config', configFile, '--last', 'two hours']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--last must look like/);
  });

  it('the CLI exercise runs the seed exercise and its exit code says whether every expected alert fired (JUnit agrees)', async () => {
    const c = lab.config;
    const configFile = path.join(outRoot, 'cli-config.json');
    const out = path.join(outRoot, 'exercise');
    const run = await runCli(['exercise', '--config', configFile, '--cpu-seconds', '45', '--gap', '5', '--out', out]);
    seen.push(`exercise exit ${run.code}; verdict:\n${run.stdout.split('Verdict:')[1] ?? run.stdout.slice(-1500)}`);
    assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}\n${run.stdout}\n${run.stderr}`);
    assert.equal(run.stdout.trim().split('\n').pop(), out);
    const junit = fs.readFileSync(path.join(out, 'exercise-junit.xml'), 'utf8');
    const failures = Number(/failures="(\d+)"/.exec(junit)?.[1]);
    assert.equal((junit.match(/<testcase /g) ?? []).length, 3);
    assert.equal(run.code === 0, failures === 0, `exit ${run.code} but ${failures} failures in the JUnit file`);
    // The log rules fire on this bed every time; the CPU one depends on the bed's other load, so only its agreement is checked.
    assert.match(junit, /name="brute-force → brute-force" time="[\d.]+"><system-out>/);
    assert.match(junit, /name="error-burst → error-burst" time="[\d.]+"><system-out>/);
    assert.match(run.stdout, /PASS {2}brute-force/);
    // The alert history was stored in the lab folder for later reports.
    const stored = JSON.parse(fs.readFileSync(path.join(c.labBaseDir, `stack-${c.stackVersion}`, 'alert-history.json'), 'utf8')) as Array<{ ruleId: string }>;
    assert.ok(stored.some((a) => a.ruleId === 'brute-force'));
    assert.ok(verifyManifest(out).includes('exercise-junit.xml'));
  });

  it('Mitigation Demo: the report shows the attempts before the lockout and the 429s, from Elasticsearch and the record', async () => {
    const app = lab.app();
    // The app counts failures per source even with the lockout off; a correct login clears this source's count.
    assert.equal(await app.login('demo', lab.secrets.demoPassword), 200);
    await app.setLockout({ enabled: true, threshold: 5, window_seconds: 60 });
    const from = Date.now() - 1000;
    let counts: Record<string, number>;
    try {
      counts = (await runner.bruteForce(target, { ...DEFAULTS.bruteForce, concurrency: 1 })).counts;
    } finally {
      await app.setLockout({ enabled: false });
    }
    assert.deepEqual(counts, { 401: 5, 429: 25 });
    await waitFor('25 lockout events', async () => (await logs.count('lockouts', { from })) === 25, 30_000, 500);
    const to = Date.now();
    const dir = path.join(outRoot, 'mitigation');
    const { model: m } = await generateLabReport({
      config: lab.config,
      docker: lab.docker,
      records: await runner.records.list(),
      detection: DEFAULT_DETECTION_SETTINGS,
      range: { from, to },
      lang: 'en',
      formats: ['md'],
      outDir: dir,
    });
    const run = m.scenarios.find((s) => s.record.startedAt >= from)!;
    assert.ok(run.mitigation, 'recognised as the Mitigation Demo');
    assert.ok(run.logs.ok);
    assert.equal(run.logs.value.failedLogins.count, await logs.count('failed-logins', run.window));
    assert.equal(run.logs.value.failedLogins.count, 5);
    assert.equal(run.logs.value.lockouts, 25);
    const md = fs.readFileSync(path.join(dir, 'report.md'), 'utf8');
    assert.match(md, /Mitigation Demo \(lockout vs brute force\)/);
    assert.match(
      md,
      /With the lockout on, 5 attempts were rejected as wrong passwords before the lockout took over; then 25 attempts were blocked \(lockout events in Elasticsearch\) and the runner received 25 answers 429\./,
    );
  });

  it('Elasticsearch stopped → the report is still written, its sections marked with the reason', async () => {
    const es = await lab.container('elasticsearch');
    await es.stop({ t: 10 });
    try {
      const dir = path.join(outRoot, 'no-es');
      const { model: m, written } = await generateLabReport({
        config: lab.config,
        docker: lab.docker,
        records: await runner.records.list(),
        detection: DEFAULT_DETECTION_SETTINGS,
        range: { from: rangeFrom, to: rangeTo },
        lang: 'en',
        formats: ['md', 'html'],
        outDir: dir,
      });
      assert.equal(m.sources.elasticsearch.ok, false);
      assert.equal(m.logs.ok, false);
      assert.ok(m.sources.prometheus.ok, 'Prometheus still read');
      assert.ok(m.scenarios[2]!.cpu.ok, 'the CPU run still measured');
      assert.equal(m.scenarios[0]!.logs.ok, false);
      const md = fs.readFileSync(path.join(dir, 'report.md'), 'utf8');
      assert.match(md, /Elasticsearch: NOT READ — Elasticsearch at http\\:\/\/127\\\.0\\\.0\\\.1:\d+ is unreachable/);
      assert.match(md, /No chart: Elasticsearch/);
      assert.match(md, /Unknown: Elasticsearch/, 'the brute-force verdict is unknown, not "did not fire"');
      assert.doesNotMatch(md, /30 failed logins/);
      assert.equal(fs.readFileSync(path.join(dir, 'events.ndjson'), 'utf8'), '');
      assert.deepEqual(written.events && typeof written.events === 'object' && 'error' in written.events, true);
      verifyManifest(dir);
    } finally {
      await es.start().catch(() => undefined);
    }
  });
});
