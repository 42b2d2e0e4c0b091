// Reading Docker's own files while resolving the engine: only "not found" means absent; a file that exists
// but cannot be read is an error naming it (read as absent, it would silently select another engine).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineUnreachableError, endpointFileAccess, processEndpointInputs } from '../../../../src/core/docker/client';
import { resolveDockerEndpoint } from '../../../../src/core/docker/endpoint';

const errno = (code: string) => Object.assign(new Error(`${code}: failed`), { code });

describe('core/docker/client: Docker config files', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlab-dockercfg-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a missing Docker config means the platform default', () => {
    const ep = resolveDockerEndpoint({ ...processEndpointInputs({ DOCKER_CONFIG: dir }), platform: 'linux' });
    assert.deepEqual(ep, { kind: 'socket', socketPath: '/var/run/docker.sock', source: 'default' });
  });

  it('a config.json that exists but cannot be read is an error naming the file (real file system: a folder)', () => {
    const file = path.join(dir, 'config.json');
    fs.mkdirSync(file); // readFileSync: EISDIR, a real "not ENOENT" failure even for root
    assert.throws(
      () => resolveDockerEndpoint({ ...processEndpointInputs({ DOCKER_CONFIG: dir }), platform: 'linux' }),
      (err: Error) => err instanceof EngineUnreachableError && err.message.includes(file) && /EISDIR/.test(err.message),
    );
  });

  it('EACCES on config.json surfaces as a permission problem naming the file', () => {
    const file = path.join('/home/ada/.docker', 'config.json');
    const access = endpointFileAccess({
      readFileSync: (f) => {
        if (f === file) throw errno('EACCES');
        throw errno('ENOENT');
      },
      statSync: () => {
        throw errno('ENOENT');
      },
    });
    assert.throws(
      () => resolveDockerEndpoint({ env: {}, platform: 'linux', homeDir: '/home/ada', ...access }),
      (err: Error) => err instanceof EngineUnreachableError && err.reason === 'permission' && err.message.includes(file) && err.message.includes('EACCES'),
    );
  });

  it('fileExists: ENOENT and ENOTDIR are absent, EACCES is an error', () => {
    const failing = (code: string) =>
      endpointFileAccess({
        readFileSync: () => '',
        statSync: () => {
          throw errno(code);
        },
      });
    assert.equal(failing('ENOENT').fileExists('/x/ca.pem'), false);
    assert.equal(failing('ENOTDIR').fileExists('/x/ca.pem'), false);
    assert.throws(() => failing('EACCES').fileExists('/x/ca.pem'), /\/x\/ca\.pem \(EACCES\)/);
  });
});
