// The SSH engine path: known_hosts checks, which keys are offered, dockerode over one SSH connection (an in-process
// ssh2 server that answers `docker system dial-stdio` with a fake engine API), and the port tunnels.
import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Server, utils } from 'ssh2';
import type { SshSettings, SshSettingsInputs } from '../../../../src/core/docker/ssh';
import { SshError, checkKnownHosts, knownHostsName, sshSessionOf, sshSettings } from '../../../../src/core/docker/ssh';
import { SshTunnels } from '../../../../src/core/docker/sshTunnel';
import { createSshDockerClient, explainEngineError } from '../../../../src/core/docker/client';

const KEY = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIKey-one');
const OTHER = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIKey-two');
const b64 = (b: Buffer) => b.toString('base64');

function hashed(name: string): string {
  const salt = Buffer.from('0123456789abcdefghij');
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

describe('core/docker/ssh: known_hosts', () => {
  it('names hosts as OpenSSH does: plain on port 22, [host]:port otherwise', () => {
    assert.equal(knownHostsName('build-box', 22), 'build-box');
    assert.equal(knownHostsName('10.0.0.5', 2222), '[10.0.0.5]:2222');
  });

  it('matches plain, [host]:port, hashed and wildcard entries', () => {
    assert.equal(checkKnownHosts(`build-box ssh-ed25519 ${b64(KEY)}`, 'build-box', 22, KEY), 'match');
    assert.equal(checkKnownHosts(`[127.0.0.1]:18422 ssh-ed25519 ${b64(KEY)} comment`, '127.0.0.1', 18422, KEY), 'match');
    assert.equal(checkKnownHosts(`${hashed('[box]:2222')} ssh-ed25519 ${b64(KEY)}`, 'box', 2222, KEY), 'match');
    assert.equal(checkKnownHosts(`*.lab.example ssh-ed25519 ${b64(KEY)}`, 'a.lab.example', 22, KEY), 'match');
    assert.equal(checkKnownHosts(`# comment\n\nother,build-box ssh-ed25519 ${b64(KEY)}`, 'build-box', 22, KEY), 'match');
  });

  it('the port is part of the name: an entry for port 22 does not vouch for another port', () => {
    assert.equal(checkKnownHosts(`127.0.0.1 ssh-ed25519 ${b64(KEY)}`, '127.0.0.1', 18422, KEY), 'unknown');
  });

  it('a known host with another key is a mismatch; a negated pattern does not match; @revoked wins', () => {
    assert.equal(checkKnownHosts(`build-box ssh-ed25519 ${b64(OTHER)}`, 'build-box', 22, KEY), 'mismatch');
    assert.equal(checkKnownHosts(`build-box ssh-rsa ${b64(OTHER)}\nbuild-box ssh-ed25519 ${b64(KEY)}`, 'build-box', 22, KEY), 'match');
    assert.equal(checkKnownHosts(`*,!build-box ssh-ed25519 ${b64(KEY)}`, 'build-box', 22, KEY), 'unknown');
    assert.equal(checkKnownHosts(`@revoked * ssh-ed25519 ${b64(KEY)}\nbuild-box ssh-ed25519 ${b64(KEY)}`, 'build-box', 22, KEY), 'revoked');
    assert.equal(checkKnownHosts(`@cert-authority * ssh-ed25519 ${b64(KEY)}`, 'build-box', 22, KEY), 'unknown');
    assert.equal(checkKnownHosts('', 'build-box', 22, KEY), 'unknown');
  });
});

describe('core/docker/ssh: settings', () => {
  const HOME = '/home/ada';
  function inputs(env: Record<string, string>, files: Record<string, string>, platform: NodeJS.Platform = 'linux'): SshSettingsInputs {
    return {
      env,
      platform,
      homeDir: HOME,
      localUser: 'ada',
      readFile: (f) => (f in files ? Buffer.from(files[f]!) : undefined),
      isEncryptedKey: (k) => k.toString().includes('ENCRYPTED'),
    };
  }

  it('defaults: the keys of ~/.ssh that exist, unprotected ones in OpenSSH order; the agent; ~/.ssh/known_hosts; the local user', () => {
    const s = sshSettings(
      { host: 'h', port: 22 },
      inputs(
        { SSH_AUTH_SOCK: '/tmp/agent.sock' },
        { [`${HOME}/.ssh/id_rsa`]: 'rsa', [`${HOME}/.ssh/id_ed25519`]: 'ENCRYPTED', [`${HOME}/.ssh/id_ecdsa`]: 'ec' },
      ),
    );
    assert.deepEqual(
      s.identities.map((i) => i.file),
      [`${HOME}/.ssh/id_ecdsa`, `${HOME}/.ssh/id_rsa`],
    );
    assert.deepEqual(s.skipped, [`${HOME}/.ssh/id_ed25519`]);
    assert.equal(s.agent, '/tmp/agent.sock');
    assert.equal(s.knownHostsFile, `${HOME}/.ssh/known_hosts`);
    assert.equal(s.username, 'ada');
  });

  it('MONITORING_LAB_SSH_IDENTITY and MONITORING_LAB_SSH_KNOWN_HOSTS replace the defaults; the URL user wins', () => {
    const s = sshSettings(
      { host: 'h', port: 22, username: 'ops' },
      inputs({ MONITORING_LAB_SSH_IDENTITY: '/keys/lab', MONITORING_LAB_SSH_KNOWN_HOSTS: '/keys/hosts' }, { '/keys/lab': 'k', [`${HOME}/.ssh/id_rsa`]: 'rsa' }),
    );
    assert.deepEqual(
      s.identities.map((i) => i.file),
      ['/keys/lab'],
    );
    assert.equal(s.knownHostsFile, '/keys/hosts');
    assert.equal(s.username, 'ops');
    assert.equal(s.agent, undefined);
  });

  it('a missing or passphrase-protected MONITORING_LAB_SSH_IDENTITY is an error naming it', () => {
    assert.throws(
      () => sshSettings({ host: 'h', port: 22 }, inputs({ MONITORING_LAB_SSH_IDENTITY: '/keys/none' }, {})),
      /MONITORING_LAB_SSH_IDENTITY names \/keys\/none/,
    );
    assert.throws(
      () => sshSettings({ host: 'h', port: 22 }, inputs({ MONITORING_LAB_SSH_IDENTITY: '/keys/enc' }, { '/keys/enc': 'ENCRYPTED' })),
      /passphrase: load it into ssh-agent/,
    );
  });

  it('on Windows without SSH_AUTH_SOCK the OpenSSH agent pipe is used', () => {
    assert.equal(sshSettings({ host: 'h', port: 22 }, inputs({}, {}, 'win32')).agent, '\\\\.\\pipe\\openssh-ssh-agent');
  });
});

/** An SSH server on 127.0.0.1 that accepts one client key and answers dial-stdio with a fake engine API. */
async function fakeEngineHost(clientPublic: Buffer) {
  const hostKey = utils.generateKeyPairSync('ed25519');
  const execs: string[] = [];
  const forwards: string[] = [];
  const api = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(req.url?.endsWith('/version') ? { Version: '99.0.0-fake', ApiVersion: '1.99', Os: 'linux', Arch: 'amd64' } : {}));
  });
  const target = http.createServer((_req, res) => res.end('through the tunnel'));
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  const apiPort = (api.address() as net.AddressInfo).port;
  const allowed = utils.parseKey(clientPublic);
  if (allowed instanceof Error) throw allowed;
  let connections = 0;
  const server = new Server({ hostKeys: [hostKey.private] }, (client) => {
    connections++;
    client.on('authentication', (ctx) => {
      if (ctx.method === 'publickey' && ctx.key.data.equals(allowed.getPublicSSH())) ctx.accept();
      else ctx.reject(['publickey']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        accept().on('exec', (acceptExec, _reject, info) => {
          execs.push(info.command);
          const stream = acceptExec();
          const socket = net.connect(apiPort, '127.0.0.1');
          stream.pipe(socket).pipe(stream);
          socket.on('close', () => {
            stream.exit(0);
            stream.end();
          });
        });
      });
      client.on('tcpip', (accept, _reject, info) => {
        forwards.push(`${info.destIP}:${info.destPort}`);
        const stream = accept();
        const socket = net.connect(info.destPort, info.destIP);
        stream.pipe(socket).pipe(stream);
      });
    });
    client.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const hostPublic = utils.parseKey(hostKey.public);
  if (hostPublic instanceof Error) throw hostPublic;
  return {
    port,
    targetPort: (target.address() as net.AddressInfo).port,
    knownHostsLine: `[127.0.0.1]:${port} ssh-ed25519 ${hostPublic.getPublicSSH().toString('base64')}`,
    execs,
    forwards,
    connections: () => connections,
    close: () => Promise.all([server, api, target].map((s) => new Promise((r) => s.close(r)))),
  };
}

