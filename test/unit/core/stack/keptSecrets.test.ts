// Secrets survive an extension update: the lab folder is per version (stack-<version>), the secrets are not.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatDotEnv } from '../../../../src/core/config';
import { readLabSecrets } from '../../../../src/core/lab/labSecrets';
import { SECRETS_FILE_NAME, compareVersions, earlierLabFolders } from '../../../../src/core/stack/labDir/keptSecrets';
import { prepareLabDir } from '../../../../src/core/stack/labDir/labDirectory';
import { testConfig } from './fixtures';

describe('lab secrets across versions', () => {
  let base: string;
  beforeEach(() => (base = fs.mkdtempSync(path.join(os.tmpdir(), 'mlab-secrets-'))));
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  const version = (v: string) => testConfig({ labBaseDir: base, stackVersion: v, secrets: {} });
  const envOf = (v: string) => fs.readFileSync(path.join(base, `stack-${v}`, '.env'), 'utf8');

  it("upgrade: the lab folder of version B gets the secrets version A generated (Grafana's password still works)", () => {
    const a = prepareLabDir(version('0.1.0'));
    assert.match(a.secrets.grafanaAdminPassword, /^[\w-]{32}$/);
    const b = prepareLabDir(version('0.2.0'));
    assert.notEqual(b.labDir, a.labDir, 'each version has its own folder');
    assert.deepEqual(b.secrets, a.secrets);
    assert.match(envOf('0.2.0'), new RegExp(`^GRAFANA_ADMIN_PASSWORD=${a.secrets.grafanaAdminPassword}$`, 'm'));
    const file = path.join(base, SECRETS_FILE_NAME);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600, 'the kept secrets are owner-only');
    // Copy Grafana Password reads them (through readLabSecrets) even before version C first starts.
    assert.equal(readLabSecrets(version('0.3.0')).grafanaAdminPassword, a.secrets.grafanaAdminPassword);
  });

  it('a lab made before the shared file existed: the newest EARLIER folder hands over its secrets', () => {
    const write = (v: string, password: string) => {
      fs.mkdirSync(path.join(base, `stack-${v}`), { recursive: true });
      fs.writeFileSync(
        path.join(base, `stack-${v}`, '.env'),
        formatDotEnv({ LAB_DEMO_PASSWORD: `demo-${v}`, LAB_ADMIN_TOKEN: `token-${v}`, GRAFANA_ADMIN_PASSWORD: password }),
      );
    };
    write('0.9.0', 'older');
    write('0.10.0', 'newest-earlier');
    write('0.12.0', 'later'); // a downgrade's leftover: not "earlier"
    assert.equal(readLabSecrets(version('0.11.0')).grafanaAdminPassword, 'newest-earlier', 'before the first start');
    const prepared = prepareLabDir(version('0.11.0'));
    assert.deepEqual(prepared.secrets, { demoPassword: 'demo-0.10.0', adminToken: 'token-0.10.0', grafanaAdminPassword: 'newest-earlier' });
  });

  it('given secrets still win; the others come from the kept ones', () => {
    const a = prepareLabDir(version('0.1.0'));
    const given = prepareLabDir(testConfig({ labBaseDir: base, stackVersion: '0.2.0', secrets: { demoPassword: 'mine' } }));
    assert.equal(given.secrets.demoPassword, 'mine');
    assert.equal(given.secrets.grafanaAdminPassword, a.secrets.grafanaAdminPassword);
  });

  it('a kept-secrets file that cannot be read is an error, not a reason to make new secrets', () => {
    fs.mkdirSync(path.join(base, SECRETS_FILE_NAME)); // EISDIR
    assert.throws(() => prepareLabDir(version('0.1.0')), /EISDIR/);
  });

  it('orders versions as people read them', () => {
    const sorted = ['0.10.0', '0.9.1', '1.0.0', '1.0.0-rc.2', '1.0.0-rc.10', '0.1.0', 'test'].sort(compareVersions);
    assert.deepEqual(sorted, ['0.1.0', '0.9.1', '0.10.0', '1.0.0-rc.2', '1.0.0-rc.10', '1.0.0', 'test']);
    assert.deepEqual(earlierLabFolders(path.join(base, 'missing'), '1.0.0', 'posix'), []);
  });
});
