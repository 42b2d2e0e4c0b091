// Detection against the real test bed, default settings: the lab (app → Elasticsearch, Node Exporter →
// Prometheus) runs on the bed's engine; scenarios go through the real scenario runner; the rules read the
// evidence where a deployment would (Elasticsearch, Prometheus, the engine's container states).
import * as assert from 'node:assert/strict';
import type Docker from 'dockerode';
import type { Alert } from '../../src/core/detect/alert';
import { DetectionEngine } from '../../src/core/detect/detectionEngine';
import type { RuleId } from '../../src/core/detect/rule';
import type { EvidenceSources } from '../../src/core/detect/rules';
import { DEFAULT_DETECTION_SETTINGS, resolveDetectionSettings } from '../../src/core/detect/settings';
import { hostMemoryUsed } from '../../src/core/metrics/promql';
import { stackStatus } from '../../src/core/stack/engine/status';
import { ScenarioRecords } from '../../src/core/scenarios/records';
import { ScenarioRunner, type ScenarioTarget } from '../../src/core/scenarios/scenarioRunner';
import { DEFAULTS } from '../../src/core/scenarios/params';
import { TEST_LABEL, removeSuiteContainers, waitFor } from './fixtures/engine';
import { IMAGES } from './fixtures/images';
import type { TestLab } from './fixtures/lab';
import { startTestLab } from './fixtures/lab';

const SUITE = 'detect';

