// Command-line entry: the same src/core as the extension, driven from a terminal (bundled to dist/cli.js).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LabConfig } from './core/config';
import { MEMORY_CAP_SETTING, createLabConfig, defaultCliLabBaseDir } from './core/config';
import type { DockerConnection } from './core/docker/client';
import { checkEngine, connectDocker, explainEngineError, isEngineConnectionError } from './core/docker/client';
import { sshSessionOf } from './core/docker/ssh';
import { LabPortAccess, describeTunnel, publishedPorts, remoteEngineReachProblem, serviceUrl, sshTunnelOpener, startLab, withServiceAccess } from './core/lab';
import type { StackProgress } from './core/stack';
import { StackCancelledError, downStack, resetStack, stackStatus } from './core/stack';
import { CliUsageError, parseArgs, usage } from './cli/args';
import { chooseCliLanguage } from './cli/lang';
import { bundleDir, locale, t, useLanguage } from './core/l10n';
import { DEFAULT_DETECTION_SETTINGS } from './core/detect/settings';
import { generateLabReport } from './core/report';
import { labRecords } from './core/scenarios/recordsFile';
import { runExercise } from './core/exercise/exercise';
import { scenarioTarget } from './core/lab';
import { DEFAULTS } from './core/scenarios/params';
import { buildParams, scenarioByCli } from './core/scenarios/catalog';
import { ScenarioRunner } from './core/scenarios/scenarioRunner';
import { createLogStore, createPrometheusClient } from './core/attach/clients';
import { type EndpointHealth, checkAttachHealth } from './core/attach/health';

/** Attach mode's `status` (and `up`): each endpoint's health, with what to fix below a failing one. */
async function attachStatus(config: LabConfig, json: boolean): Promise<EndpointHealth[]> {
  const logStore = createLogStore(config);
  const prometheus = createPrometheusClient(config);
  try {
    const rows = await checkAttachHealth(config, { logStore, prometheus });
    if (json) console.log(JSON.stringify(rows, null, 2));
    else
      for (const r of rows) {
        console.log(`${r.service.padEnd(14)} ${r.status.padEnd(8)} ${(r.url ?? '-').padEnd(32)} ${r.summary}`);
        if (r.detail && r.status !== 'ok') console.log(`${' '.repeat(15)}${r.detail}`);
      }
    return rows;
  } finally {
    await logStore.close().catch(() => undefined);
  }
}

/** Scenario progress as lines, at most one per second (and the last). */
function scenarioProgress(name: string): (p: { done: number; total: number; counts: Record<string, number> }) => void {
  let last = 0;
  return (p) => {
    if (p.done < p.total && Date.now() - last < 1000) return;
    last = Date.now();
    const counts = Object.entries(p.counts)
      .map(([k, v]) => `${k}×${v}`)
      .join(' ');
    console.log(`[${name}] ${p.done}/${p.total}${counts ? ` ${counts}` : ''}`);
  };
}

function labConfig(input: ReturnType<typeof parseArgs>['input']): LabConfig {
  return createLabConfig({
    ...input,
    labBaseDir: input.labBaseDir ?? defaultCliLabBaseDir(process.platform, process.env, os.homedir()),
    // dist/cli.js → resources/stack beside it in the package.
    stackSourceDir: input.stackSourceDir ?? path.resolve(__dirname, '..', 'resources', 'stack'),
    stackVersion: input.stackVersion ?? packageVersion(),
  });
}

/** The package's version (dist/cli.js → ../package.json); it names the versioned lab folder. */
function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
}

/** Seconds with one decimal, in the CLI's language (12.3 / 12,3). */
function seconds(ms: number): string {
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ms / 1000);
}

/** A container state for the status table (the engine's word in English; --json keeps the raw value). */
function stateText(state: string): string {
  switch (state) {
    case 'running':
      return t('running');
    case 'restarting':
      return t('restarting');
    case 'exited':
      return t('exited');
    case 'missing':
      return t('missing');
    default:
      return state;
  }
}

/** A health for the status table ("none": the service has no health check). */
function healthText(health: string): string {
  switch (health) {
    case 'healthy':
      return t('healthy');
    case 'unhealthy':
      return t('unhealthy');
    case 'starting':
      return t('starting');
    case 'none':
      return t('none');
    default:
      return health;
  }
}

