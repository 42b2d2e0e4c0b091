// The one place that turns a resolved endpoint into a dockerode client, and engine failures into plain words.
import type Docker from 'dockerode';
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { DockerEndpoint, EndpointInputs } from './endpoint';
import { describeEndpoint, resolveDockerEndpoint } from './endpoint';
import type { SshSettings, SshTarget } from './ssh';
import { SshError, SshSession, processSshSettings, registerSshSession, sshHttpAgent } from './ssh';
import { t } from '../l10n';
import { defined } from '../../shared/defined';

const MESSAGES = {
  unreadable: (file: string, code: string | undefined, detail: string) =>
    code
      ? t(
          'Cannot read {0} ({1}), which says where the Docker engine is: {2}. Fix its permissions (it belongs to your user), or set DOCKER_HOST.',
          file,
          code,
          detail,
        )
      : t('Cannot read {0}, which says where the Docker engine is: {1}. Fix its permissions (it belongs to your user), or set DOCKER_HOST.', file, detail),
};

/** Only "not found" means a file is absent; ENOTDIR too (a path component is a file, so the file cannot exist). */
export function isFileNotFound(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Any other failure to read one of Docker's files (EACCES, EISDIR, EIO…), named so the user can fix it. */
export function unreadableDockerFile(file: string, err: unknown): EngineUnreachableError {
  const e = err as NodeJS.ErrnoException | undefined;
  const reason = e?.code === 'EACCES' || e?.code === 'EPERM' ? 'permission' : 'unknown';
  return new EngineUnreachableError(MESSAGES.unreadable(file, e?.code, e?.message ?? String(err)), reason);
}

/**
 * File access for endpoint resolution: a missing file is absent; a file that exists but cannot be read is an
 * error naming it (read as "absent", an unreadable config would silently select another engine).
 */
export function endpointFileAccess(
  fileSystem: { readFileSync(file: string, encoding: 'utf8'): string; statSync(file: string): unknown } = fs,
): Pick<EndpointInputs, 'readFile' | 'fileExists'> {
  return {
    readFile: (file) => {
      try {
        return fileSystem.readFileSync(file, 'utf8');
      } catch (err) {
        if (isFileNotFound(err)) return undefined;
        throw unreadableDockerFile(file, err);
      }
    },
    fileExists: (file) => {
      try {
        fileSystem.statSync(file);
        return true;
      } catch (err) {
        if (isFileNotFound(err)) return false;
        throw unreadableDockerFile(file, err);
      }
    },
  };
}

/** Endpoint inputs from the real process: environment, platform, home directory and files. */
export function processEndpointInputs(env: Record<string, string | undefined> = process.env): EndpointInputs {
  return { env, platform: process.platform, homeDir: os.homedir(), ...endpointFileAccess() };
}

/**
 * A dockerode client for the endpoint. No API version is pinned: dockerode then uses unversioned paths,
 * which every engine answers with its own version (newer engines refuse old pinned versions; Docker 29's
 * minimum is 1.44, while the test engine speaks 1.41).
 */
export function createDockerClient(endpoint: DockerEndpoint): Docker {
  // Loaded on the first connection, not when the extension loads (dockerode brings its HTTP and SSH stacks).
  const Docker = require('dockerode') as typeof import('dockerode');
  switch (endpoint.kind) {
    case 'socket':
      return new Docker({ socketPath: endpoint.socketPath });
    case 'tcp': {
      const tls = endpoint.tls;
      if (!tls) return new Docker({ protocol: 'http', host: endpoint.host, port: endpoint.port });
      return new Docker({
        protocol: 'https',
        host: endpoint.host,
        port: endpoint.port,
        ...defined({ ca: tls.ca }),
        ...defined({ cert: tls.cert }),
        ...defined({ key: tls.key }),
        // dockerode passes unknown options on to the https agent.
        ...({ rejectUnauthorized: tls.verify } as object),
      });
    }
    case 'ssh':
      // One shared SSH connection, identity file or agent, known_hosts checked (ssh.ts).
      return createSshDockerClient({ host: endpoint.host, port: endpoint.port, ...defined({ username: endpoint.username }) });
  }
}

/**
 * A dockerode client for an engine reached over SSH: every connection is a `docker system dial-stdio` channel of
 * one shared SSH connection (ssh.ts: identity file or agent, known_hosts checked). sshSessionOf(docker) gives the
 * session, for port tunnels and for closing it.
 */
export function createSshDockerClient(target: SshTarget, settings: () => SshSettings = () => processSshSettings(target)): Docker {
  const Docker = require('dockerode') as typeof import('dockerode');
  const session = new SshSession(target, settings);
  // host/port only name the engine in dockerode's own messages: every connection comes from the agent, which
  // dockerode hands on to docker-modem (its types do not list it).
  const options = { protocol: 'http', host: target.host, port: target.port, agent: sshHttpAgent(session) };
  const docker = new Docker(options as Docker.DockerOptions);
  registerSshSession(docker, session);
  return docker;
}

/** A connected engine: the client plus where it is, for messages. */
export interface DockerConnection {
  docker: Docker;
  endpoint: DockerEndpoint;
  description: string;
}

export function connectDocker(inputs: EndpointInputs = processEndpointInputs()): DockerConnection {
  const endpoint = resolveDockerEndpoint(inputs);
  return { docker: createDockerClient(endpoint), endpoint, description: describeEndpoint(endpoint) };
}

export class EngineUnreachableError extends Error {
  constructor(
    message: string,
    readonly reason: 'not-running' | 'permission' | 'refused' | 'timeout' | 'unknown',
  ) {
    super(message);
  }
}

const CONNECTION_ERROR_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'ECONNREFUSED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNRESET', 'EPIPE']);

