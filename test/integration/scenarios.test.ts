// Scenario commands for real: the ScenarioRunner drives the running lite lab (app, Elasticsearch, Prometheus,
// Node Exporter) on the test bed's engine, and every effect is checked where a person would see it —
// documents in Elasticsearch, host CPU and memory in Prometheus, containers on the engine, the run records.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Docker from 'dockerode';
import { TEST_LABEL, removeSuiteContainers, waitFor } from './fixtures/engine';
import type { TestLab } from './fixtures/lab';
import { startTestLab } from './fixtures/lab';
import { LabAppClient } from '../../src/core/app/labAppClient';
import type { LogStore } from '../../src/core/logs/logStore';
import type { PrometheusClient } from '../../src/core/metrics/prometheusClient';
import { hostCpuBusy, hostMemoryAvailableBytes } from '../../src/core/metrics/promql';
import type { EngineStats } from '../../src/core/docker/containerStats';
import { memoryUsageBytes } from '../../src/core/docker/containerStats';
import { removeContainerQuietly } from '../../src/core/docker/containers';
import { DEFAULTS, memoryCapMegabytes } from '../../src/core/scenarios/params';
import type { RecordBacking, ScenarioRecord } from '../../src/core/scenarios/records';
import { ScenarioRecords } from '../../src/core/scenarios/records';
import type { ScenarioProgress } from '../../src/core/scenarios/httpScenarios';
import type { ScenarioTarget } from '../../src/core/scenarios/scenarioRunner';
import { ScenarioRunner } from '../../src/core/scenarios/scenarioRunner';
import { PROJECT_LABEL, SCENARIO_LABEL, SCENARIO_RUN_LABEL, removeScenarioContainers } from '../../src/core/scenarios/stressContainers';

/** startTestLab adds the process id to the project name (concurrent runs never collide; dead runs are swept). */
const SUITE = 'scen';
/** Label value of the containers this run makes by hand: this process's only. */
const OWN_CONTAINERS = `${SUITE}-${process.pid}`;
/** The lab app's image: the stress containers run on it (nothing is pulled). */
const STRESS_IMAGE = 'monitoring-lab/app:0.1.0';
/** The stack's Prometheus scrape interval (resources/stack/prometheus/prometheus.yml). */
const SCRAPE_SECONDS = 5;
const MB = 1024 * 1024;

