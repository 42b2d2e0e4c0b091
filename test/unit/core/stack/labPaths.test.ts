import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { labDirectory, relativeInside, renderedPath, resolveHostPath } from '../../../../src/core/stack/labDir/labPaths';
import { prepareLabDir } from '../../../../src/core/stack/labDir/labDirectory';
import { probePortByBinding } from '../../../../src/core/stack/plan/portCheck';
import { testConfig } from './fixtures';

describe('lab directory', () => {
  describe('paths (POSIX)', () => {
    const lab = '/home/me/.local/share/monitoring-lab/stack-0.1.0';
    it('versions the lab directory', () => {
      assert.equal(labDirectory('/home/me/.local/share/monitoring-lab', '0.1.0', 'posix'), lab);
    });
    it('resolves relative sources against the lab directory, ~ against home, absolute as is', () => {
      assert.equal(resolveHostPath(lab, './prometheus/prometheus.yml', 'posix'), `${lab}/prometheus/prometheus.yml`);
      assert.equal(resolveHostPath(lab, 'app', 'posix'), `${lab}/app`);
      assert.equal(resolveHostPath(lab, '../shared/x', 'posix'), '/home/me/.local/share/monitoring-lab/shared/x');
      assert.equal(resolveHostPath(lab, '/etc//hosts', 'posix'), '/etc/hosts');
      assert.equal(resolveHostPath(lab, '~/data', 'posix', '/home/me'), '/home/me/data');
    });
    it('places rendered copies inside the lab directory only', () => {
      assert.equal(renderedPath(lab, `${lab}/prometheus/prometheus.yml`, 'posix'), `${lab}/.rendered/prometheus/prometheus.yml`);
      assert.equal(renderedPath(lab, '/etc/hosts', 'posix'), undefined);
      assert.equal(relativeInside(lab, `${lab}-old/x`, 'posix'), undefined);
    });
  });

  describe('paths (Windows)', () => {
    const base = 'C:\\Users\\Me\\AppData\\Roaming\\Code\\User\\globalStorage\\monitoring-lab.monitoring-lab';
    const lab = `${base}\\stack-0.1.0`;
    it('versions the lab directory with backslashes', () => {
      assert.equal(labDirectory(base, '0.1.0', 'win32'), lab);
      assert.equal(labDirectory('C:/Users/Me/lab', '0.1.0', 'win32'), 'C:\\Users\\Me\\lab\\stack-0.1.0');
    });
    it('resolves relative sources with forward slashes to Windows paths', () => {
      assert.equal(resolveHostPath(lab, './prometheus/prometheus.yml', 'win32'), `${lab}\\prometheus\\prometheus.yml`);
      assert.equal(resolveHostPath(lab, '.\\app', 'win32'), `${lab}\\app`);
    });
    it('keeps drive-letter, UNC and VM paths', () => {
      assert.equal(resolveHostPath(lab, 'D:/data/es', 'win32'), 'D:\\data\\es');
      assert.equal(resolveHostPath(lab, 'd:\\data', 'win32'), 'd:\\data');
      assert.equal(resolveHostPath(lab, '\\\\server\\share\\x', 'win32'), '\\\\server\\share\\x');
      assert.equal(resolveHostPath(lab, '/var/run/docker.sock', 'win32'), '/var/run/docker.sock');
      assert.equal(resolveHostPath(lab, '~\\data', 'win32', 'C:\\Users\\Me'), 'C:\\Users\\Me\\data');
    });
    it('compares case-insensitively and keeps the file casing', () => {
      const file = `${lab.toUpperCase()}\\Prometheus\\prometheus.yml`;
      assert.equal(relativeInside(lab, file, 'win32'), 'Prometheus\\prometheus.yml');
      assert.equal(renderedPath(lab, `${lab}\\prometheus\\prometheus.yml`, 'win32'), `${lab}\\.rendered\\prometheus\\prometheus.yml`);
    });
  });

  describe('preparing it on disk', () => {
    let tmp: string;
    beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlab-labdir-'))));
    afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it('copies the stack, generates secrets once into an owner-only .env, and keeps them', () => {
      const config = testConfig({ labBaseDir: tmp, secrets: {} });
      const first = prepareLabDir(config);
      assert.equal(first.labDir, path.join(tmp, 'stack-0.1.0'));
      assert.ok(fs.existsSync(path.join(first.labDir, 'prometheus', 'prometheus.yml')));
      assert.ok(fs.existsSync(path.join(first.labDir, 'app', 'Dockerfile')));
      const envFile = path.join(first.labDir, '.env');
      assert.equal(fs.statSync(envFile).mode & 0o777, 0o600);
      assert.match(first.secrets.demoPassword, /^[\w-]{32}$/);
      assert.notEqual(first.secrets.demoPassword, first.secrets.adminToken);
      assert.equal(first.variables.LAB_DEMO_PASSWORD, first.secrets.demoPassword);
      assert.match(fs.readFileSync(envFile, 'utf8'), new RegExp(`^LAB_DEMO_PASSWORD=${first.secrets.demoPassword}$`, 'm'));
      assert.match(fs.readFileSync(envFile, 'utf8'), /^COMPOSE_PROJECT_NAME=mlab-unit$/m);

      const second = prepareLabDir(testConfig({ labBaseDir: tmp, secrets: {}, ports: { app: 18080 } }));
      assert.deepEqual(second.secrets, first.secrets);
      assert.equal(second.variables.LAB_APP_PORT, '18080');

      const given = prepareLabDir(testConfig({ labBaseDir: tmp, secrets: { demoPassword: 'mine $pecial' } }));
      assert.equal(given.secrets.demoPassword, 'mine $pecial');
      assert.equal(given.secrets.adminToken, first.secrets.adminToken, 'secrets not given stay as generated');
      assert.match(fs.readFileSync(envFile, 'utf8'), /^LAB_DEMO_PASSWORD='mine \$pecial'$/m);
    });

    it('refuses a stack source without compose.yaml', () => {
      assert.throws(() => prepareLabDir(testConfig({ labBaseDir: tmp, stackSourceDir: tmp })), /has no compose\.yaml/);
    });
  });

  it('port probe: a bound port is reported in use, a free one is not', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      assert.equal(await probePortByBinding('127.0.0.1', port), 'is already in use');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    assert.equal(await probePortByBinding('127.0.0.1', port), undefined);
  });
});
