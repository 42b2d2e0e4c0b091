import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { EndpointInputs } from '../../../../src/core/docker/endpoint';
import { DockerEndpointError, describeEndpoint, parseDockerHost, resolveDockerEndpoint } from '../../../../src/core/docker/endpoint';
import { useLanguage } from '../../../../src/core/l10n';

const BUNDLES = path.resolve(__dirname, '../../../../../l10n');

const HOME = '/home/ada';

/** Inputs backed by an in-memory file map. */
function inputs(env: Record<string, string>, files: Record<string, string> = {}, platform: NodeJS.Platform = 'linux'): EndpointInputs {
  return {
    env,
    platform,
    homeDir: HOME,
    readFile: (f) => files[f],
    fileExists: (f) => f in files,
  };
}

function contextFiles(name: string, host: string, extra: Record<string, unknown> = {}, configDir = path.join(HOME, '.docker')) {
  const digest = createHash('sha256').update(name).digest('hex');
  return {
    digest,
    files: {
      [path.join(configDir, 'config.json')]: JSON.stringify({ currentContext: name }),
      [path.join(configDir, 'contexts', 'meta', digest, 'meta.json')]: JSON.stringify({
        Name: name,
        Endpoints: { docker: { Host: host, ...extra } },
      }),
    } as Record<string, string>,
  };
}