/** The CLI's kind of backing: a JSON file. */
function fileBacking(file: string): RecordBacking {
  return {
    load: () => (fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as unknown) : undefined),
    save: (records: ScenarioRecord[]) => fs.writeFileSync(file, JSON.stringify(records)),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const pct = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;
const mb = (bytes: number) => `${Math.round(bytes / MB)} MB`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `count()` equals `expected`, then checks it stays there (nothing late, nothing doubled). */
async function settlesAt(what: string, count: () => Promise<number>, expected: number, timeoutMs: number): Promise<void> {
  let last = -1;
  try {
    await waitFor(`${what}: ${expected} documents`, async () => (last = await count()) === expected, timeoutMs, 500);
  } catch (err) {
    throw new Error(`${(err as Error).message} (last count ${last})`, { cause: err });
  }
  await sleep(1500);
  assert.equal(await count(), expected, `${what}: the count moved after settling`);
}

describe('integration: scenarios on the running lab', function () {
  this.timeout(120_000);
  let lab: TestLab;
  let logs: LogStore;
  let prom: PrometheusClient;
  let docker: Docker;
  let project: string;
  let target: ScenarioTarget;
  let recordsFile: string;
  let runner: ScenarioRunner;
  const seen: string[] = [];

  /** Every scenario container of this lab's project (running or not). */
  const scenarioContainers = () => docker.listContainers({ all: true, filters: { label: [`${PROJECT_LABEL}=${project}`, SCENARIO_LABEL] } });

  /** Instant query with exactly one series; throws otherwise (so waitFor keeps polling). */
  async function promValue(query: string): Promise<number> {
    const result = await prom.query(query);
    if (result.length !== 1 || !Number.isFinite(result[0]!.value)) throw new Error(`${query} returned ${JSON.stringify(result)}`);
    return result[0]!.value;
  }

  /** Samples `query` every `everyMs` for `forMs`; the median. */
  async function medianOf(query: string, forMs: number, everyMs: number): Promise<{ median: number; samples: number[] }> {
    const samples: number[] = [];
    const end = Date.now() + forMs;
    while (Date.now() < end) {
      samples.push(await promValue(query));
      await sleep(everyMs);
    }
    return { median: median(samples), samples };
  }

  /** The app's own counter of failed logins (what reached it), from its /metrics. */
  async function appFailedLogins(): Promise<number> {
    const text = await (await fetch(`${lab.url('app')}/metrics`, { signal: AbortSignal.timeout(3000) })).text();
    const match = /^lab_failed_logins_total\s+(\S+)/m.exec(text);
    assert.ok(match, 'lab_failed_logins_total in the app /metrics');
    return Number(match[1]);
  }

  /**
   * The app's failed-login counter once requests already handed over before a cancel have been served: requests
   * sitting in the server's accept queue may still count a moment after the client gave up on them. Settled =
   * the same value twice, 500 ms apart (a run still sending adds ~100 in that time).
   */
  async function settledFailedLogins(): Promise<number> {
    let previous = await appFailedLogins();
    const settled = await waitFor(
      'the failed-login counter to settle',
      async () => {
        await sleep(500);
        const now = await appFailedLogins();
        const same = now === previous;
        previous = now;
        return same ? { value: now } : undefined;
      },
      10_000,
      0,
    );
    return settled.value;
  }

  async function recordOf(id: string): Promise<ScenarioRecord> {
    const record = (await runner.records.list()).find((r) => r.id === id);
    assert.ok(record, `record ${id} exists`);
    return record;
  }

  before(async function () {
    this.timeout(300_000);
    const started = Date.now();
    lab = await startTestLab(SUITE);
    seen.push(`lab up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    docker = lab.docker;
    project = lab.config.projectName;
    logs = lab.logStore();
    prom = lab.prometheus();
    const images = await docker.listImages({ filters: { reference: [STRESS_IMAGE] } });
    assert.equal(images.length, 1, `the lab built ${STRESS_IMAGE}`);
    const info = (await docker.info()) as { NCPU: number; MemTotal: number };
    target = {
      app: lab.app(),
      demoPassword: lab.secrets.demoPassword,
      docker,
      stressImage: STRESS_IMAGE,
      project,
      engineCpus: info.NCPU,
      memoryCapMb: memoryCapMegabytes(1024, info.MemTotal),
    };
    recordsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `mlab-${OWN_CONTAINERS}-records-`)), 'scenario-records.json');
    runner = new ScenarioRunner(new ScenarioRecords(fileBacking(recordsFile)));
  });

  after(async function () {
    this.timeout(120_000);
    if (seen.length) console.log(`\n    numbers seen:\n${seen.map((s) => `      ${s}`).join('\n')}`);
    if (!lab) return;
    await runner?.stopAll(docker, project).catch(() => undefined);
    await lab
      .app()
      .setLockout({ enabled: false })
      .catch(() => undefined);
    await removeSuiteContainers(docker, OWN_CONTAINERS);
    await lab.teardown();
    if (recordsFile) fs.rmSync(path.dirname(recordsFile), { recursive: true, force: true });
  });

  it('brute force with defaults → exactly 30 failed-login documents, 30 × 401, and a recorded run', async () => {
    const since = Date.now() - 1000;
    const summary = await runner.bruteForce(target, DEFAULTS.bruteForce);
    assert.deepEqual(summary.counts, { 401: 30 });
    assert.equal(summary.cancelled, false);
    await settlesAt('failed logins', () => logs.count('failed-logins', { from: since }), 30, 30_000);
    const events = await logs.search('failed-logins', { from: since }, 100);
    assert.deepEqual([...new Set(events.map((e) => e.userName))], ['admin']);

    const record = await recordOf(summary.recordId);
    assert.equal(record.kind, 'brute-force');
    assert.deepEqual(record.params, { ...DEFAULTS.bruteForce });
    assert.equal(record.outcome, 'completed');
    assert.deepEqual(record.counts, { 401: 30 });
    assert.ok(
      record.startedAt >= since && record.endedAt! >= record.startedAt && record.endedAt! <= Date.now(),
      `start ${record.startedAt} ≤ end ${record.endedAt}`,
    );
    // The CLI's file backing: a fresh store reads the same record back.
    const reloaded = (await new ScenarioRecords(fileBacking(recordsFile)).list()).find((r) => r.id === summary.recordId);
    assert.deepEqual(reloaded, record);
  });

  it('brute force ending with the right password → the attacker gets in (200) on the demo account', async () => {
    const since = Date.now();
    const summary = await runner.bruteForce(target, { ...DEFAULTS.bruteForce, count: 3, concurrency: 1, finalCorrectPassword: true });
    assert.deepEqual(summary.counts, { 401: 3, 200: 1 });
    await waitFor(
      'the login-succeeded event of the final attempt',
      async () => {
        const auth = await logs.search('auth', { from: since }, 50);
        return auth.some((e) => e.action === 'login-succeeded' && e.userName === 'demo');
      },
      30_000,
      500,
    );
  });

  it('mitigation: with lockout on, 429s start after the threshold (even for the right password) and are in Elasticsearch', async () => {
    const app = lab.app();
    // The app counts failures per source even while the lockout is off: the previous test's 30 would lock us out
    // at once. A correct login clears the source's failures.
    assert.equal(await app.login('demo', lab.secrets.demoPassword), 200);
    const state = await app.setLockout({ enabled: true, threshold: 5, window_seconds: 60 });
    assert.deepEqual(state, { enabled: true, threshold: 5, window_seconds: 60 });
    try {
      const since = Date.now(); // After the reset login above, which must not count.
      const progress: ScenarioProgress[] = [];
      const summary = await runner.bruteForce(
        target,
        { count: 12, concurrency: 1, delayMs: 0, usernames: ['admin'], finalCorrectPassword: true },
        { onProgress: (p) => progress.push(p) },
      );
      // Sequential: the first 5 are plain failures, the other 7 and the final correct password are refused.
      assert.deepEqual(summary.counts, { 401: 5, 429: 8 });
      assert.deepEqual(
        progress.slice(0, 6).map((p) => p.counts['429'] ?? 0),
        [0, 0, 0, 0, 0, 1],
        'the first 429 is the 6th response',
      );
      assert.equal(progress.at(-1)!.done, 13);
      await settlesAt('failed logins under lockout', () => logs.count('failed-logins', { from: since }), 5, 30_000);
      let lockedOut = 0;
      await waitFor(
        '8 login-locked-out events in Elasticsearch',
        async () => (lockedOut = (await logs.search('auth', { from: since }, 100)).filter((e) => e.action === 'login-locked-out').length) === 8,
        30_000,
        500,
      ).catch((err: Error) => assert.fail(`${err.message} (last count ${lockedOut})`));
      assert.equal(
        (await logs.search('auth', { from: since }, 100)).filter((e) => e.action === 'login-succeeded').length,
        0,
        'the right password did not get in',
      );
    } finally {
      assert.deepEqual(await app.setLockout({ enabled: false }), { enabled: false, threshold: 5, window_seconds: 60 });
      assert.equal(await app.login('demo', lab.secrets.demoPassword), 200, 'lockout off: the demo account logs in again');
    }
  });

  it('the admin endpoint refuses a wrong token (403) and the client says so clearly', async () => {
    const wrong = new LabAppClient(lab.url('app'), 'not-the-admin-token');
    await assert.rejects(wrong.getLockout(), /refused the admin token \(403\)/);
    await assert.rejects(wrong.setLockout({ enabled: true }), /refused the admin token \(403\)/);
    assert.equal((await lab.app().getLockout()).enabled, false, 'a refused change changed nothing');
    const raw = await fetch(`${lab.url('app')}/admin/lockout`, { headers: { authorization: 'Bearer not-the-admin-token' }, signal: AbortSignal.timeout(3000) });
    assert.equal(raw.status, 403);
    await assert.rejects(new LabAppClient(lab.url('app')).getLockout(), /admin token is unknown/);
  });

  it('error burst of 10 → 10 ERROR documents and 10 × 500', async () => {
    const since = Date.now() - 1000;
    const started = Date.now();
    const summary = await runner.errorBurst(target, { count: 10, spreadSeconds: 2 });
    const took = Date.now() - started;
    assert.deepEqual(summary.counts, { 500: 10 });
    assert.ok(took >= 1800, `10 requests are spread over 2 s (took ${took} ms)`);
    await settlesAt('ERROR documents', () => logs.count('errors', { from: since }), 10, 30_000);
    const record = await recordOf(summary.recordId);
    assert.equal(record.kind, 'error-burst');
    assert.equal(record.outcome, 'completed');
    assert.deepEqual(record.counts, { 500: 10 });
  });

  it('CPU stress, 2 workers for 20 s → host CPU busy ≥ 40 pp above baseline in Prometheus, back within 30 s', async function () {
    this.timeout(150_000);
    const query = hostCpuBusy(SCRAPE_SECONDS);
    await waitFor(`a host CPU value from Prometheus (${query})`, () => promValue(query).then(() => true), 60_000, 1000);
    const baseline = await medianOf(query, 15_000, 2500);
    seen.push(`CPU baseline ${pct(baseline.median)} (median of ${baseline.samples.map(pct).join(', ')})`);
    if (baseline.median > 0.55) {
      assert.fail(
        `host CPU baseline is ${pct(baseline.median)} (median over 15 s: ${baseline.samples.map(pct).join(', ')}): above 55%, ` +
          'a 2-worker stress cannot show +40 percentage points on this engine; the machine is busy with other work, rerun when it is quieter',
      );
    }

    const started = Date.now();
    let ended = 0;
    const run = runner.cpuStress(target, { workers: 2, durationSeconds: 20 }).finally(() => (ended = Date.now()));
    run.catch(() => undefined);
    const containers = await waitFor(
      'the running cpu-stress container',
      async () => {
        const list = await scenarioContainers();
        return list.length === 1 && list[0]!.State === 'running' && list[0]!.Labels[SCENARIO_LABEL] === 'cpu-stress' ? list : undefined;
      },
      15_000,
    );
    assert.equal(containers.length, 1);

    const samples: Array<{ t: number; busy: number }> = [];
    let peak = { t: 0, busy: -1 };
    let recoveredAt = 0;
    const recovered = baseline.median + 0.2;
    // Bounded: the run (20 s + start), then at most 30 s after it ends.
    while (Date.now() - started < 90_000) {
      const t = Date.now();
      const busy = await promValue(query).catch(() => NaN);
      if (Number.isFinite(busy)) {
        samples.push({ t, busy });
        if (busy > peak.busy) peak = { t, busy };
        if (ended && t > ended + 5000 && t > peak.t && busy <= recovered) {
          recoveredAt = t;
          break;
        }
      }
      if (ended && t > ended + 30_000) break;
      await sleep(2000);
    }
    const summary = await run;
    const rise = peak.busy - baseline.median;
    seen.push(
      `CPU peak ${pct(peak.busy)} at +${((peak.t - started) / 1000).toFixed(0)} s (rise ${(rise * 100).toFixed(1)} pp); run took ${((ended - started) / 1000).toFixed(1)} s; ` +
        (recoveredAt ? `back to ≤ ${pct(recovered)} ${((recoveredAt - ended) / 1000).toFixed(1)} s after the end` : 'not back within 30 s'),
    );
    seen.push(`CPU samples: ${samples.map((s) => `+${((s.t - started) / 1000).toFixed(0)}s ${pct(s.busy)}`).join(', ')}`);
    assert.equal(summary.cancelled, false);
    assert.equal(summary.counts.exitCode, 0, `the stress script exited 0 (${JSON.stringify(summary.counts)})`);
    assert.ok(rise >= 0.4, `host CPU rose only ${(rise * 100).toFixed(1)} pp (baseline ${pct(baseline.median)}, peak ${pct(peak.busy)}); expected ≥ 40 pp`);
    assert.ok(
      recoveredAt > 0,
      `host CPU not back to ≤ ${pct(recovered)} (baseline + 20 pp) within 30 s after the run; last ${pct(samples.at(-1)?.busy ?? NaN)}`,
    );
    assert.equal((await scenarioContainers()).length, 0, 'the stress container is removed after the run');
    const record = await recordOf(summary.recordId);
    assert.equal(record.kind, 'cpu-stress');
    assert.equal(record.outcome, 'completed');
    assert.deepEqual(record.params, { workers: 2, durationSeconds: 20 });
  });

  it('memory pressure of 256 MB → container ≥ 200 MB (engine stats), host available −150 MB (Node Exporter), both return', async function () {
    this.timeout(120_000);
    const query = hostMemoryAvailableBytes();
    const timeline: Array<{ t: number; v: number }> = [];
    const sample = async () => {
      const v = await promValue(query).catch(() => NaN);
      if (Number.isFinite(v)) timeline.push({ t: Date.now(), v });
      return v;
    };
    const between = (from: number, to: number) => timeline.filter((x) => x.t >= from && x.t <= to).map((x) => x.v);
    const at = (t: number) => ((t - started) / 1000).toFixed(1);

    // Baseline: ~10 s (two or three scrapes). Other work on the machine moves host memory too, so the drop is
    // measured across the allocation itself — the scrape just before the start against the scrapes while the memory
    // is held — and the baseline's own movement is reported beside it.
    let started = Date.now() + 10_000;
    while (Date.now() < started) {
      await sample();
      await sleep(1000);
    }
    const base = timeline.map((x) => x.v);
    assert.ok(base.length >= 5, `host available memory from Prometheus during the baseline (got ${base.length} samples)`);
    const baseline = median(base);
    const pre = base.at(-1)!;
    const noise = Math.max(...base) - Math.min(...base);
    seen.push(`memory available baseline ${mb(baseline)} (median over 10 s, moved by ${mb(noise)}); just before the start ${mb(pre)}`);
    const noiseNote = `(host available moved by ${mb(noise)} within the 10 s before the run on its own: other work on the machine)`;

    started = Date.now();
    let ended = 0;
    const run = runner.memoryPressure(target, { megabytes: 256, durationSeconds: 20 }).finally(() => (ended = Date.now()));
    run.catch(() => undefined);
    // The container's own memory (engine one-shot stats), polled beside Prometheus so neither slows the other.
    let containerPeak = 0;
    let allocatedAt = 0;
    const statsPoll = (async () => {
      while (!ended && Date.now() - started < 50_000) {
        const [c] = await scenarioContainers().catch(() => []);
        if (c && c.State === 'running') {
          const stats = (await docker
            .getContainer(c.Id)
            .stats({ stream: false })
            .catch(() => undefined)) as EngineStats | undefined;
          if (stats) containerPeak = Math.max(containerPeak, memoryUsageBytes(stats));
          if (!allocatedAt && containerPeak >= 200 * MB) allocatedAt = Date.now();
        }
        await sleep(500);
      }
    })();
    // Bounded: 20 s of run plus start-up.
    while (!ended && Date.now() - started < 50_000) {
      await sample();
      await sleep(1000);
    }
    const summary = await run;
    await statsPoll;
    assert.equal((await scenarioContainers()).length, 0, 'the memory container is removed after the run (its memory is freed)');
    // "Held": scrapes taken at least one scrape interval after the allocation and before the container exited.
    const during = allocatedAt ? between(allocatedAt + SCRAPE_SECONDS * 1000 + 500, ended - 1500) : [];
    const held = during.length ? median(during) : NaN;
    const drop = pre - held;
    const heldMoved = during.length ? Math.max(...during) - Math.min(...during) : NaN;
    const movement = `${noiseNote.slice(0, -1)}; ${mb(heldMoved)} while the memory was held)`;
    // "Back": the memory shows up as available again, judged only on samples taken after the container is gone.
    let backAt = 0;
    let after = NaN;
    while (Date.now() - ended < 30_000) {
      after = await sample();
      if (after - held >= 150 * MB) {
        backAt = Date.now();
        break;
      }
      await sleep(1000);
    }
    seen.push(
      `memory: container peak ${mb(containerPeak)} (200 MB at +${allocatedAt ? at(allocatedAt) : '-'} s, run ended +${at(ended)} s); ` +
        `host available while held ${mb(held)} (median of ${during.length}, moved by ${mb(heldMoved)}), drop ${mb(drop)}; ` +
        (backAt
          ? `back up +${mb(after - held)} to ${mb(after)} ${((backAt - ended) / 1000).toFixed(1)} s after the end`
          : `not back within 30 s (last ${mb(after)})`),
    );
    seen.push(
      `memory timeline (s: MB available): ${timeline
        .filter((x) => x.t >= started)
        .map((x) => `${at(x.t)}:${Math.round(x.v / MB)}`)
        .join(' ')}`,
    );
    assert.equal(summary.cancelled, false);
    assert.equal(summary.counts.exitCode, 0, `the memory script exited 0, not OOM-killed (${JSON.stringify(summary.counts)})`);
    assert.ok(containerPeak >= 200 * MB, `stress container memory peaked at ${mb(containerPeak)}; expected ≥ 200 MB`);
    assert.ok(during.length >= 5, `Prometheus samples while the memory was held (got ${during.length})`);
    assert.ok(
      drop >= 150 * MB,
      `host available memory dropped only ${mb(drop)} (${mb(pre)} just before, ${mb(held)} while held); expected ≥ 150 MB ${movement}`,
    );
    assert.ok(backAt, `host available memory did not rise ≥ 150 MB from ${mb(held)} within 30 s after the run; last ${mb(after)} ${movement}`);
    assert.equal((await recordOf(summary.recordId)).outcome, 'completed');
  });

  it('cancel mid brute force → stops at once, no more requests reach the app, recorded as cancelled', async () => {
    const before = await appFailedLogins();
    const abort = new AbortController();
    let latest: ScenarioProgress | undefined;
    const run = runner.bruteForce(
      target,
      { count: 10_000, concurrency: 4, delayMs: 20, usernames: ['admin', 'root'], finalCorrectPassword: false },
      {
        signal: abort.signal,
        onProgress: (p) => (latest = p),
      },
    );
    await waitFor('20 brute-force responses before cancelling', async () => (latest?.done ?? 0) >= 20, 20_000, 50);
    const t0 = Date.now();
    abort.abort();
    const summary = await run;
    const stoppedIn = Date.now() - t0;
    assert.ok(stoppedIn <= 2000, `the run ended ${stoppedIn} ms after cancel`);
    assert.equal(summary.cancelled, true);
    const sent = summary.counts['401'] ?? 0;
    assert.ok(sent >= 20 && sent < 10_000, `${sent} answered before the cancel`);
    const atCancel = await settledFailedLogins();
    // In-flight requests may have reached the app just before being aborted: at most one per worker.
    assert.ok(atCancel - before >= sent && atCancel - before <= sent + 4, `app counted ${atCancel - before}, runner got ${sent} answers`);
    // Observing "no more" needs an interval: the counter stays put for 2 s (a running run would add ~400).
    for (let i = 0; i < 4; i++) {
      await sleep(500);
      assert.equal(await appFailedLogins(), atCancel, 'failed logins kept arriving after the cancel');
    }
    const record = await recordOf(summary.recordId);
    assert.equal(record.outcome, 'cancelled');
    assert.deepEqual(record.counts, summary.counts);
    seen.push(`cancel brute force: ended ${stoppedIn} ms after cancel, ${sent} answers, app counted ${atCancel - before}`);
  });

  it('cancel mid CPU stress → its container is gone within 2 s, recorded as cancelled', async () => {
    const abort = new AbortController();
    const run = runner.cpuStress(target, { workers: 1, durationSeconds: 60 }, { signal: abort.signal });
    run.catch(() => undefined);
    await waitFor('the running cpu-stress container', async () => (await scenarioContainers()).some((c) => c.State === 'running'), 15_000);
    const t0 = Date.now();
    abort.abort();
    await waitFor('no scenario container after cancel', async () => (await scenarioContainers()).length === 0, 2000, 100);
    const goneIn = Date.now() - t0;
    const summary = await run;
    assert.equal(summary.cancelled, true);
    assert.ok(Date.now() - t0 < 5000, 'the run settled soon after its container went');
    assert.equal((await recordOf(summary.recordId)).outcome, 'cancelled');
    assert.deepEqual(runner.runningKinds(), []);
    seen.push(`cancel CPU stress: container gone ${goneIn} ms after cancel`);
  });

  it('Stop All with brute force, CPU stress and memory pressure running → all gone, all records closed', async () => {
    const before = await appFailedLogins();
    let bruteDone = 0;
    const runs = [
      runner.bruteForce(
        target,
        { count: 10_000, concurrency: 1, delayMs: 100, usernames: ['admin'], finalCorrectPassword: false },
        { onProgress: (p) => (bruteDone = p.done) },
      ),
      runner.cpuStress(target, { workers: 1, durationSeconds: 60 }),
      runner.memoryPressure(target, { megabytes: 64, durationSeconds: 60 }),
    ];
    for (const r of runs) void r.catch(() => undefined);
    await waitFor(
      'two running stress containers and brute-force traffic',
      async () => {
        const list = await scenarioContainers();
        return list.filter((c) => c.State === 'running').length === 2 && bruteDone > 0;
      },
      20_000,
    );
    assert.deepEqual([...runner.runningKinds()].sort(), ['brute-force', 'cpu-stress', 'memory-pressure']);

    const t0 = Date.now();
    const stopped = await runner.stopAll(docker, project);
    assert.equal(stopped, 3);
    const summaries = await Promise.all(runs);
    const tookMs = Date.now() - t0;
    assert.ok(tookMs <= 2000, `Stop All and the three runs ended within 2 s (took ${tookMs} ms)`);
    assert.deepEqual(await scenarioContainers(), [], 'no scenario container of the project is left');
    assert.deepEqual(runner.runningKinds(), []);
    for (const s of summaries) {
      assert.equal(s.cancelled, true, `${s.kind} reports cancelled`);
      const record = await recordOf(s.recordId);
      assert.equal(record.outcome, 'cancelled', `${s.kind} record`);
      assert.ok(record.endedAt && record.endedAt >= t0, `${s.kind} record has an end time after Stop All`);
    }
    const atStop = await settledFailedLogins();
    await sleep(1000);
    assert.equal(await appFailedLogins(), atStop, 'brute-force traffic continued after Stop All');
    assert.ok(atStop > before);
    seen.push(`Stop All: three runs ended ${tookMs} ms after Stop All`);
  });

  it('a leftover scenario container (as a crash leaves it) is found by label and removed; other projects are untouched', async () => {
    const make = (proj: string, name: string) =>
      docker
        .createContainer({
          name: `${proj}-scenario-${name}`,
          Image: STRESS_IMAGE,
          Entrypoint: ['python', '-c', 'import time; time.sleep(120)'],
          Cmd: [],
          User: '65534:65534',
          Labels: { [SCENARIO_LABEL]: 'cpu-stress', [SCENARIO_RUN_LABEL]: 'crashed-run', [PROJECT_LABEL]: proj, [TEST_LABEL]: OWN_CONTAINERS },
          NetworkDisabled: true,
          HostConfig: { NetworkMode: 'none', Init: true },
        })
        .then(async (c) => {
          await c.start();
          return c;
        });
    const leftover = await make(project, 'leftover');
    const other = await make(`${project}-other`, 'not-ours');
    try {
      assert.equal((await scenarioContainers()).length, 1);
      assert.equal(await removeScenarioContainers(docker, project), 1);
      assert.deepEqual(await scenarioContainers(), []);
      await assert.rejects(leftover.inspect(), (err: { statusCode?: number }) => err.statusCode === 404);
      assert.equal((await other.inspect()).State.Running, true, "another project's scenario container is not touched");
    } finally {
      await removeContainerQuietly(leftover);
      await removeContainerQuietly(other);
    }
  });
});
