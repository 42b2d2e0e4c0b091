// Lab port access: the tunnels for a lab on an SSH engine (opened once per published port, reopened when the set
// changes, closed on close), a taken local port (another port the URLs follow, or a message naming port and
// service), serviceUrl following the tunnels, and the tcp:// engine elsewhere whose bind address cannot be reached.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { TunnelSpec } from '../../../../src/core/docker/sshTunnel';
import { TunnelPortInUseError } from '../../../../src/core/docker/sshTunnel';
import type { DockerEndpoint } from '../../../../src/core/docker/endpoint';
import { serviceUrl, withServiceAccess } from '../../../../src/core/lab/endpoints';
import type { PortTunnel, TunnelOpener } from '../../../../src/core/lab/portAccess';
import { LabPortAccess, describeTunnel, publishedPorts, remoteEngineReachProblem, sshTunnelOpener } from '../../../../src/core/lab/portAccess';
import { createLabConfig } from '../../../../src/core/config';

/** A fake opener: records opens and closes; ports in `taken` are refused as in use, 0 gets 40000, 40001… */
function fakeOpener(taken: number[] = []): { open: TunnelOpener; opened: TunnelSpec[]; closed: string[]; live: Set<string> } {
  const opened: TunnelSpec[] = [];
  const closed: string[] = [];
  const live = new Set<string>();
  let next = 40000;
  const open: TunnelOpener = (spec) => {
    if (taken.includes(spec.localPort)) return Promise.reject(new TunnelPortInUseError(spec));
    opened.push(spec);
    const localPort = spec.localPort || next++;
    const id = `${spec.name}:${localPort}`;
    live.add(id);
    const tunnel: PortTunnel = {
      tunnel: { ...spec, localPort, url: `http://127.0.0.1:${localPort}` },
      close: () => {
        closed.push(id);
        live.delete(id);
        return Promise.resolve();
      },
    };
    return Promise.resolve(tunnel);
  };
  return { open, opened, closed, live };
}

const running = (service: string, port: number, hostIp = '127.0.0.1') => ({
  service,
  state: 'running',
  ports: [{ hostIp, hostPort: port, containerPort: port, protocol: 'tcp' }],
});

