// Command-line entry: the same src/core as the extension, driven from a terminal (bundled to dist/cli.js).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LabConfig, MEMORY_CAP_SETTING, createLabConfig, defaultCliLabBaseDir } from './core/config';
import { checkEngine, connectDocker, explainEngineError, isEngineConnectionError } from './core/docker/client';
import { serviceUrl, startLab } from './core/lab';
import { StackCancelledError, StackProgress, downStack, resetStack, stackStatus } from './core/stack';
import { CliUsageError, USAGE, parseArgs } from './cli/args';
import { DEFAULT_DETECTION_SETTINGS } from './core/detect/settings';
import { generateLabReport } from './core/report';
import { labRecords } from './core/scenarios/recordsFile';
import { runExercise } from './core/exercise/exercise';
import { scenarioTarget } from './core/lab';
import { DEFAULTS } from './core/scenarios/params';
import { buildParams, scenarioByCli } from './core/scenarios/catalog';
import { ScenarioRunner } from './core/scenarios/scenarioRunner';

/** Scenario progress as lines, at most one per second (and the last). */
function scenarioProgress(name: string): (p: { done: number; total: number; counts: Record<string, number> }) => void {
  let last = 0;
  return (p) => {
    if (p.done < p.total && Date.now() - last < 1000) return;
    last = Date.now();
    const counts = Object.entries(p.counts).map(([k, v]) => `${k}×${v}`).join(' ');
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

async function main(argv: string[]): Promise<number> {
  const cli = parseArgs(argv, process.env);
  if (cli.command === 'help') {
    console.log(USAGE);
    return 0;
  }
  const connection = connectDocker();
  const abort = new AbortController();
  process.once('SIGINT', () => {
    // Only a start, stop or reset has work to wind down; anything else just ends.
    if (!['up', 'down', 'reset'].includes(cli.command)) process.exit(130);
    console.error('\nCancelling… (nothing is left half-made: run the command again to resume)');
    abort.abort();
  });
  try {
    switch (cli.command) {
      case 'engine': {
        const info = await checkEngine(connection);
        console.log(`Docker ${info.version} (API ${info.apiVersion}, ${info.os}) at ${connection.description}`);
        return 0;
      }
      case 'up': {
        const config = labConfig(cli.input);
        await checkEngine(connection);
        const result = await startLab(connection.docker, config, { signal: abort.signal, onProgress: printProgress() });
        console.log(`\nMonitoring Lab (${config.profile}) is up in ${(result.durationMs / 1000).toFixed(1)} s. Lab folder: ${result.labDir}`);
        for (const service of Object.keys(result.services)) {
          if (service === 'app' || service === 'elasticsearch' || service === 'prometheus' || service === 'kibana' || service === 'grafana') {
            console.log(`  ${service.padEnd(14)} ${serviceUrl(config, service)}`);
          }
        }
        return 0;
      }
      case 'down': {
        const config = labConfig(cli.input);
        await downStack(connection.docker, config, { signal: abort.signal, onProgress: printProgress() });
        return 0;
      }
      case 'reset': {
        const config = labConfig(cli.input);
        const result = await resetStack(connection.docker, config, { signal: abort.signal, onProgress: printProgress() });
        console.log(`Removed ${result.containers} containers, ${result.volumes.length} volumes, ${result.networks.length} networks.`);
        return 0;
      }
      case 'status': {
        const config = labConfig(cli.input);
        const status = await stackStatus(connection.docker, config);
        if (cli.json) console.log(JSON.stringify(status, null, 2));
        else for (const s of status) console.log(`${s.service.padEnd(14)} ${s.state.padEnd(10)} ${s.health.padEnd(10)} ${s.ports.map((p) => `${p.hostIp}:${p.hostPort}`).join(' ')}`);
        return status.every((s) => s.state === 'running') ? 0 : 3;
      }
      case 'report': {
        const config = labConfig(cli.input);
        const r = cli.report!;
        console.log(`Lab report for ${new Date(r.from).toISOString()} … ${new Date(r.to).toISOString()}`);
        const { model, written } = await generateLabReport({
          config,
          docker: connection.docker,
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
        if (missing.length) console.error(`warning: the report marks what it could not read: ${missing.join('; ')}`);
        console.log(written.dir);
        // 0: written from every source; 4: written, with the parts it could not read marked as missing.
        return missing.length ? 4 : 0;
      }
      case 'scenario': {
        const config = labConfig(cli.input);
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
        console.log(`${a.kind} ${summary.cancelled ? 'cancelled' : 'finished'}: ${JSON.stringify(summary.counts)} (record ${summary.recordId})`);
        return summary.cancelled ? 130 : 0;
      }
      case 'exercise': {
        const config = labConfig(cli.input);
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
          console.error('exercise cancelled; scenario containers removed');
          return 130;
        }
        console.log('\nVerdict:');
        for (const v of result.verdicts) {
          const how = v.fired ? `fired ${v.delayMs! >= 0 ? `${(v.delayMs! / 1000).toFixed(1)} s after` : `${(-v.delayMs! / 1000).toFixed(1)} s before`} ${v.kind === 'cpu-stress' || v.kind === 'memory-pressure' ? 'the run started' : 'its last event'} (${v.origin})` : `NOT fired — ${v.detail}`;
          console.log(`  ${v.fired ? 'PASS' : 'FAIL'}  ${v.kind.padEnd(16)} ${v.rule.padEnd(12)} ${how}`);
        }
        console.log(`JUnit: ${result.junitFile}`);
        console.log(result.written.dir);
        return result.passed ? 0 : 1;
      }
      default:
        throw new CliUsageError(`unknown command "${cli.command}"`);
    }
  } catch (err) {
    throw isEngineConnectionError(err) ? explainEngineError(err, connection) : err;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof CliUsageError) {
      console.error(`monitoring-lab: ${err.message}\n\n${USAGE}`);
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
