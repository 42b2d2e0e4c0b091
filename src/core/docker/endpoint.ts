// Where is the Docker engine? Resolved the way the Docker CLI does it, because dockerode does not:
//   1. DOCKER_HOST (with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH for tcp),
//   2. else the Docker context named by DOCKER_CONTEXT, else the CLI config's `currentContext`,
//   3. else the platform default (unix socket, or the Windows named pipe).
// Pure: the environment, platform and file reads are injected, so every form is unit-testable.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { t } from '../l10n';

export type DockerEndpoint =
  | { kind: 'socket'; socketPath: string; source: string }
  | { kind: 'tcp'; host: string; port: number; tls?: TlsFiles; source: string }
  | { kind: 'ssh'; host: string; port: number; username?: string; source: string };

export interface TlsFiles {
  ca?: string;
  cert?: string;
  key?: string;
  /** Verify the server certificate (DOCKER_TLS_VERIFY, or a context without SkipTLSVerify). */
  verify: boolean;
}

export interface EndpointInputs {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  homeDir: string;
  /** Returns the file's text, or undefined when it does not exist. */
  readFile(file: string): string | undefined;
  fileExists(file: string): boolean;
}

export class DockerEndpointError extends Error {}

const WINDOWS_DEFAULT_PIPE = 'npipe:////./pipe/docker_engine';
const UNIX_DEFAULT_SOCKET = 'unix:///var/run/docker.sock';

export function resolveDockerEndpoint(inputs: EndpointInputs): DockerEndpoint {
  const { env } = inputs;
  const dockerHost = env.DOCKER_HOST?.trim();
  if (dockerHost) {
    const tls = tlsFromEnv(inputs);
    return parseDockerHost(dockerHost, 'DOCKER_HOST', tls);
  }
  const contextName = env.DOCKER_CONTEXT?.trim() || readCurrentContext(inputs);
  if (contextName && contextName !== 'default') {
    return endpointFromContext(inputs, contextName);
  }
  const fallback = inputs.platform === 'win32' ? WINDOWS_DEFAULT_PIPE : UNIX_DEFAULT_SOCKET;
  return parseDockerHost(fallback, 'default', undefined);
}