/** True for failures to reach the engine at all (as opposed to the engine answering with an error). */
export function isEngineConnectionError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && CONNECTION_ERROR_CODES.has(code) && (err as { statusCode?: number }).statusCode === undefined;
}

/** Turns a low-level connection error into a sentence a user can act on. */
export function explainEngineError(err: unknown, connection: Pick<DockerConnection, 'endpoint' | 'description'>): EngineUnreachableError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const where = connection.description;
  // SSH problems (host key, refused keys, dial-stdio) come as whole sentences naming what to fix.
  if (err instanceof SshError) return new EngineUnreachableError(`${where}: ${err.message}`, err.reason);
  const isPipe = connection.endpoint.kind === 'socket' && connection.endpoint.socketPath.startsWith('//./pipe/');
  switch (code) {
    case 'ENOENT':
      return new EngineUnreachableError(
        isPipe
          ? t('Docker is not running: the named pipe {0} does not exist. Start Docker Desktop and retry.', where)
          : t('Docker is not running: no socket at {0}. Start Docker (Docker Desktop, or "sudo systemctl start docker") and retry.', where),
        'not-running',
      );
    case 'EACCES':
    case 'EPERM':
      return new EngineUnreachableError(
        t('Permission denied on {0}. Add your user to the "docker" group (then log out and in), or use a rootless/Desktop context.', where),
        'permission',
      );
    case 'ECONNREFUSED':
      return new EngineUnreachableError(t('The Docker engine refused the connection at {0}. Is the daemon running?', where), 'refused');
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
      return new EngineUnreachableError(t('The Docker engine at {0} did not answer in time.', where), 'timeout');
    default:
      return new EngineUnreachableError(
        t('Cannot reach the Docker engine at {0}: {1}. Check "docker context ls" and DOCKER_HOST.', where, (err as Error | undefined)?.message ?? String(err)),
        'unknown',
      );
  }
}

/** Pings the engine; resolves with its version or rejects with an EngineUnreachableError. */
export async function checkEngine(connection: DockerConnection): Promise<{ version: string; apiVersion: string; os: string }> {
  try {
    const v = await connection.docker.version();
    return { version: v.Version, apiVersion: v.ApiVersion, os: `${v.Os}/${v.Arch}` };
  } catch (err) {
    throw explainEngineError(err, connection);
  }
}
