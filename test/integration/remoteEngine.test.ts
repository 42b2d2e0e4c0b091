// A remote Docker engine over SSH: Debian's OpenSSH server on 127.0.0.1 (testbed/attach/sshd.sh, keys made for
// this run) whose key reaches the test bed's engine through `docker system dial-stdio`. The CLI binary runs with
// DOCKER_HOST=ssh://…: `engine`, `up` (lite) and `status` work through it, what it started is on the bed's engine,
// a tunnel over the same SSH connection reaches a published port, the commands that use the lab's services
// (scenario, report) tunnel its ports for their run and close them at exit, and a wrong host key or client key is
// refused with a message naming what to fix.
//   bed-run npx mocha --no-config --timeout 600000 --exit out/test/integration/remoteEngine.test.js
import * as assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { createLabConfig } from '../../src/core/config';
import { createSshDockerClient } from '../../src/core/docker/client';
import { processSshSettings, sshSessionOf } from '../../src/core/docker/ssh';
import { SshTunnels } from '../../src/core/docker/sshTunnel';
import { resetStack } from '../../src/core/stack/engine/lifecycle';
import { LABEL } from '../../src/core/stack/plan/labels';
import { useSuiteEngine } from './fixtures/engine';
import { connectOutcome } from '../helpers/ports';
import { REPO_ROOT, cliLabFlags, removeDeadRuns, suiteProjectPrefix, testLabConfig } from './fixtures/lab';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const SSHD = path.join(REPO_ROOT, 'testbed', 'attach', 'sshd.sh');
const SUITE = 'remote';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 480_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`monitoring-lab ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `export KEY=value` lines of the sshd env file (values are plain paths and words). */
function readEnvFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^export (\w+)=(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

describe('integration: a remote Docker engine over SSH (OpenSSH on 127.0.0.1 → the bed engine)', function () {
  this.timeout(900_000);
  const engine = useSuiteEngine(SUITE);
  let ssh: Record<string, string> = {};
  let env: NodeJS.ProcessEnv = {};
  let flags: string[] = [];
  let labDir = '';
  let config: ReturnType<typeof createLabConfig>;

  before(async () => {
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: run npm run build`);
    const up = await promisify(execFile)('bash', [SSHD, 'up'], { encoding: 'utf8' }).catch((err: { stderr?: string; message: string }) => {
      throw new Error(`testbed/attach/sshd.sh up failed: ${err.stderr ?? err.message}`);
    });
    const envFile = (await promisify(execFile)('bash', [SSHD, 'env'], { encoding: 'utf8' })).stdout.trim();
    ssh = readEnvFile(envFile);
    assert.match(ssh.MLAB_SSH_DOCKER_HOST ?? '', /^ssh:\/\/[^@]+@127\.0\.0\.1:\d+$/, up.stderr);
    // Only the key and the host keys this run made: no agent, no ~/.ssh.
    env = {
      ...process.env,
      DOCKER_HOST: ssh.MLAB_SSH_DOCKER_HOST,
      MONITORING_LAB_SSH_IDENTITY: ssh.MLAB_SSH_IDENTITY,
      MONITORING_LAB_SSH_KNOWN_HOSTS: ssh.MLAB_SSH_KNOWN_HOSTS,
      SSH_AUTH_SOCK: '',
    };
    await removeDeadRuns(engine.docker, suiteProjectPrefix(SUITE));
    const { input } = await testLabConfig(SUITE, { profile: 'lite' });
    labDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlab-remote-'));
    config = createLabConfig({
      ...input,
      labBaseDir: labDir,
      stackVersion: (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    });
    flags = ['--profile', 'lite', ...cliLabFlags(config, labDir)];
  });

  after(async () => {
    // Through the bed's socket, not SSH: cleanup must not depend on what is being tested.
    if (config) await resetStack(engine.docker, config).catch(() => undefined);
    if (labDir) fs.rmSync(labDir, { recursive: true, force: true });
    await promisify(execFile)('bash', [SSHD, 'down']).catch(() => undefined);
  });

  it('engine: the CLI reaches the engine through ssh:// and names it', async () => {
    const r = await runCli(['engine'], env);
    assert.equal(r.code, 0, r.stderr);
    const where = ssh.MLAB_SSH_DOCKER_HOST!.replace(/[.]/g, '\\.');
    assert.match(r.stdout, new RegExp(`^Docker \\d+\\.\\d+\\S* \\(API \\d+\\.\\d+, linux/\\w+\\) at ${where} \\(from DOCKER_HOST\\)$`, 'm'));
  });

  it('up (lite) through SSH: exit 0, healthy, and the containers are on the engine behind the SSH server', async () => {
    const r = await runCli(['up', ...flags], env);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /Monitoring Lab \(lite\) is up in/);
    const containers = await engine.docker.listContainers({ filters: { label: [`${LABEL.project}=${config.projectName}`] } });
    const services = containers.map((c) => c.Labels[LABEL.service]).sort();
    assert.deepEqual(services, ['app', 'elasticsearch', 'node-exporter', 'prometheus']);
    assert.ok(
      containers.every((c) => c.State === 'running'),
      containers.map((c) => `${c.Labels[LABEL.service]}: ${c.State}`).join(', '),
    );
  });

  it('status through SSH: every service running (and healthy), exit 0', async () => {
    const r = await runCli(['status', '--json', ...flags], env);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const status = JSON.parse(r.stdout) as Array<{ service: string; state: string; health: string }>;
    assert.deepEqual(
      status.map((s) => [s.service, s.state]),
      ['app', 'elasticsearch', 'prometheus', 'node-exporter'].map((s) => [s, 'running']),
    );
    // As in the CLI suite on the bed's socket: healthy, or "none" where a health check is not reported.
    for (const s of status) assert.match(s.health, /^(healthy|none)$/, `${s.service}: ${s.health}`);
  });

  /** The local port of the automatic tunnel the CLI listed on stderr for a service, or a failure showing the output. */
  function tunnelledPort(r: Run, service: string, remotePort: number): number {
    const line = new RegExp(`^${service}: http://127\\.0\\.0\\.1:(\\d+) → 127\\.0\\.0\\.1:${remotePort} on ssh://\\S+ \\(SSH tunnel\\)$`, 'm').exec(r.stderr);
    assert.ok(line, `no SSH tunnel listed for ${service}:\n${r.stdout}\n${r.stderr}`);
    return Number(line[1]);
  }

  it("scenario brute-force through SSH: the CLI tunnels the app's port for the run (URLs follow the tunnel) and closes it at exit", async () => {
    const r = await runCli(['scenario', 'brute-force', '--count', '5', '--delay-ms', '0', ...flags], env, 300_000);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /^brute-force finished: /m);
    // Engine host and this machine are one here: the app's own port is the lab's, so the tunnel listens on another
    // free one, and the run reached the app through it.
    const local = tunnelledPort(r, 'app', config.ports.app);
    assert.notEqual(local, config.ports.app);
    assert.equal(await connectOutcome(local), 'ECONNREFUSED', `the tunnel's port ${local} still listens after the command exited`);
  });

  it('report through SSH: Elasticsearch and Prometheus are read through the tunnels (exit 0: nothing marked missing), closed at exit', async () => {
    const out = fs.mkdtempSync(path.join(labDir, 'report-'));
    const r = await runCli(['report', '--last', '10m', '--format', 'md', '--out', out, ...flags], env, 300_000);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const es = tunnelledPort(r, 'elasticsearch', config.ports.elasticsearch);
    const prom = tunnelledPort(r, 'prometheus', config.ports.prometheus);
    assert.ok(fs.readdirSync(out).length > 0, `nothing written in ${out}`);
    assert.deepEqual([await connectOutcome(es), await connectOutcome(prom)], ['ECONNREFUSED', 'ECONNREFUSED']);
  });

  it("a tunnel over the engine's SSH connection reaches the app's published port", async () => {
    const target = { host: '127.0.0.1', port: Number(ssh.MLAB_SSH_PORT), username: ssh.MLAB_SSH_USER! };
    const docker = createSshDockerClient(target, () => processSshSettings(target, env));
    const session = sshSessionOf(docker)!;
    // Engine host and this machine are one here, so the local end takes a free port, not the app's own.
    const tunnels = await SshTunnels.open(session, [{ name: 'app', remotePort: config.ports.app, localPort: 0 }]);
    try {
      const res = await fetch(`${tunnels.tunnels[0]!.url}/health`, { signal: AbortSignal.timeout(10_000) });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { status?: string }).status, 'ok');
    } finally {
      await tunnels.close();
      session.close();
    }
  });

  it("tunnel (CLI) on one machine: the local port is the engine host's own, so it says the port is in use (exit 1)", async () => {
    const r = await runCli(['tunnel', ...flags], env, 60_000);
    assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /Cannot open the tunnel for \S+: port \d+ is already in use on this machine\./);
  });

  it('an unknown host key is refused, naming the known_hosts file and ssh-keyscan (exit 1)', async () => {
    const empty = path.join(labDir, 'empty_known_hosts');
    fs.writeFileSync(empty, '');
    const r = await runCli(['status', ...flags], { ...env, MONITORING_LAB_SSH_KNOWN_HOSTS: empty });
    assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
    assert.ok(r.stderr.includes(`is not in ${empty}`), r.stderr);
    assert.match(r.stderr, new RegExp(`ssh-keyscan -p ${ssh.MLAB_SSH_PORT} 127\\.0\\.0\\.1`));
  });

  it('a key the server does not accept is refused, naming the key and MONITORING_LAB_SSH_IDENTITY (exit 1)', async () => {
    const { utils } = await import('ssh2');
    const stranger = path.join(labDir, 'stranger_key');
    fs.writeFileSync(stranger, utils.generateKeyPairSync('ed25519').private, { mode: 0o600 });
    const r = await runCli(['engine'], { ...env, MONITORING_LAB_SSH_IDENTITY: stranger });
    assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
    assert.ok(r.stderr.includes(`refused every SSH key offered (${stranger})`), r.stderr);
    assert.match(r.stderr, /MONITORING_LAB_SSH_IDENTITY/);
  });
});