/** One verdict of the exercise: when the alert fired against the run (whole sentences per case), or why it did not. */
function verdictText(v: { fired: boolean; delayMs?: number; kind: string; origin?: string; detail: string }): string {
  if (!v.fired) return t('NOT fired — {0}', v.detail);
  const after = (v.delayMs ?? 0) >= 0;
  const s = seconds(Math.abs(v.delayMs ?? 0));
  const origin = v.origin ?? '';
  if (v.kind === 'cpu-stress' || v.kind === 'memory-pressure') {
    return after ? t('fired {0} s after the run started ({1})', s, origin) : t('fired {0} s before the run started ({1})', s, origin);
  }
  return after ? t('fired {0} s after its last event ({1})', s, origin) : t('fired {0} s before its last event ({1})', s, origin);
}

/** Progress as lines; per-layer pull progress is throttled to one line per layer status change. */
function printProgress(): (p: StackProgress) => void {
  const lastLayerStatus = new Map<string, string>();
  return (p) => {
    if (p.layer) {
      if (lastLayerStatus.get(p.layer.id) === p.layer.status) return;
      lastLayerStatus.set(p.layer.id, p.layer.status);
    }
    console.log(`[${p.phase}]${p.service ? ` ${p.service}:` : ''} ${p.message}`);
  };
}

/**
 * The lab's services as this command reaches them. On an engine over SSH: a tunnel per published port for the
 * command's duration (the remote port number where it is free here, else another one, which the returned
 * configuration's URLs follow), listed on stderr; close() ends them. On a tcp:// engine elsewhere: a warning when the
 * bind address cannot be reached from here.
 */
async function reachLab(connection: DockerConnection, config: LabConfig): Promise<{ config: LabConfig; close(): Promise<void> }> {
  const problem = remoteEngineReachProblem(connection.endpoint, config);
  if (problem) console.error(`monitoring-lab: ${t('warning: {0}', problem)}`);
  const session = sshSessionOf(connection.docker);
  if (!session) return { config, close: () => Promise.resolve() };
  const access = new LabPortAccess({ open: sshTunnelOpener(session), whenTaken: 'other-port' });
  const result = await access.sync(publishedPorts(await stackStatus(connection.docker, config)));
  for (const tunnel of result.tunnels) console.error(describeTunnel(tunnel, session.description));
  return { config: withServiceAccess(config, access.access), close: () => access.close() };
}

/** Picks the language once, before anything is parsed or printed: `--lang`, else LC_ALL / LC_MESSAGES / LANG, else English. */
function setUpLanguage(argv: string[]): void {
  const choice = chooseCliLanguage(argv, process.env);
  if (choice.warning) console.error(choice.warning);
  const loaded = useLanguage(choice.language, bundleDir(__dirname));
  if (loaded.problem) console.error(`monitoring-lab: warning: ${loaded.problem}; using English`);
}