describe('core/lab/portAccess: the lab port access', () => {
  it('publishedPorts: TCP ports of running services only', () => {
    const status = [
      running('app', 8088),
      { service: 'elasticsearch', state: 'exited', ports: [{ hostIp: '127.0.0.1', hostPort: 9200, containerPort: 9200, protocol: 'tcp' }] },
      { service: 'prometheus', state: 'running', ports: [{ hostIp: '0.0.0.0', hostPort: 9090, containerPort: 9090, protocol: 'udp' }] },
    ];
    assert.deepEqual(publishedPorts(status), [{ service: 'app', hostIp: '127.0.0.1', port: 8088 }]);
  });

  it('opens one tunnel per published port on the same local port; the same ports again change nothing', async () => {
    const fake = fakeOpener();
    const access = new LabPortAccess({ open: fake.open, whenTaken: 'fail' });
    const ports = publishedPorts([running('app', 8088), running('elasticsearch', 9200, '0.0.0.0')]);
    const first = await access.sync(ports);
    assert.equal(first.changed, true);
    assert.deepEqual(
      fake.opened.map((s) => [s.name, s.localPort, s.remoteHost, s.remotePort]),
      [
        ['app', 8088, '127.0.0.1', 8088],
        // A wildcard publication is forwarded to the engine host's loopback.
        ['elasticsearch', 9200, '127.0.0.1', 9200],
      ],
    );
    const again = await access.sync([...ports].reverse());
    assert.equal(again.changed, false);
    assert.equal(fake.opened.length, 2, 'no second open for the same ports');
    assert.deepEqual(access.access, { host: '127.0.0.1', ports: { app: 8088, elasticsearch: 9200 } });
  });

  it('a service started later gets its tunnel, a stopped one loses it, the others stay open; close ends all', async () => {
    const fake = fakeOpener();
    const access = new LabPortAccess({ open: fake.open, whenTaken: 'fail' });
    await access.sync(publishedPorts([running('app', 8088), running('elasticsearch', 9200)]));
    await access.sync(publishedPorts([running('app', 8088), running('prometheus', 9090)]));
    assert.deepEqual(fake.closed, ['elasticsearch:9200']);
    assert.deepEqual([...fake.live].sort(), ['app:8088', 'prometheus:9090']);
    assert.equal(fake.opened.filter((s) => s.name === 'app').length, 1, 'the app tunnel was kept, not reopened');
    await access.close();
    assert.deepEqual([...fake.live], []);
    assert.equal(access.access, undefined);
    // After close, the same ports open again (idempotence is per open set, not forever).
    await access.sync(publishedPorts([running('app', 8088)]));
    assert.deepEqual([...fake.live], ['app:8088']);
  });

  it('concurrent syncs are serialised: a burst of the same state opens each port once', async () => {
    const fake = fakeOpener();
    const access = new LabPortAccess({ open: fake.open, whenTaken: 'fail' });
    const ports = publishedPorts([running('app', 8088)]);
    await Promise.all([access.sync(ports), access.sync(ports), access.sync(ports)]);
    assert.equal(fake.opened.length, 1);
  });

  it("'fail': a taken local port is named with its service, the others still open", async () => {
    const fake = fakeOpener([9200]);
    const access = new LabPortAccess({ open: fake.open, whenTaken: 'fail' });
    const result = await access.sync(publishedPorts([running('app', 8088), running('elasticsearch', 9200)]));
    assert.deepEqual(
      result.tunnels.map((t) => t.name),
      ['app'],
    );
    assert.equal(result.problems.length, 1);
    assert.equal(result.problems[0]!.message, 'Cannot open the tunnel for elasticsearch: port 9200 is already in use on this machine.');
    // Not retried (nor reported again) until the published ports change.
    assert.equal((await access.sync(publishedPorts([running('app', 8088), running('elasticsearch', 9200)]))).changed, false);
  });

  it("'other-port': a taken local port is replaced by a free one, and serviceUrl follows it", async () => {
    const fake = fakeOpener([8088]);
    const access = new LabPortAccess({ open: fake.open, whenTaken: 'other-port' });
    const result = await access.sync(publishedPorts([running('app', 8088), running('prometheus', 9090)]));
    assert.deepEqual(result.problems, []);
    assert.deepEqual(access.access, { host: '127.0.0.1', ports: { app: 40000, prometheus: 9090 } });
    const config = createLabConfig({ labBaseDir: '/tmp/lab', stackSourceDir: '/tmp/src', stackVersion: '0.1.0', bindAddress: '::1' });
    const reached = withServiceAccess(config, access.access);
    assert.equal(serviceUrl(reached, 'app'), 'http://127.0.0.1:40000');
    // A tunnel listens on 127.0.0.1 even when the engine host publishes on ::1.
    assert.equal(serviceUrl(reached, 'prometheus'), 'http://127.0.0.1:9090');
    // Services without a tunnel, and a configuration without access, keep the bind address.
    assert.equal(serviceUrl(reached, 'grafana'), `http://[::1]:${config.ports.grafana}`);
    assert.equal(serviceUrl(config, 'app'), `http://[::1]:${config.ports.app}`);
    assert.equal(withServiceAccess(config, undefined), config);
  });

  it('an SSH failure is thrown, and the next sync tries again', async () => {
    let fail = true;
    const fake = fakeOpener();
    const access = new LabPortAccess({
      open: (spec) => (fail ? Promise.reject(new Error('ssh: connection refused')) : fake.open(spec)),
      whenTaken: 'fail',
    });
    const ports = publishedPorts([running('app', 8088)]);
    await assert.rejects(access.sync(ports), /connection refused/);
    fail = false;
    const result = await access.sync(ports);
    assert.equal(result.changed, true);
    assert.deepEqual([...fake.live], ['app:8088']);
  });

  it('sshTunnelOpener: a real listener on the remote port, forwarded through the session, refused as in use when taken', async () => {
    const forwarded: Array<[string, number]> = [];
    const session = {
      forwardOut: (host: string, port: number) => {
        forwarded.push([host, port]);
        return Promise.reject(new Error('no engine in a unit test'));
      },
    };
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const takenPort = (blocker.address() as net.AddressInfo).port;
    try {
      const open = sshTunnelOpener(session);
      await assert.rejects(open({ name: 'grafana', remotePort: takenPort, localPort: takenPort }), (err: unknown) => {
        assert.ok(err instanceof TunnelPortInUseError);
        assert.equal(err.message, `Cannot open the tunnel for grafana: port ${takenPort} is already in use on this machine.`);
        return true;
      });
      const tunnel = await open({ name: 'app', remotePort: 8088, localPort: 0, remoteHost: '::1' });
      const closedByTunnel = new Promise<void>((resolve) => {
        const socket = net.connect(tunnel.tunnel.localPort, '127.0.0.1');
        socket.on('error', () => resolve());
        socket.on('close', () => resolve());
      });
      await closedByTunnel;
      assert.deepEqual(forwarded, [['::1', 8088]]);
      await tunnel.close();
      const refused = await new Promise<string>((resolve) => {
        const socket = net.connect(tunnel.tunnel.localPort, '127.0.0.1');
        socket.on('connect', () => resolve('connected'));
        socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? ''));
      });
      assert.equal(refused, 'ECONNREFUSED');
    } finally {
      blocker.close();
    }
  });

  it('describeTunnel names service, local URL, remote address and the SSH host', () => {
    const line = describeTunnel({ name: 'app', remotePort: 8088, localPort: 40000, remoteHost: '127.0.0.1', url: 'http://127.0.0.1:40000' }, 'ssh://me@box:22');
    assert.equal(line, 'app: http://127.0.0.1:40000 → 127.0.0.1:8088 on ssh://me@box:22 (SSH tunnel)');
  });

  describe('remoteEngineReachProblem (tcp:// engine on another host)', () => {
    const tcp = (host: string): DockerEndpoint => ({ kind: 'tcp', host, port: 2376, source: 'DOCKER_HOST' });
    it('loopback bind address on a remote engine: names the host, the address and the setting', () => {
      const problem = remoteEngineReachProblem(tcp('build-box'), { bindAddress: '127.0.0.1' }) ?? '';
      assert.ok(problem.includes('on build-box (tcp)'), problem);
      assert.ok(problem.includes('publishes its ports on 127.0.0.1 there'), problem);
      assert.ok(problem.includes('monitoringLab.bindAddress'), problem);
    });
    it("wildcard bind address: the URLs would point to this machine's loopback", () => {
      assert.match(remoteEngineReachProblem(tcp('10.0.0.5'), { bindAddress: '0.0.0.0' }) ?? '', /URLs point to this machine's loopback/);
    });
    it("the engine host's own address, a local tcp engine, ssh and socket engines: no problem", () => {
      assert.equal(remoteEngineReachProblem(tcp('10.0.0.5'), { bindAddress: '10.0.0.5' }), undefined);
      assert.equal(remoteEngineReachProblem(tcp('127.0.0.1'), { bindAddress: '127.0.0.1' }), undefined);
      assert.equal(remoteEngineReachProblem(tcp('localhost'), { bindAddress: '127.0.0.1' }), undefined);
      assert.equal(remoteEngineReachProblem({ kind: 'ssh', host: 'box', port: 22, source: 'DOCKER_HOST' }, { bindAddress: '127.0.0.1' }), undefined);
      assert.equal(remoteEngineReachProblem({ kind: 'socket', socketPath: '/var/run/docker.sock', source: 'default' }, { bindAddress: '0.0.0.0' }), undefined);
    });
  });
});