describe('integration: detection on the test bed (default settings)', function () {
  this.timeout(600_000);
  let lab: TestLab;
  let docker: Docker;
  let engine: DetectionEngine;
  /** The evidence the rules read: the lab's Elasticsearch, Prometheus and engine. */
  let sources: EvidenceSources;
  let runner: ScenarioRunner;
  let target: ScenarioTarget;
  const fired: Alert[] = [];

  /** Resolves with the active alert of `ruleId` once `accept` holds for it; fails naming the last evidence. */
  async function activeAlert(ruleId: RuleId, accept: (a: Alert) => boolean, timeoutMs: number): Promise<Alert> {
    let last: Alert | undefined;
    return waitFor(
      `an active ${ruleId} alert (last: ${JSON.stringify(last?.evidence)}; statuses: ${JSON.stringify(engine.alerts.ruleStatuses())})`,
      async () => {
        last = engine.alerts.activeAlerts().find((a) => a.ruleId === ruleId);
        return last && accept(last) ? last : undefined;
      },
      timeoutMs,
      200,
    );
  }

  /** The engine's CPUs: the busy container runs one loop per CPU so the host is busy however many there are. */
  let cpus = 1;

  before(async () => {
    // Behind-a-proxy on: the app takes the client address from X-Forwarded-For, so one test can speak as two sources.
    lab = await startTestLab(SUITE, { behindProxy: true });
    docker = lab.docker;
    cpus = Math.max(1, ((await docker.info()) as { NCPU?: number }).NCPU ?? 1);
    await removeSuiteContainers(docker, SUITE);
    const records = new ScenarioRecords({ load: () => [], save: () => undefined });
    runner = new ScenarioRunner(records);
    target = {
      app: lab.app(),
      demoPassword: lab.secrets.demoPassword,
      docker,
      stressImage: IMAGES.base,
      project: lab.config.projectName,
      engineCpus: cpus,
      memoryCapMb: 256,
    };
    sources = { logs: lab.logStore(), prometheus: lab.prometheus(), services: async () => stackStatus(docker, lab.config) };
    engine = new DetectionEngine({ settings: DEFAULT_DETECTION_SETTINGS, sources, scenarios: records });
    engine.alerts.onFired((a) => fired.push(a));
    engine.start();
    // Every rule evaluates cleanly on a healthy lab before anything happens (Prometheus may need a few scrapes).
    await waitFor(
      'every rule evaluating',
      async () => {
        const statuses = engine.alerts.ruleStatuses();
        return statuses.length === engine.activeRules().length && statuses.every((s) => s.state === 'ok');
      },
      90_000,
      500,
    );
    // "ok" means evaluated; the lab's own start may still show as busy CPU for a moment, so quiet is waited for.
    await waitFor(
      `a healthy, quiet lab to raise no alert (active: ${engine.alerts
        .activeAlerts()
        .map((a) => a.ruleId)
        .join(', ')})`,
      async () => engine.alerts.activeAlerts().length === 0,
      120_000,
      1000,
    );
  });

  after(async () => {
    engine?.dispose();
    if (lab) {
      await removeSuiteContainers(lab.docker, SUITE);
      await lab.teardown();
    }
  });

  it('brute-force scenario (30 failed logins) → the brute-force alert names the source and the scenario', async () => {
    const startedAt = Date.now();
    const outcome = await runner.bruteForce(target, DEFAULTS.bruteForce);
    assert.equal(outcome.counts['401'], 30);
    const lastLoginAt = Date.now();
    const alert = await activeAlert('brute-force', (a) => a.evidence.subjects.some((s) => s.name === '127.0.0.1'), 15_000);
    assert.ok(alert.firedAt >= startedAt);
    // The latency goal (p95 ≤ 2 s) is measured by the detection-latency benchmark; this bound only catches a rule
    // that waits for something it should not (a window, a refresh interval), with room for a loaded machine.
    assert.ok(alert.firedAt - lastLoginAt < 10_000, `raised ${alert.firedAt - lastLoginAt} ms after the last login`);
    assert.ok(alert.evidence.subjects.find((s) => s.name === '127.0.0.1')!.value >= DEFAULT_DETECTION_SETTINGS.bruteForce.threshold);
    assert.equal(alert.scenario?.kind, 'brute-force');
    assert.equal(alert.scenario?.id, outcome.recordId);
  });

  it('two sources via X-Forwarded-For, one over the threshold and one under → only the one over is named', async () => {
    const app = lab.app();
    const over = '198.51.100.10';
    const under = '198.51.100.20';
    const threshold = DEFAULT_DETECTION_SETTINGS.bruteForce.threshold;
    const send = (ip: string, n: number) => Promise.all(Array.from({ length: n }, () => app.login('admin', 'wrong', undefined, { 'x-forwarded-for': ip })));
    const statuses = [...(await send(over, threshold + 5)), ...(await send(under, threshold - 5))];
    assert.deepEqual([...new Set(statuses)], [401]);
    const alert = await activeAlert('brute-force', (a) => a.evidence.subjects.some((s) => s.name === over), 15_000);
    // Give the under-threshold source every chance to show up (all its events are searchable by now).
    await new Promise((r) => setTimeout(r, 3000));
    const names = engine.alerts
      .activeAlerts()
      .find((a) => a.id === alert.id)!
      .subjectsSeen.map((s) => s.name);
    assert.ok(names.includes(over), names.join(', '));
    assert.ok(!names.includes(under), `${under} (${threshold - 5} failures) must not be named: ${names.join(', ')}`);
  });

  it('error-burst scenario → the error-burst alert', async () => {
    const outcome = await runner.errorBurst(target, DEFAULTS.errorBurst);
    assert.equal(outcome.counts['500'], DEFAULTS.errorBurst.count);
    const alert = await activeAlert('error-burst', () => true, 15_000);
    assert.ok(alert.evidence.value >= DEFAULT_DETECTION_SETTINGS.errorBurst.threshold);
    assert.equal(alert.scenario?.kind, 'error-burst');
  });

  it('CPU busy on every core (a short-lived container without network) → the high-CPU alert, cleared after it ends', async () => {
    // Bounded three ways: `timeout` inside, AutoRemove, and removal in `finally`/after().
    const loops = Array.from({ length: cpus }, () => 'while :; do :; done').join(' & ');
    const container = await docker.createContainer({
      name: `mlab-test-${SUITE}-cpu-busy`,
      Image: IMAGES.base,
      Cmd: ['timeout', '150', 'sh', '-c', loops],
      Labels: { [TEST_LABEL]: SUITE },
      HostConfig: { NetworkMode: 'none', AutoRemove: true, Init: true },
    });
    await container.start();
    try {
      const alert = await activeAlert('high-cpu', () => true, 120_000);
      assert.ok(alert.evidence.value >= DEFAULT_DETECTION_SETTINGS.highCpu.abovePercent, JSON.stringify(alert.evidence));
    } finally {
      await container.remove({ force: true }).catch(() => undefined);
    }
    await waitFor('the high-CPU alert to clear', async () => !engine.alerts.activeAlerts().some((a) => a.ruleId === 'high-cpu'), 120_000, 1000);
    const cleared = engine.alerts.history().find((a) => a.ruleId === 'high-cpu')!;
    assert.equal(cleared.clearReason, 'condition-ended');
  });

  it('a stopped container → the container-down alert naming it; started again → cleared', async () => {
    const exporter = await lab.container('node-exporter');
    await exporter.stop({ t: 5 });
    try {
      const alert = await activeAlert('container-down', (a) => a.evidence.subjects.some((s) => s.name === 'node-exporter'), 30_000);
      assert.equal(alert.severity, 'critical');
    } finally {
      await exporter.start().catch(() => undefined);
    }
    await waitFor('the container-down alert to clear', async () => !engine.alerts.activeAlerts().some((a) => a.ruleId === 'container-down'), 90_000, 500);
  });

  it("high memory: a threshold under the host's current use fires with that use as evidence; one well over it stays quiet", async () => {
    // Filling 90 % of this host's memory is not a safe test, so the threshold moves instead: read the host's use
    // from the lab's Prometheus (the rule's own query), then run the rule through the settings path the editor
    // uses, once under that use and once well over it, side by side on the same real Node Exporter data.
    // The test before restarted Node Exporter: its series is stale in Prometheus until the next scrape.
    const now = await waitFor(
      'a host memory value from Prometheus (Node Exporter was just restarted)',
      async () => (await lab.prometheus().query(hostMemoryUsed()))[0],
      60_000,
      1000,
    );
    assert.ok(now.value > 0 && now.value < 1, `host memory used ratio from Prometheus: ${JSON.stringify(now)}`);
    const usedPercent = now.value * 100;
    const under = Math.max(1, Math.floor(usedPercent - 5));
    const over = Math.min(100, Math.ceil(usedPercent + 15));
    const memoryOnly = (abovePercent: number) => {
      const { settings, problems } = resolveDetectionSettings({
        bruteForce: { enabled: false },
        errorBurst: { enabled: false },
        highCpu: { enabled: false },
        containerDown: { enabled: false },
        eventsDropped: { enabled: false },
        highMemory: { abovePercent, clearBelowPercent: Math.max(0, abovePercent - 5) },
      });
      assert.deepEqual(problems, []);
      return new DetectionEngine({ settings, sources });
    };
    const firing = memoryOnly(under);
    const quiet = memoryOnly(over);
    firing.start();
    quiet.start();
    try {
      assert.deepEqual(
        firing.activeRules().map((r) => r.id),
        ['high-memory'],
      );
      const forSeconds = DEFAULT_DETECTION_SETTINGS.highMemory.forSeconds;
      const alert = await waitFor(
        `a high-memory alert at ${under} % (host use ${usedPercent.toFixed(1)} %; statuses: ${JSON.stringify(firing.alerts.ruleStatuses())})`,
        async () => firing.alerts.activeAlerts().find((a) => a.ruleId === 'high-memory'),
        (forSeconds + 60) * 1000,
        500,
      );
      const seen = alert.evidence.value;
      assert.ok(seen >= under && Math.abs(seen - usedPercent) < 10, `evidence ${seen} % against ${usedPercent.toFixed(1)} % read before, threshold ${under} %`);
      // The rule reads the last forSeconds from Prometheus' history, so one evaluation decides; wait for the quiet one's.
      await waitFor(`the rule at ${over} % to evaluate`, async () => quiet.alerts.ruleStatuses().length === 1, 30_000, 200);
      assert.deepEqual(
        quiet.alerts.ruleStatuses().map((s) => s.state),
        ['ok'],
      );
      assert.deepEqual(quiet.alerts.activeAlerts(), [], `nothing at ${over} % (host use ${usedPercent.toFixed(1)} %)`);
    } finally {
      firing.dispose();
      quiet.dispose();
    }
  });

  it('all clear afterwards, every exercised rule fired (and high memory did not), nothing runs once the lab is stopped', async () => {
    await waitFor(
      `every alert to clear (active: ${engine.alerts
        .activeAlerts()
        .map((a) => a.ruleId)
        .join(', ')})`,
      async () => engine.alerts.activeAlerts().length === 0,
      120_000,
      1000,
    );
    const rules = [...new Set(fired.map((a) => a.ruleId))].sort();
    assert.deepEqual(rules, ['brute-force', 'container-down', 'error-burst', 'high-cpu']);
    let ticks = 0;
    engine.onTick(() => ticks++);
    engine.stop();
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(ticks, 0);
  });
});
