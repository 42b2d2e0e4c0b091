// The seed exercise on a running lab, end to end: brute force (30), errors (20) and a CPU stress through the
// core ScenarioRunner with quiet gaps between, the detection rules watching live (the same engine the editor
// runs), then the report and a verdict per scenario — did the expected rule fire, and how fast — plus JUnit XML.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type Docker from 'dockerode';
import type { LabConfig } from '../config';
import type { Alert } from '../detect/alert';
import { ALERT_HISTORY_FILE_NAME, storeAlerts } from '../detect/alertHistoryFile';
import { DetectionEngine } from '../detect/detectionEngine';
import type { DetectionSettings } from '../detect/settings';
import { createLogStore, createPrometheusClient } from '../attach/clients';
import { DEFAULTS } from '../scenarios/params';
import type { ScenarioRunner, ScenarioTarget } from '../scenarios/scenarioRunner';
import { stackStatus } from '../stack/engine/status';
import { labDirFor } from '../stack/labDir/labDirectory';
import { escapeHtml } from '../report/escape';
import { generateLabReport } from '../report/labReport';
import type { ReportModel, ScenarioSection } from '../report/model';
import type { Language as Lang } from '../l10n/translate';
import { type WrittenReport, writeManifest } from '../report/writer';
import { sleep } from '../util/sleep';
import { t } from '../l10n';

export interface ExerciseOptions {
  config: LabConfig;
  docker: Docker;
  target: ScenarioTarget;
  runner: ScenarioRunner;
  detection: DetectionSettings;
  cpuSeconds: number;
  gapSeconds: number;
  lang: Lang;
  outDir?: string;
  signal?: AbortSignal;
  onProgress?: (line: string) => void;
}

export interface ExerciseVerdict {
  kind: string;
  rule: string;
  fired: boolean;
  /** ms from the scenario's last event (log scenarios) or its start (metric scenarios) to the alert. */
  delayMs?: number;
  origin?: 'history' | 'replay';
  detail: string;
}

export interface ExerciseResult {
  model: ReportModel;
  written: WrittenReport;
  verdicts: ExerciseVerdict[];
  junitFile: string;
  passed: boolean;
}

export function verdictOf(s: ScenarioSection): ExerciseVerdict {
  const a = s.alerts[0];
  const since = s.lastActivityAt ?? s.record.startedAt;
  if (a) return { kind: s.record.kind, rule: s.expectedRule, fired: true, delayMs: a.firedAt - since, origin: a.origin, detail: a.summary };
  return { kind: s.record.kind, rule: s.expectedRule, fired: false, detail: s.alertsUnavailable ? `unknown: ${s.alertsUnavailable}` : 'the rule did not fire' };
}

/** JUnit XML: one test case per scenario run (its expected rule fired), the delay as its time. */
export function junitXml(verdicts: readonly ExerciseVerdict[], at: number): string {
  const failures = verdicts.filter((v) => !v.fired).length;
  const cases = verdicts.map((v) => {
    const name = escapeHtml(`${v.kind} → ${v.rule}`);
    const time = v.delayMs !== undefined ? Math.max(0, v.delayMs / 1000).toFixed(3) : '0';
    const body = v.fired
      ? `<system-out>${escapeHtml(`${v.origin}: ${v.detail}`)}</system-out>`
      : `<failure message="${escapeHtml(v.detail)}">${escapeHtml(v.detail)}</failure>`;
    return `    <testcase classname="monitoring-lab.exercise" name="${name}" time="${time}">${body}</testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="monitoring-lab exercise" tests="${verdicts.length}" failures="${failures}" errors="0" timestamp="${new Date(at).toISOString()}">
${cases.join('\n')}
  </testsuite>
</testsuites>
`;
}

export async function runExercise(options: ExerciseOptions): Promise<ExerciseResult> {
  const { config, runner, target, signal } = options;
  const say = options.onProgress ?? (() => undefined);
  const logs = createLogStore(config);
  const prometheus = createPrometheusClient(config);
  const engine = new DetectionEngine({
    settings: options.detection,
    sources: { logs, prometheus, services: () => (config.mode === 'attach' ? Promise.resolve([]) : stackStatus(options.docker, config)) },
    scenarios: runner.records,
  });
  const fired: Alert[] = [];
  engine.alerts.onFired((a) => {
    fired.push(a);
    say(t('ALERT {0}: {1}', a.title, a.evidence.summary));
  });
  const from = Date.now() - 120_000; // the first run's baseline
  const cancelled = () => {
    if (signal?.aborted) throw new Error(t('exercise cancelled'));
  };
  const progress = (name: string) => ({ signal, onProgress: (p: { done: number; total: number }) => say(`[${name}] ${p.done}/${p.total}`) }) as const;
  engine.start();
  try {
    say(t('Brute force: 30 rapid failed logins…'));
    const bf = await runner.bruteForce(target, DEFAULTS.bruteForce, progress('brute-force'));
    say(t('Brute force done: {0}. Quiet for {1} s.', JSON.stringify(bf.counts), options.gapSeconds));
    cancelled();
    await sleep(options.gapSeconds * 1000, signal);
    cancelled();
    say(t('Application errors: 20 requests to /error…'));
    const er = await runner.errorBurst(target, DEFAULTS.errorBurst, progress('errors'));
    say(t('Errors done: {0}. Quiet for {1} s.', JSON.stringify(er.counts), options.gapSeconds));
    cancelled();
    await sleep(options.gapSeconds * 1000, signal);
    cancelled();
    say(t('High CPU load: {0} busy workers for {1} s…', target.engineCpus, options.cpuSeconds));
    await runner.cpuStress(target, { workers: target.engineCpus, durationSeconds: options.cpuSeconds }, progress('cpu'));
    cancelled();
    say(t('CPU stress done. Quiet for {0} s while the alerts settle.', options.gapSeconds));
    await sleep(Math.max(options.gapSeconds, 10) * 1000, signal);
    cancelled();
  } finally {
    engine.stop();
  }
  const history = engine.alerts.history();
  try {
    storeAlerts(path.join(labDirFor(config), ALERT_HISTORY_FILE_NAME), history);
  } catch {
    // The report still has the history in memory.
  }
  engine.dispose();
  await logs.close().catch(() => undefined);
  say(t('Writing the report…'));
  const { model, written } = await generateLabReport({
    config,
    docker: options.docker,
    records: await runner.records.list(),
    alertHistory: history,
    detection: options.detection,
    range: { from, to: Date.now() },
    lang: options.lang,
    formats: ['md', 'html'],
    ...(options.outDir ? { outDir: options.outDir } : {}),
    ...(signal ? { signal } : {}),
    onProgress: (m) => say(`[report] ${m}`),
  });
  // The exercise's own runs: the newest three (earlier runs in the range are reported, not judged).
  const runs = model.scenarios.slice(-3);
  const verdicts = runs.map(verdictOf);
  const junitFile = path.join(written.dir, 'exercise-junit.xml');
  fs.writeFileSync(junitFile, junitXml(verdicts, Date.now()));
  written.files.push('exercise-junit.xml');
  writeManifest(written.dir);
  return { model, written, verdicts, junitFile, passed: verdicts.length === 3 && verdicts.every((v) => v.fired) };
}