async function main(argv: string[]): Promise<number> {
  const cli = parseArgs(argv, process.env);
  if (cli.command === 'help') {
    console.log(usage());
    return 0;
  }
  const connection = connectDocker();
  const abort = new AbortController();
  process.once('SIGINT', () => {
    // Only a start, stop or reset has work to wind down; anything else just ends.
    if (!['up', 'down', 'reset'].includes(cli.command)) process.exit(130);
    console.error(`\n${t('Cancelling… (nothing is left half-made: run the command again to resume)')}`);
    abort.abort();
  });
  let reached: Awaited<ReturnType<typeof reachLab>> | undefined;
  try {
    switch (cli.command) {
      case 'engine': {
        const info = await checkEngine(connection);
        console.log(t('Docker {0} (API {1}, {2}) at {3}', info.version, info.apiVersion, info.os, connection.description));
        return 0;
      }
      case 'up': {
        const config = labConfig(cli.input);
        if (config.mode === 'attach') {
          console.log(t('Attach mode: nothing to start; checking the endpoints.'));
          return (await attachStatus(config, cli.json)).some((r) => r.status === 'error') ? 1 : 0;
        }
        await checkEngine(connection);
        const result = await startLab(connection.docker, config, { signal: abort.signal, onProgress: printProgress() });
        console.log(`\n${t('Monitoring Lab ({0}) is up in {1} s. Lab folder: {2}', config.profile, seconds(result.durationMs), result.labDir)}`);
        for (const service of Object.keys(result.services)) {
          if (service === 'app' || service === 'elasticsearch' || service === 'prometheus' || service === 'kibana' || service === 'grafana') {
            console.log(`  ${service.padEnd(14)} ${serviceUrl(config, service)}`);
          }
        }
        const session = sshSessionOf(connection.docker);
        if (session)
          console.log(
            t(
              'The ports are published on the loopback of {0}: the commands that use the services (scenario, report, exercise) open SSH tunnels to them while they run; "monitoring-lab tunnel" keeps them open for a browser.',
              session.description,
            ),
          );
        const problem = remoteEngineReachProblem(connection.endpoint, config);
        if (problem) console.error(`monitoring-lab: ${t('warning: {0}', problem)}`);
        return 0;
      }
      case 'down': {
        const config = labConfig(cli.input);
        if (config.mode === 'attach') {
          console.log(t('Attach mode: your own stack is not stopped or removed.'));
          return 0;
        }
        await downStack(connection.docker, config, { signal: abort.signal, onProgress: printProgress() });
        return 0;
      }
      case 'reset': {
        const config = labConfig(cli.input);
        if (config.mode === 'attach') {
          console.log(t('Attach mode: your own stack is not stopped or removed.'));
          return 0;
        }
        const result = await resetStack(connection.docker, config, { signal: abort.signal, onProgress: printProgress() });
        console.log(t('Removed {0} containers, {1} volumes, {2} networks.', result.containers, result.volumes.length, result.networks.length));
        return 0;
      }
      case 'status': {
        const config = labConfig(cli.input);
        if (config.mode === 'attach') return (await attachStatus(config, cli.json)).some((r) => r.status === 'error') ? 3 : 0;
        const status = await stackStatus(connection.docker, config);
        if (cli.json) console.log(JSON.stringify(status, null, 2));
        else
          for (const s of status)
            console.log(
              `${s.service.padEnd(14)} ${stateText(s.state).padEnd(10)} ${healthText(s.health).padEnd(10)} ${s.ports.map((p) => `${p.hostIp}:${p.hostPort}`).join(' ')}`,
            );
        return status.every((s) => s.state === 'running') ? 0 : 3;
      }
      case 'report': {
        reached = await reachLab(connection, labConfig(cli.input));
        const { config } = reached;
        const r = cli.report!;
        console.log(t('Lab report for {0} … {1}', new Date(r.from).toISOString(), new Date(r.to).toISOString()));
        const { model, written } = await generateLabReport({
          config,
          ...(config.mode === 'attach' ? {} : { docker: connection.docker }),
          records: await labRecords(config).list(),
          detection: DEFAULT_DETECTION_SETTINGS,
          range: { from: r.from, to: r.to },
          lang: r.lang,
          formats: r.formats,
          ...(r.out ? { outDir: path.resolve(r.out) } : {}),
          signal: abort.signal,
          onProgress: (m) => console.log(`[report] ${m}`),
        });
        const missing = [
          model.sources.elasticsearch.ok ? undefined : `Elasticsearch (${model.sources.elasticsearch.reason})`,
          model.sources.prometheus.ok ? undefined : `Prometheus (${model.sources.prometheus.reason})`,
        ].filter(Boolean);
        if (missing.length) console.error(t('warning: the report marks what it could not read: {0}', missing.join('; ')));
        console.log(written.dir);
        // 0: written from every source; 4: written, with the parts it could not read marked as missing.
        return missing.length ? 4 : 0;
      }
      case 'scenario': {
        reached = await reachLab(connection, labConfig(cli.input));
        const { config } = reached;
        const a = cli.scenario!;
        // The memory cap: the default of the editor's setting (monitoringLab.scenarios.memoryCapMb), and at most half the engine's memory.
        const target = await scenarioTarget(connection.docker, config, MEMORY_CAP_SETTING.default);
        const runner = new ScenarioRunner(labRecords(config));
        await runner.records.closeInterrupted();
        const options = { signal: abort.signal, onProgress: scenarioProgress(a.kind) };
        // Parsing found the descriptor; defaults are the exercise's, the engine's limits bound them.
        const scenario = scenarioByCli(a.kind)!;
        const params = buildParams(scenario, { engineCpus: target.engineCpus, memoryCapMb: target.memoryCapMb }, a.values);
        const prepared = await scenario.prepare?.(target);
        if (prepared) console.log(prepared.message);
        let summary;
        try {
          summary = await scenario.run(runner, target, params, options);
        } finally {
          // The CLI does not leave the lab changed: what the scenario switched on goes off again.
          if (prepared?.undo) {
            await prepared.undo.run().catch(() => undefined);
            console.log(prepared.undo.done);
          }
        }
        const extra = scenario.resultText?.(summary, params);
        if (extra) console.log(extra);
        console.log(
          summary.cancelled
            ? t('{0} cancelled: {1} (record {2})', a.kind, JSON.stringify(summary.counts), summary.recordId)
            : t('{0} finished: {1} (record {2})', a.kind, JSON.stringify(summary.counts), summary.recordId),
        );
        return summary.cancelled ? 130 : 0;
      }
      case 'exercise': {
        reached = await reachLab(connection, labConfig(cli.input));
        const { config } = reached;
        const e = cli.exercise!;
        const target = await scenarioTarget(connection.docker, config, DEFAULTS.memory.megabytes);
        const runner = new ScenarioRunner(labRecords(config));
        await runner.records.closeInterrupted();
        const result = await runExercise({
          config,
          docker: connection.docker,
          target,
          runner,
          detection: DEFAULT_DETECTION_SETTINGS,
          cpuSeconds: e.cpuSeconds,
          gapSeconds: e.gapSeconds,
          lang: e.lang,
          ...(e.out ? { outDir: path.resolve(e.out) } : {}),
          signal: abort.signal,
          onProgress: (line) => console.log(line),
        }).catch((err: unknown) => {
          if (abort.signal.aborted) return undefined;
          throw err;
        });
        if (!result) {
          await runner.stopAll(connection.docker, config.projectName).catch(() => undefined);
          console.error(t('exercise cancelled; scenario containers removed'));
          return 130;
        }
        console.log(`\n${t('Verdict:')}`);
        for (const v of result.verdicts) {
          console.log(`  ${v.fired ? t('PASS') : t('FAIL')}  ${v.kind.padEnd(16)} ${v.rule.padEnd(12)} ${verdictText(v)}`);
        }
        console.log(`JUnit: ${result.junitFile}`);
        console.log(result.written.dir);
        return result.passed ? 0 : 1;
      }
      case 'tunnel': {
        // A remote engine over SSH publishes the lab's ports on its own loopback: forward each to the same port here.
        const session = sshSessionOf(connection.docker);
        if (!session)
          throw new CliUsageError(t('tunnel needs an engine reached over SSH (DOCKER_HOST=ssh://user@host:port); this one is {0}', connection.description));
        const config = labConfig(cli.input);
        const status = await stackStatus(connection.docker, config);
        const ports = publishedPorts(status);
        if (!ports.length) throw new Error(t('The lab publishes no ports on {0}: start it first (monitoring-lab up).', connection.description));
        // The same port numbers as on the engine host (a browser uses the URLs `up` printed): a taken one is named.
        const access = new LabPortAccess({ open: sshTunnelOpener(session), whenTaken: 'fail' });
        const result = await access.sync(ports);
        if (result.problems.length) {
          await access.close();
          throw new Error(result.problems.map((p) => p.message).join(' '));
        }
        for (const tunnel of result.tunnels) console.log(`  ${describeTunnel(tunnel, session.description)}`);
        console.log(t('Tunnels open; Ctrl-C closes them.'));
        // Runs until Ctrl-C (the SIGINT handler exits, which closes the listeners and the SSH connection).
        await new Promise<never>(() => undefined);
        return 0;
      }
      default:
        throw new CliUsageError(t('unknown command "{0}"', cli.command));
    }
  } catch (err) {
    throw isEngineConnectionError(err) ? explainEngineError(err, connection) : err;
  } finally {
    await reached?.close();
  }
}

setUpLanguage(process.argv.slice(2));
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof CliUsageError) {
      console.error(`monitoring-lab: ${err.message}\n\n${usage()}`);
      process.exit(2);
    }
    // Ctrl-C: the shell's convention for "ended by SIGINT", so scripts can tell a cancel from a failure.
    if (err instanceof StackCancelledError) {
      console.error(`monitoring-lab: ${err.message}`);
      process.exit(130);
    }
    console.error(`monitoring-lab: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
