// CONTRACT test (Grafana cannot run on these machines): an extension update must not change the Grafana admin
// password. Grafana sets the admin password from GF_SECURITY_ADMIN_PASSWORD on its FIRST start only (an empty
// data volume); afterwards the password is the one in its database, whatever the environment says. A local
// stand-in on 127.0.0.1 behaves that way and answers GET /api/user with 200 for the right Basic credentials and
// 401 {"message":"Invalid username or password"} otherwise, as Grafana's HTTP API is documented to.
// The real part is everything of ours: the lab folder of version A, then of version B, the container
// environment the real plan gives Grafana, and the password "Copy Grafana Password" reads.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LabConfig } from '../../src/core/config';
import { createLabConfig } from '../../src/core/config';
import { readLabSecrets } from '../../src/core/lab/labSecrets';
import { loadStackPlan } from '../../src/core/stack/loadPlan';

const REPO_ROOT = path.resolve(__dirname, '../../..');

/** Grafana's admin login as far as this contract goes: the volume keeps the first start's password. */
class GrafanaStandIn {
  private volumePassword: string | undefined;
  private server: http.Server | undefined;
  url = '';

  /** A container start with this environment, on the same data volume. */
  start(env: string[]): void {
    const given = env.find((e) => e.startsWith('GF_SECURITY_ADMIN_PASSWORD='))?.slice('GF_SECURITY_ADMIN_PASSWORD='.length);
    assert.ok(given, 'the plan gives Grafana GF_SECURITY_ADMIN_PASSWORD');
    this.volumePassword ??= given; // first start only
  }

  async listen(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const auth = req.headers.authorization ?? '';
      const [user, password] = Buffer.from(auth.replace(/^Basic /, ''), 'base64')
        .toString('utf8')
        .split(/:(.*)/s);
      const ok = req.url === '/api/user' && auth.startsWith('Basic ') && user === 'admin' && password === this.volumePassword;
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { login: 'admin', isGrafanaAdmin: true } : { message: 'Invalid username or password' }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  close(): void {
    this.server?.close();
  }
}

async function logsIn(grafanaUrl: string, password: string): Promise<number> {
  const response = await fetch(`${grafanaUrl}/api/user`, { headers: { authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}` } });
  await response.arrayBuffer();
  return response.status;
}

describe('contract: Grafana admin password across an extension update', () => {
  let base: string;
  const grafana = new GrafanaStandIn();
  before(() => grafana.listen());
  after(() => grafana.close());
  beforeEach(() => (base = fs.mkdtempSync(path.join(os.tmpdir(), 'mlab-upgrade-'))));
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  const labAt = (version: string): LabConfig =>
    createLabConfig({
      labBaseDir: base,
      stackSourceDir: path.join(REPO_ROOT, 'resources', 'stack'),
      stackVersion: version,
      profile: 'full',
      projectName: 'mlab-upgrade',
    });
  const grafanaEnv = (config: LabConfig) => loadStackPlan(config).plan.services.grafana!.create.Env ?? [];

  it('version A starts Grafana; after the update to B, the password the extension copies still logs in', async () => {
    const a = labAt('0.1.0');
    grafana.start(grafanaEnv(a)); // first start: the volume takes A's password
    const copiedBefore = readLabSecrets(a).grafanaAdminPassword!;
    assert.equal(await logsIn(grafana.url, copiedBefore), 200);

    const b = labAt('0.2.0');
    const copiedAfterUpdate = readLabSecrets(b).grafanaAdminPassword!; // before B's first start
    grafana.start(grafanaEnv(b)); // B's start, same volume
    const copiedAfterStart = readLabSecrets(b).grafanaAdminPassword!;

    assert.equal(copiedAfterUpdate, copiedBefore);
    assert.equal(copiedAfterStart, copiedBefore);
    assert.equal(await logsIn(grafana.url, copiedAfterStart), 200, 'Grafana accepts the copied password after the update');
    assert.equal(await logsIn(grafana.url, 'not-the-password'), 401, 'the stand-in does refuse a wrong one');
  });
});
