// The editor's SSH tunnels (src/vscode/labTunnels.ts): real local listeners on the lab's port numbers while its
// services run on an engine over SSH (a fake session whose forwards fail), closed when the lab stops, the engine
// connection changes or the extension deactivates; a taken port is named with its service and setting.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { SshSession } from '../../../src/core/docker/ssh';
import { registerSshSession } from '../../../src/core/docker/ssh';
import { installFakeVscode, uninstallFakeVscode } from './fakeVscode';
import { connectOutcome, freePort } from '../../helpers/ports';

type Model = Array<{ service: string; state: string; ports: { hostIp: string; hostPort: number; protocol: string }[] }>;

const running = (service: string, port: number) => ({ service, state: 'running', ports: [{ hostIp: '127.0.0.1', hostPort: port, protocol: 'tcp' }] });

describe('vscode/labTunnels: the editor opens and closes SSH tunnels with the lab', () => {
  let LabTunnels: typeof import('../../../src/vscode/labTunnels').LabTunnels;
  const file = () => require.resolve('../../../src/vscode/labTunnels');

  before(() => {
    installFakeVscode({});
    delete require.cache[file()];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ({ LabTunnels } = require(file()) as typeof import('../../../src/vscode/labTunnels'));
  });
  after(() => {
    delete require.cache[file()];
    uninstallFakeVscode();
  });

  function fakeLab() {
    const listeners: Array<() => void> = [];
    const sshDocker = {};
    const forwarded: number[] = [];
    const session = {
      description: 'ssh://me@box:22',
      forwardOut: (_host: string, port: number) => {
        forwarded.push(port);
        return Promise.reject(new Error('no engine in a unit test'));
      },
    };
    registerSshSession(sshDocker, session as unknown as SshSession);
    const lab = {
      model: [] as Model,
      connection: { docker: sshDocker as object },
      onDidChange: (listener: () => void) => {
        listeners.push(listener);
        return { dispose: () => undefined };
      },
    };
    return { lab, forwarded, fire: () => listeners.forEach((l) => l()) };
  }

  it('running services get a listener on their own port; a later service too; stopping the lab closes them', async () => {
    const [app, prometheus] = [await freePort(), await freePort()];
    const { lab, forwarded } = fakeLab();
    const info: string[] = [];
    const tunnels = new LabTunnels(lab, { info: (l) => info.push(l), warn: (l) => info.push(`WARN ${l}`) });
    try {
      await tunnels.update();
      assert.equal(tunnels.tunnels.length, 0);
      lab.model = [running('app', app), { service: 'prometheus', state: 'starting', ports: [] }];
      await tunnels.update();
      assert.deepEqual(tunnels.tunnels, [{ service: 'app', url: `http://127.0.0.1:${app}` }]);
      assert.equal(await connectOutcome(app), 'connected');
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(forwarded, [app], 'the connection was forwarded over the session');
      assert.ok(info.includes('The lab is reached through an SSH tunnel to ssh://me@box:22:'), info.join('\n'));
      assert.ok(info.includes(`  app: http://127.0.0.1:${app} → 127.0.0.1:${app} on ssh://me@box:22 (SSH tunnel)`), info.join('\n'));

      lab.model = [running('app', app), running('prometheus', prometheus)];
      await tunnels.update();
      assert.deepEqual(
        tunnels.tunnels.map((t) => t.service),
        ['app', 'prometheus'],
      );

      lab.model = lab.model.map((s) => ({ ...s, state: 'exited' }));
      await tunnels.update();
      assert.equal(tunnels.tunnels.length, 0);
      assert.deepEqual([await connectOutcome(app), await connectOutcome(prometheus)], ['ECONNREFUSED', 'ECONNREFUSED']);
      assert.ok(info.includes('SSH tunnels to ssh://me@box:22 closed (no lab service publishes a port).'), info.join('\n'));
    } finally {
      tunnels.dispose();
    }
  });

  it('a new engine connection that is not SSH closes the tunnels; dispose closes them too', async () => {
    const app = await freePort();
    const { lab } = fakeLab();
    const info: string[] = [];
    const tunnels = new LabTunnels(lab, { info: (l) => info.push(l), warn: (l) => info.push(l) });
    lab.model = [running('app', app)];
    await tunnels.update();
    assert.equal(await connectOutcome(app), 'connected');
    lab.connection = { docker: {} }; // reconnect: a local engine now
    await tunnels.update();
    assert.equal(await connectOutcome(app), 'ECONNREFUSED');
    assert.ok(info.includes('SSH tunnels to ssh://me@box:22 closed.'), info.join('\n'));

    // Back on an SSH engine, then the extension deactivates.
    const other = fakeLab();
    lab.connection = other.lab.connection;
    await tunnels.update();
    assert.equal(await connectOutcome(app), 'connected');
    tunnels.dispose();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(await connectOutcome(app), 'ECONNREFUSED');
  });

  it("follows the session's change events, and names a port taken here with its service and setting", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const taken = (blocker.address() as net.AddressInfo).port;
    const { lab, fire } = fakeLab();
    const warned: Array<[string, string | undefined]> = [];
    const tunnels = new LabTunnels(lab, { info: () => undefined, warn: () => undefined }, (message, setting) => warned.push([message, setting]));
    try {
      lab.model = [running('elasticsearch', taken)];
      fire();
      await tunnels.update();
      assert.deepEqual(warned, [
        [`Cannot open the tunnel for elasticsearch: port ${taken} is already in use on this machine.`, 'monitoringLab.ports.elasticsearch'],
      ]);
      fire();
      await tunnels.update();
      assert.equal(warned.length, 1, 'the same taken port is reported once, not at every change');
    } finally {
      tunnels.dispose();
      blocker.close();
    }
  });
});