describe('core/docker/endpoint', () => {
  describe('DOCKER_HOST forms', () => {
    it('unix socket', () => {
      assert.deepEqual(resolveDockerEndpoint(inputs({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' })), {
        kind: 'socket',
        socketPath: '/run/user/1000/docker.sock',
        source: 'DOCKER_HOST',
      });
    });

    it('Windows named pipe, forward or back slashes', () => {
      for (const host of ['npipe:////./pipe/docker_engine', 'npipe://\\\\.\\pipe\\docker_engine']) {
        const ep = resolveDockerEndpoint(inputs({ DOCKER_HOST: host }, {}, 'win32'));
        assert.deepEqual(ep, { kind: 'socket', socketPath: '//./pipe/docker_engine', source: 'DOCKER_HOST' }, host);
      }
    });

    it('tcp without TLS defaults to port 2375', () => {
      assert.deepEqual(resolveDockerEndpoint(inputs({ DOCKER_HOST: 'tcp://10.0.0.5' })), {
        kind: 'tcp',
        host: '10.0.0.5',
        port: 2375,
        source: 'DOCKER_HOST',
      });
    });

    it('tcp with DOCKER_TLS_VERIFY reads the certificates from DOCKER_CERT_PATH', () => {
      const certs = { '/certs/ca.pem': 'CA', '/certs/cert.pem': 'CERT', '/certs/key.pem': 'KEY' };
      const ep = resolveDockerEndpoint(inputs({ DOCKER_HOST: 'tcp://docker.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, certs));
      assert.deepEqual(ep, {
        kind: 'tcp',
        host: 'docker.example',
        port: 2376,
        tls: { verify: true, ca: 'CA', cert: 'CERT', key: 'KEY' },
        source: 'DOCKER_HOST',
      });
    });

    it('DOCKER_TLS_VERIFY=0 does not turn TLS on', () => {
      const ep = resolveDockerEndpoint(inputs({ DOCKER_HOST: 'tcp://h:2375', DOCKER_TLS_VERIFY: '0' }));
      assert.equal(ep.kind === 'tcp' && ep.tls, undefined);
    });

    it('ssh with user and default port', () => {
      assert.deepEqual(resolveDockerEndpoint(inputs({ DOCKER_HOST: 'ssh://me@build-box' })), {
        kind: 'ssh',
        host: 'build-box',
        port: 22,
        username: 'me',
        source: 'DOCKER_HOST',
      });
    });

    it('rejects a host without scheme and an unknown scheme, naming the value', () => {
      assert.throws(() => parseDockerHost('/var/run/docker.sock', 'DOCKER_HOST', undefined), /DOCKER_HOST: "\/var\/run\/docker.sock" has no scheme/);
      assert.throws(() => parseDockerHost('fd://', 'DOCKER_HOST', undefined), DockerEndpointError);
    });

    it('DOCKER_HOST wins over a selected context', () => {
      const { files } = contextFiles('desktop-linux', 'unix:///home/ada/.docker/run/docker.sock');
      const ep = resolveDockerEndpoint(inputs({ DOCKER_HOST: 'unix:///tmp/d.sock' }, files));
      assert.equal(ep.kind === 'socket' && ep.socketPath, '/tmp/d.sock');
    });
  });

  describe('contexts', () => {
    it('uses currentContext from the CLI config (Docker Desktop on Windows: a named pipe)', () => {
      const { files } = contextFiles('desktop-linux', 'npipe:////./pipe/dockerDesktopLinuxEngine');
      const ep = resolveDockerEndpoint(inputs({}, files, 'win32'));
      assert.deepEqual(ep, { kind: 'socket', socketPath: '//./pipe/dockerDesktopLinuxEngine', source: 'context desktop-linux' });
    });

    it('DOCKER_CONTEXT overrides currentContext, and DOCKER_CONFIG moves the config dir', () => {
      const { files } = contextFiles('colima', 'unix:///Users/ada/.colima/default/docker.sock', {}, '/cfg');
      files['/cfg/config.json'] = JSON.stringify({ currentContext: 'other' });
      const ep = resolveDockerEndpoint(inputs({ DOCKER_CONTEXT: 'colima', DOCKER_CONFIG: '/cfg' }, files, 'darwin'));
      assert.equal(ep.kind === 'socket' && ep.socketPath, '/Users/ada/.colima/default/docker.sock');
    });

    it('a tcp context carries its TLS material and SkipTLSVerify', () => {
      const { files, digest } = contextFiles('remote', 'tcp://10.1.2.3:2376', { SkipTLSVerify: true });
      const tlsDir = path.join(HOME, '.docker', 'contexts', 'tls', digest, 'docker');
      files[path.join(tlsDir, 'ca.pem')] = 'CA';
      const ep = resolveDockerEndpoint(inputs({}, files));
      assert.deepEqual(ep, { kind: 'tcp', host: '10.1.2.3', port: 2376, tls: { verify: false, ca: 'CA' }, source: 'context remote' });
    });

    it('"default" context means the platform default', () => {
      const files = { [path.join(HOME, '.docker', 'config.json')]: JSON.stringify({ currentContext: 'default' }) };
      const ep = resolveDockerEndpoint(inputs({}, files));
      assert.equal(ep.kind === 'socket' && ep.socketPath, '/var/run/docker.sock');
    });

    it('a missing context is an error that says how to fix it', () => {
      const files = { [path.join(HOME, '.docker', 'config.json')]: JSON.stringify({ currentContext: 'gone' }) };
      assert.throws(() => resolveDockerEndpoint(inputs({}, files)), /Docker context "gone" is selected but not found.*docker context ls/);
    });

    it('a corrupt CLI config is an error naming the file', () => {
      const files = { [path.join(HOME, '.docker', 'config.json')]: '{not json' };
      assert.throws(() => resolveDockerEndpoint(inputs({}, files)), /config.json is not valid JSON/);
    });
  });

  describe('defaults', () => {
    it('Linux and macOS: /var/run/docker.sock', () => {
      for (const platform of ['linux', 'darwin'] as const) {
        const ep = resolveDockerEndpoint(inputs({}, {}, platform));
        assert.deepEqual(ep, { kind: 'socket', socketPath: '/var/run/docker.sock', source: 'default' });
      }
    });

    it('Windows: the docker_engine named pipe', () => {
      const ep = resolveDockerEndpoint(inputs({}, {}, 'win32'));
      assert.deepEqual(ep, { kind: 'socket', socketPath: '//./pipe/docker_engine', source: 'default' });
      assert.equal(describeEndpoint(ep), 'npipe:////./pipe/docker_engine (from default)');
    });
  });

  describe('in Indonesian', () => {
    afterEach(() => useLanguage('en'));

    it('says where the endpoint came from in Indonesian: DOCKER_HOST stays a variable name, the default and a context are translated', () => {
      const fromEnv = resolveDockerEndpoint(inputs({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }));
      const byDefault = resolveDockerEndpoint(inputs({}));
      const { files } = contextFiles('desktop-linux', 'unix:///home/ada/.docker/desktop/docker.sock');
      const fromContext = resolveDockerEndpoint(inputs({}, files));
      assert.equal(describeEndpoint(fromEnv), 'unix:///run/user/1000/docker.sock (from DOCKER_HOST)');
      assert.equal(useLanguage('id', BUNDLES).language, 'id');
      assert.equal(describeEndpoint(fromEnv), 'unix:///run/user/1000/docker.sock (dari DOCKER_HOST)');
      assert.equal(describeEndpoint(byDefault), 'unix:///var/run/docker.sock (dari bawaan)');
      assert.equal(describeEndpoint(fromContext), 'unix:///home/ada/.docker/desktop/docker.sock (dari konteks desktop-linux)');
      assert.throws(
        () => parseDockerHost('docker.sock', 'context remote', undefined),
        (err: Error) => err.message.startsWith('konteks remote: '),
      );
    });
  });
});