describe('core/docker/ssh: dockerode over one SSH connection (in-process ssh2 server)', function () {
  this.timeout(20_000);
  let host: Awaited<ReturnType<typeof fakeEngineHost>>;
  let dir: string;
  let clientKey: { private: string; public: string };

  before(async () => {
    clientKey = utils.generateKeyPairSync('ed25519');
    host = await fakeEngineHost(Buffer.from(clientKey.public));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlab-ssh-'));
  });
  after(async () => {
    await host.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function settings(knownHosts: string, key = clientKey.private): () => SshSettings {
    const file = path.join(dir, `known_hosts-${Math.random()}`);
    fs.writeFileSync(file, knownHosts);
    return () => ({ username: 'ada', identities: [{ file: 'test-key', key: Buffer.from(key) }], knownHostsFile: file, skipped: [], connectTimeoutMs: 5000 });
  }

  it('answers docker.version() through dial-stdio, several requests on one SSH connection', async () => {
    const before = host.connections();
    const docker = createSshDockerClient({ host: '127.0.0.1', port: host.port, username: 'ada' }, settings(host.knownHostsLine));
    try {
      const v1 = await docker.version();
      const v2 = await docker.version();
      await docker.ping();
      assert.equal(v1.Version, '99.0.0-fake');
      assert.equal(v2.ApiVersion, '1.99');
      assert.ok(host.execs.length >= 3 && host.execs.every((c) => c === 'docker system dial-stdio'), JSON.stringify(host.execs));
      assert.equal(host.connections() - before, 1, 'one SSH connection for all requests');
    } finally {
      sshSessionOf(docker)!.close();
    }
  });

  it('refuses a host whose key is not in known_hosts, and a changed key, with messages naming the file', async () => {
    const unknown = createSshDockerClient({ host: '127.0.0.1', port: host.port }, settings(''));
    await assert.rejects(unknown.version(), (err: unknown) => {
      assert.ok(err instanceof SshError, String(err));
      assert.match(err.message, new RegExp(`is not in .*known_hosts.*ssh-keyscan -p ${host.port} 127\\.0\\.0\\.1`));
      return true;
    });
    const other = utils.generateKeyPairSync('ed25519');
    const otherPublic = utils.parseKey(other.public);
    if (otherPublic instanceof Error) throw otherPublic;
    const changed = createSshDockerClient(
      { host: '127.0.0.1', port: host.port },
      settings(`[127.0.0.1]:${host.port} ssh-ed25519 ${otherPublic.getPublicSSH().toString('base64')}`),
    );
    await assert.rejects(changed.version(), /does not match the one in .*someone may be intercepting/);
    sshSessionOf(unknown)!.close();
    sshSessionOf(changed)!.close();
  });

  it('a key the host does not accept: "refused every SSH key offered", reason permission', async () => {
    const stranger = utils.generateKeyPairSync('ed25519');
    const docker = createSshDockerClient({ host: '127.0.0.1', port: host.port, username: 'ada' }, settings(host.knownHostsLine, stranger.private));
    const err = await docker.version().then(
      () => assert.fail('connected with a key the host does not accept'),
      (e: unknown) => e,
    );
    const explained = explainEngineError(err, { endpoint: { kind: 'ssh', host: '127.0.0.1', port: host.port, source: 'test' }, description: 'ssh://x' });
    assert.equal(explained.reason, 'permission');
    assert.match(explained.message, /refused every SSH key offered \(test-key\) for user ada/);
    sshSessionOf(docker)!.close();
  });

  it('tunnels: a local port forwards to a port on the engine host; an occupied port is named; close() stops listening', async () => {
    const docker = createSshDockerClient({ host: '127.0.0.1', port: host.port }, settings(host.knownHostsLine));
    const session = sshSessionOf(docker)!;
    const tunnels = await SshTunnels.open(session, [{ name: 'app', remotePort: host.targetPort, localPort: 0 }]);
    try {
      const [tunnel] = tunnels.tunnels;
      assert.notEqual(tunnel!.localPort, host.targetPort);
      const body = await (await fetch(`${tunnel!.url}/health`)).text();
      assert.equal(body, 'through the tunnel');
      assert.ok(host.forwards.includes(`127.0.0.1:${host.targetPort}`), JSON.stringify(host.forwards));
      await assert.rejects(
        SshTunnels.open(session, [{ name: 'prometheus', remotePort: host.targetPort, localPort: tunnel!.localPort }]),
        new RegExp(`tunnel for prometheus: port ${tunnel!.localPort} is already in use`),
      );
    } finally {
      await tunnels.close();
      session.close();
    }
    await assert.rejects(fetch(tunnels.tunnels[0]!.url, { signal: AbortSignal.timeout(2000) }));
  });
});
