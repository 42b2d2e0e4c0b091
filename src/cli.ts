// Command-line entry: the same src/core as the extension, driven from a terminal (bundled to dist/cli.js).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LabConfig, createLabConfig, defaultCliLabBaseDir } from './core/config';
import { checkEngine, connectDocker, explainEngineError, isEngineConnectionError } from './core/docker/client';
import { serviceUrl, startLab } from './core/lab';
import { StackCancelledError, StackProgress, downStack, resetStack, stackStatus } from './core/stack';
import { CliUsageError, USAGE, parseArgs } from './cli/args';

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