/** Parses the forms DOCKER_HOST and context endpoints take: unix://, npipe://, tcp://, http(s)://, ssh://. */
export function parseDockerHost(host: string, source: string, tls: TlsFiles | undefined): DockerEndpoint {
  const schemeEnd = host.indexOf('://');
  if (schemeEnd < 0) {
    throw new DockerEndpointError(t('{0}: "{1}" has no scheme; expected unix://, npipe://, tcp:// or ssh://', source, host));
  }
  const scheme = host.slice(0, schemeEnd).toLowerCase();
  const rest = host.slice(schemeEnd + 3);
  switch (scheme) {
    case 'unix':
      if (!rest.startsWith('/')) throw new DockerEndpointError(t('{0}: "{1}" is not an absolute socket path', source, host));
      return { kind: 'socket', socketPath: rest, source };
    case 'npipe': {
      // npipe:////./pipe/docker_engine → //./pipe/docker_engine (what Node's net module expects on Windows).
      const pipe = rest
        .replace(/\//g, '\\')
        .replace(/^\\\\\.\\pipe\\/, '//./pipe/')
        .replace(/\\/g, '/');
      if (!pipe.startsWith('//./pipe/')) throw new DockerEndpointError(t('{0}: "{1}" is not a named pipe path', source, host));
      return { kind: 'socket', socketPath: pipe, source };
    }
    case 'tcp':
    case 'http':
    case 'https': {
      const url = new URL(`http://${rest}`);
      const useTls = scheme === 'https' || (tls !== undefined && scheme !== 'http');
      const defaultPort = useTls ? 2376 : 2375;
      return {
        kind: 'tcp',
        host: url.hostname,
        port: url.port ? Number(url.port) : defaultPort,
        ...(useTls ? { tls: tls ?? { verify: true } } : {}),
        source,
      };
    }
    case 'ssh': {
      const url = new URL(`ssh://${rest}`);
      return {
        kind: 'ssh',
        host: url.hostname,
        port: url.port ? Number(url.port) : 22,
        ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
        source,
      };
    }
    default:
      throw new DockerEndpointError(t('{0}: unsupported scheme "{1}://" in "{2}"', source, scheme, host));
  }
}

/** Short human description for messages and the tree ("unix:///var/run/docker.sock (context desktop-linux)"). */
export function describeEndpoint(endpoint: DockerEndpoint): string {
  const where =
    endpoint.kind === 'socket'
      ? endpoint.socketPath.startsWith('//./pipe/')
        ? `npipe://${endpoint.socketPath}`
        : `unix://${endpoint.socketPath}`
      : endpoint.kind === 'tcp'
        ? `tcp://${endpoint.host}:${endpoint.port}${endpoint.tls ? ' (TLS)' : ''}`
        : `ssh://${endpoint.username ? `${endpoint.username}@` : ''}${endpoint.host}:${endpoint.port}`;
  return `${where} (from ${endpoint.source})`;
}

function dockerConfigDir(inputs: EndpointInputs): string {
  return inputs.env.DOCKER_CONFIG?.trim() || path.join(inputs.homeDir, '.docker');
}

function readCurrentContext(inputs: EndpointInputs): string | undefined {
  const file = path.join(dockerConfigDir(inputs), 'config.json');
  const text = inputs.readFile(file);
  if (text === undefined) return undefined;
  try {
    const config = JSON.parse(text) as { currentContext?: unknown };
    return typeof config.currentContext === 'string' && config.currentContext ? config.currentContext : undefined;
  } catch (err) {
    throw new DockerEndpointError(t('Docker CLI config {0} is not valid JSON: {1}', file, (err as Error).message));
  }
}

/** Docker stores a context under the SHA-256 of its name: contexts/meta/<digest>/meta.json. */
function endpointFromContext(inputs: EndpointInputs, name: string): DockerEndpoint {
  const digest = createHash('sha256').update(name).digest('hex');
  const configDir = dockerConfigDir(inputs);
  const metaFile = path.join(configDir, 'contexts', 'meta', digest, 'meta.json');
  const text = inputs.readFile(metaFile);
  if (text === undefined) {
    throw new DockerEndpointError(
      t('Docker context "{0}" is selected but not found ({1}). Run "docker context ls" and "docker context use <name>".', name, metaFile),
    );
  }
  let meta: { Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } } };
  try {
    meta = JSON.parse(text) as typeof meta;
  } catch (err) {
    throw new DockerEndpointError(t('Docker context "{0}" metadata is not valid JSON: {1}', name, (err as Error).message));
  }
  const docker = meta.Endpoints?.docker;
  if (!docker || typeof docker.Host !== 'string' || !docker.Host) {
    throw new DockerEndpointError(t('Docker context "{0}" has no Docker endpoint host', name));
  }
  const tlsDir = path.join(configDir, 'contexts', 'tls', digest, 'docker');
  const tls = tlsFromDir(inputs, tlsDir, docker.SkipTLSVerify !== true);
  return parseDockerHost(docker.Host, `context ${name}`, tls);
}

function tlsFromEnv(inputs: EndpointInputs): TlsFiles | undefined {
  // Like the Docker CLI: DOCKER_TLS_VERIFY turns on TLS with verification, DOCKER_TLS on TLS without it.
  const { env } = inputs;
  const isSet = (v: string | undefined) => v !== undefined && v !== '' && v !== '0';
  const verify = isSet(env.DOCKER_TLS_VERIFY);
  if (!verify && !isSet(env.DOCKER_TLS)) return undefined;
  const dir = env.DOCKER_CERT_PATH?.trim() || dockerConfigDir(inputs);
  return tlsFromDir(inputs, dir, verify) ?? { verify };
}

function tlsFromDir(inputs: EndpointInputs, dir: string, verify: boolean): TlsFiles | undefined {
  const files = { ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem') };
  const present = Object.values(files).some((f) => inputs.fileExists(f));
  if (!present) return undefined;
  const read = (f: string) => (inputs.fileExists(f) ? inputs.readFile(f) : undefined);
  const tls: TlsFiles = { verify };
  const ca = read(files.ca);
  const cert = read(files.cert);
  const key = read(files.key);
  if (ca !== undefined) tls.ca = ca;
  if (cert !== undefined) tls.cert = cert;
  if (key !== undefined) tls.key = key;
  return tls;
}
