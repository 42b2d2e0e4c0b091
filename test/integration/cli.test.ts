// The CLI binary itself (dist/cli.js, as `npm run lab` and the package's bin run it) on the test bed: engine,
// status, up, down, reset, their exit codes and output, a usage error, an unreachable engine, and Ctrl-C during
// a start (exit 130, then a second `up` resumes). Child processes, real engine, the real compose file.
import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resetStack } from '../../src/core/stack/engine/lifecycle';
import { createLabConfig } from '../../src/core/config';
import { useSuiteEngine } from './fixtures/engine';
import { REPO_ROOT, cliLabFlags, removeDeadRuns, suiteProjectPrefix, testLabConfig } from './fixtures/lab';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const SUITE = 'cli';

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; onLine?: (line: string, child: ChildProcess) => void } = {},
): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      pending += chunk.toString();
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        options.onLine?.(line, child);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`monitoring-lab ${args.join(' ')} did not finish within ${options.timeoutMs ?? 300_000} ms\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

describe('integration: the CLI binary (dist/cli.js) on the test bed', function () {
  this.timeout(600_000);
  const engine = useSuiteEngine(SUITE);
  let flags: string[] = [];
  let labDir = '';
  let config: ReturnType<typeof createLabConfig>;

  before(async () => {
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: run npm run build`);
    await removeDeadRuns(engine.docker, suiteProjectPrefix(SUITE));
    const { input } = await testLabConfig(SUITE);
    labDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlab-cli-'));
    config = createLabConfig({
      ...input,
      labBaseDir: labDir,
      stackVersion: (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    });
    flags = cliLabFlags(config, labDir);
  });

  after(async () => {
    await resetStack(engine.docker, config).catch(() => undefined);
    fs.rmSync(labDir, { recursive: true, force: true });
  });

  it('engine: names the engine and its API version, exit 0', async () => {
    const r = await runCli(['engine']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Docker \d+\.\d+\S* \(API \d+\.\d+, linux\/\w+\) at unix:\/\/\S+ \(from DOCKER_HOST\)$/m);
  });

  it('an unreachable engine: exit 1 with a message naming where it looked', async () => {
    const r = await runCli(['status', ...flags], { env: { ...process.env, DOCKER_HOST: 'unix:///tmp/mlab-no-such-engine.sock' } });
    assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /mlab-no-such-engine\.sock/);
  });

  it('a usage error: exit 2 with the usage text', async () => {
    const r = await runCli(['up', '--port-app', 'eighty']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--port-app must be a port number, not "eighty"/);
    assert.match(r.stderr, /Usage: monitoring-lab <command>/);
  });

  it('status before anything exists: every service "missing", exit 3', async () => {
    const r = await runCli(['status', '--json', ...flags]);
    assert.equal(r.code, 3, r.stderr);
    const status = JSON.parse(r.stdout) as Array<{ service: string; state: string }>;
    assert.deepEqual(
      status.map((s) => [s.service, s.state]),
      ['app', 'elasticsearch', 'prometheus', 'node-exporter'].map((s) => [s, 'missing']),
    );
  });

  it('--lang id: status speaks Indonesian; --lang xx: English and exactly one warning line', async () => {
    const id = await runCli(['status', '--lang', 'id', ...flags]);
    assert.equal(id.code, 3, id.stderr);
    assert.match(id.stdout, /^app\s+tidak ada\s+tanpa cek/m);
    assert.doesNotMatch(id.stdout, /missing/);
    const xx = await runCli(['status', '--lang', 'xx', ...flags]);
    assert.equal(xx.code, 3, xx.stderr);
    assert.match(xx.stdout, /^app\s+missing\s+none/m);
    assert.deepEqual(xx.stderr.trim().split('\n'), ['monitoring-lab: warning: unknown language "xx" for --lang (en or id); using English']);
  });

  it('Ctrl-C during up: exit 130 and says so; a second up resumes and ends healthy (exit 0, URLs printed)', async () => {
    let interruptedAt = '';
    const cancelled = await runCli(['up', ...flags], {
      onLine: (line, child) => {
        // Interrupt once the start is under way (containers being made), not before it began.
        if (!interruptedAt && /^\[(create|start|network|volume|pull|build)\]/.test(line)) {
          interruptedAt = line;
          child.kill('SIGINT');
        }
      },
    });
    assert.ok(interruptedAt, `no progress line to interrupt at:\n${cancelled.stdout}`);
    assert.equal(cancelled.code, 130, `exit ${cancelled.code}\n${cancelled.stdout}\n${cancelled.stderr}`);
    assert.match(cancelled.stderr, /Cancelling/);
    assert.match(cancelled.stderr, /cancelled/);

    const up = await runCli(['up', ...flags]);
    assert.equal(up.code, 0, `${up.stdout}\n${up.stderr}`);
    assert.match(up.stdout, /Monitoring Lab \(lite\) is up in \d+\.\d s/);
    assert.ok(up.stdout.includes(`app            http://127.0.0.1:${config.ports.app}`), up.stdout);
    const status = await runCli(['status', ...flags]);
    assert.equal(status.code, 0, status.stdout);
    for (const s of ['app', 'elasticsearch', 'prometheus', 'node-exporter']) assert.match(status.stdout, new RegExp(`^${s}\\s+running\\s+(healthy|none)`, 'm'));
  });

  it('down: exit 0, every service exited (status exit 3); reset: exit 0, removes containers and volumes', async () => {
    const down = await runCli(['down', ...flags]);
    assert.equal(down.code, 0, down.stderr);
    const status = JSON.parse((await runCli(['status', '--json', ...flags])).stdout) as Array<{ state: string }>;
    assert.ok(
      status.every((s) => s.state === 'exited'),
      JSON.stringify(status),
    );
    const reset = await runCli(['reset', ...flags]);
    assert.equal(reset.code, 0, reset.stderr);
    assert.match(reset.stdout, /^Removed 4 containers, \d+ volumes, \d+ networks\.$/m);
    const left = await engine.docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${config.projectName}`] } });
    assert.deepEqual(left, []);
  });
});
