// A Docker engine reached over SSH (DOCKER_HOST=ssh://user@host:port, or a context with such a host), the way
// the Docker CLI does it: each HTTP connection to the engine is an SSH channel running `docker system dial-stdio`
// on the engine host. Unlike docker-modem's own ssh support (a new SSH connection per request, agent only), one
// SSH connection is shared by all requests and by the port tunnels (sshTunnel.ts), and it authenticates with
// an identity file or the agent and checks the host key against known_hosts (never trust on first use).
//
//   identity:     MONITORING_LAB_SSH_IDENTITY (a private key file), else ~/.ssh/id_ed25519, id_ecdsa, id_rsa
//                 (those that exist and are not passphrase-protected), then the agent (SSH_AUTH_SOCK; on Windows
//                 the OpenSSH agent's pipe).
//   host keys:    MONITORING_LAB_SSH_KNOWN_HOSTS (a file), else ~/.ssh/known_hosts; plain, [host]:port and
//                 hashed entries, wildcards, @revoked. An unknown or changed key stops the connection.
//   user:         the one in the URL, else the local user name (as ssh does).
// ~/.ssh/config (Host aliases, ProxyJump…) is not read: put the real host name, port and user in the URL.
import { createHash, createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Duplex } from 'node:stream';
import type { AgentAuthMethod, Client, ClientChannel, ConnectConfig, PublicKeyAuthMethod } from 'ssh2';
import { t } from '../l10n';

export interface SshTarget {
  host: string;
  port: number;
  username?: string;
}

export interface SshSettings {
  username: string;
  /** Private keys to offer, in order (already read). */
  identities: { file: string; key: Buffer }[];
  /** The agent's socket (or Windows pipe); undefined: no agent. */
  agent?: string;
  knownHostsFile: string;
  /** Identity files skipped (protected by a passphrase, unreadable), for the error message. */
  skipped: string[];
  connectTimeoutMs: number;
}

export interface SshSettingsInputs {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  homeDir: string;
  localUser: string;
  /** The file's bytes, or undefined when it does not exist. */
  readFile(file: string): Buffer | undefined;
  /** True when the key is protected by a passphrase (ssh2's parser says so). */
  isEncryptedKey(key: Buffer): boolean;
}

export const SSH_ENV = { identity: 'MONITORING_LAB_SSH_IDENTITY', knownHosts: 'MONITORING_LAB_SSH_KNOWN_HOSTS' } as const;
const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];
const WINDOWS_AGENT_PIPE = '\\\\.\\pipe\\openssh-ssh-agent';

export class SshError extends Error {
  constructor(
    message: string,
    readonly reason: 'permission' | 'unknown' = 'unknown',
  ) {
    super(message);
  }
}

export function sshSettings(target: SshTarget, inputs: SshSettingsInputs): SshSettings {
  const { env, homeDir } = inputs;
  const sshDir = path.join(homeDir, '.ssh');
  const identities: SshSettings['identities'] = [];
  const skipped: string[] = [];
  const explicit = env[SSH_ENV.identity]?.trim();
  if (explicit) {
    const key = inputs.readFile(explicit);
    if (key === undefined) throw new SshError(t('{0} names {1}, which does not exist.', SSH_ENV.identity, explicit));
    if (inputs.isEncryptedKey(key)) {
      throw new SshError(t('The SSH key {0} ({1}) is protected by a passphrase: load it into ssh-agent (ssh-add) and unset {1}.', explicit, SSH_ENV.identity));
    }
    identities.push({ file: explicit, key });
  } else {
    for (const name of DEFAULT_KEYS) {
      const file = path.join(sshDir, name);
      const key = inputs.readFile(file);
      if (key === undefined) continue;
      if (inputs.isEncryptedKey(key)) skipped.push(file);
      else identities.push({ file, key });
    }
  }
  const agent = env.SSH_AUTH_SOCK?.trim() || (inputs.platform === 'win32' ? WINDOWS_AGENT_PIPE : undefined);
  return {
    username: target.username ?? inputs.localUser,
    identities,
    ...(agent ? { agent } : {}),
    knownHostsFile: env[SSH_ENV.knownHosts]?.trim() || path.join(sshDir, 'known_hosts'),
    skipped,
    connectTimeoutMs: 15_000,
  };
}

/** Settings from the real process: environment, home, user, files. */
export function processSshSettings(target: SshTarget, env: Record<string, string | undefined> = process.env): SshSettings {
  const { utils } = require('ssh2') as typeof import('ssh2');
  return sshSettings(target, {
    env,
    platform: process.platform,
    homeDir: os.homedir(),
    localUser: os.userInfo().username,
    readFile: (file) => {
      try {
        return fs.readFileSync(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new SshError(t('Cannot read the SSH file {0}: {1}', file, (err as Error).message));
      }
    },
    isEncryptedKey: (key) => {
      const parsed = utils.parseKey(key);
      return parsed instanceof Error && /passphrase|encrypted/i.test(parsed.message);
    },
  });
}

// ---------------------------------------------------------------------------------------------- known_hosts

export type HostKeyVerdict = 'match' | 'mismatch' | 'unknown' | 'revoked';

/** The name known_hosts uses for a host: "host" on port 22, "[host]:port" otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function patternMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(name);
}

function hostListMatches(list: string, name: string): boolean {
  let matched = false;
  for (const p of list.split(',')) {
    if (p.startsWith('!')) {
      if (patternMatches(p.slice(1), name)) return false;
    } else if (patternMatches(p, name)) matched = true;
  }
  return matched;
}

/** Checks a host key (the raw key blob the server sent) against known_hosts text, as OpenSSH does. */
export function checkKnownHosts(text: string, host: string, port: number, keyBlob: Buffer): HostKeyVerdict {
  const name = knownHostsName(host, port);
  const presented = keyBlob.toString('base64');
  let sawHost = false;
  let matched = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    let fields = line.split(/\s+/);
    let marker: string | undefined;
    if (fields[0]!.startsWith('@')) {
      marker = fields[0];
      fields = fields.slice(1);
    }
    const [hosts, , key] = fields;
    if (!hosts || !key || !hostListMatches(hosts, name)) continue;
    if (marker === '@cert-authority') continue; // host certificates are not supported: such a line neither allows nor denies
    if (marker === '@revoked') {
      if (key === presented) return 'revoked';
      continue;
    }
    sawHost = true;
    if (key === presented) matched = true;
  }
  return matched ? 'match' : sawHost ? 'mismatch' : 'unknown';
}

function hostKeyError(verdict: Exclude<HostKeyVerdict, 'match'>, target: SshTarget, file: string, fingerprint: string): SshError {
  const name = knownHostsName(target.host, target.port);
  switch (verdict) {
    case 'unknown':
      return new SshError(
        t(
          'The SSH host key of {0} ({1}) is not in {2}. Check the fingerprint with the host\'s administrator, then add it: "ssh-keyscan -p {3} {4} >> {2}" (or connect once with ssh). To use another known_hosts file, set {5}.',
          name,
          fingerprint,
          file,
          String(target.port),
          target.host,
          SSH_ENV.knownHosts,
        ),
      );
    case 'mismatch':
      return new SshError(
        t(
          'The SSH host key of {0} ({1}) does not match the one in {2}: someone may be intercepting the connection, or the host was reinstalled. Not connecting; if the change is expected, remove the old line ("ssh-keygen -R \'{0}\'") and add the new key.',
          name,
          fingerprint,
          file,
        ),
      );
    case 'revoked':
      return new SshError(t('The SSH host key of {0} ({1}) is marked @revoked in {2}. Not connecting.', name, fingerprint, file));
  }
}

function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

// ---------------------------------------------------------------------------------------------- the session

/** One SSH connection to the engine host, opened on first use, shared, closed when idle or on close(). */
export class SshSession {
  private ready: Promise<Client> | undefined;
  private client: Client | undefined;
  private openChannels = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    readonly target: SshTarget,
    private readonly settingsFn: () => SshSettings,
    private readonly idleCloseMs = 10_000,
  ) {}

  get description(): string {
    return `ssh://${this.target.username ? `${this.target.username}@` : ''}${this.target.host}:${this.target.port}`;
  }

  private connect(): Promise<Client> {
    if (this.closed) return Promise.reject(new SshError(t('The SSH connection to {0} was closed.', this.description)));
    if (this.ready) return this.ready;
    let settings: SshSettings;
    try {
      settings = this.settingsFn();
    } catch (err) {
      return Promise.reject(err as Error);
    }
    const { Client } = require('ssh2') as typeof import('ssh2');
    const client = new Client();
    let hostKeyProblem: SshError | undefined;
    const auth: (PublicKeyAuthMethod | AgentAuthMethod)[] = [
      ...settings.identities.map((id) => ({ type: 'publickey' as const, username: settings.username, key: id.key })),
      ...(settings.agent ? [{ type: 'agent' as const, username: settings.username, agent: settings.agent }] : []),
    ];
    if (auth.length === 0) {
      return Promise.reject(
        new SshError(
          t(
            'No SSH key to offer to {0}: set {1} to a private key file, or start ssh-agent with the key loaded (SSH_AUTH_SOCK).{2}',
            this.description,
            SSH_ENV.identity,
            settings.skipped.length ? ` ${t('Skipped (passphrase-protected): {0}.', settings.skipped.join(', '))}` : '',
          ),
        ),
      );
    }
    let knownHosts: string;
    try {
      knownHosts = fs.readFileSync(settings.knownHostsFile, 'utf8');
    } catch {
      knownHosts = '';
    }
    const config: ConnectConfig = {
      host: this.target.host,
      port: this.target.port,
      username: settings.username,
      readyTimeout: settings.connectTimeoutMs,
      keepaliveInterval: 15_000,
      authHandler: auth,
      hostVerifier: (key: Buffer) => {
        const verdict = checkKnownHosts(knownHosts, this.target.host, this.target.port, key);
        if (verdict === 'match') return true;
        hostKeyProblem = hostKeyError(verdict, this.target, settings.knownHostsFile, fingerprintOf(key));
        return false;
      },
    };
    this.client = client;
    this.ready = new Promise<Client>((resolve, reject) => {
      client.once('ready', () => resolve(client));
      client.once('error', (err: Error & { level?: string; code?: string }) => {
        this.forget(client);
        if (hostKeyProblem) return reject(hostKeyProblem);
        if (err.level === 'client-authentication') {
          const offered = [...settings.identities.map((i) => i.file), ...(settings.agent ? [t('the agent')] : [])].join(', ');
          return reject(
            new SshError(
              t(
                '{0} refused every SSH key offered ({1}) for user {2}. Set {3} to the key the engine host accepts, or load it into ssh-agent.',
                this.description,
                offered,
                settings.username,
                SSH_ENV.identity,
              ),
              'permission',
            ),
          );
        }
        reject(err); // network errors keep their code (ECONNREFUSED…), which the engine messages explain
      });
      client.once('close', () => this.forget(client));
    });
    // A failed connect must not leave an unhandled rejection when nobody is waiting yet.
    this.ready.catch(() => undefined);
    client.connect(config);
    return this.ready;
  }

  private forget(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.ready = undefined;
    this.openChannels = 0;
  }

  private track(channel: ClientChannel): void {
    this.openChannels++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    channel.once('close', () => {
      this.openChannels = Math.max(0, this.openChannels - 1);
      if (this.openChannels === 0 && this.client) {
        const client = this.client;
        this.idleTimer = setTimeout(() => {
          if (this.openChannels === 0 && this.client === client) client.end();
        }, this.idleCloseMs);
        this.idleTimer.unref();
      }
    });
  }

  /** A stream to the engine's API: `docker system dial-stdio` on the engine host. */
  async dialStdio(): Promise<Duplex> {
    const client = await this.connect();
    const channel = await new Promise<ClientChannel>((resolve, reject) =>
      client.exec('docker system dial-stdio', (err, stream) => (err ? reject(err) : resolve(stream))),
    );
    this.track(channel);
    let stderr = '';
    let gotData = false;
    channel.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 2000) stderr += chunk.toString('utf8');
    });
    channel.once('data', () => (gotData = true));
    channel.once('exit', (code: number | null) => {
      if (code !== 0 && code !== null && !gotData) {
        channel.emit(
          'error',
          new SshError(
            t(
              '"docker system dial-stdio" failed on {0} (exit {1}): {2}. The engine host needs the Docker CLI on the PATH of the SSH user, and that user needs access to the engine.',
              this.description,
              String(code),
              stderr.trim() || '-',
            ),
          ),
        );
        channel.destroy();
      }
    });
    return asSocket(channel);
  }

  /** A stream to host:port as seen from the engine host (direct-tcpip), for the port tunnels. */
  async forwardOut(host: string, port: number): Promise<Duplex> {
    const client = await this.connect();
    const channel = await new Promise<ClientChannel>((resolve, reject) =>
      client.forwardOut('127.0.0.1', 0, host, port, (err, stream) => (err ? reject(err) : resolve(stream))),
    );
    this.track(channel);
    return channel;
  }

  close(): void {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.client?.end();
    this.client = undefined;
    this.ready = undefined;
  }
}

/** Node's HTTP client calls these on a socket; an SSH channel has none of them. */
function asSocket(channel: ClientChannel): Duplex {
  const socket = channel as unknown as Record<string, unknown>;
  for (const name of ['setTimeout', 'setNoDelay', 'setKeepAlive', 'ref', 'unref']) {
    if (typeof socket[name] !== 'function') socket[name] = () => channel;
  }
  return channel;
}

/** An HTTP agent whose connections are dial-stdio channels of the session (no keep-alive: one channel per request). */
export function sshHttpAgent(session: SshSession): http.Agent {
  const agent = new http.Agent({ keepAlive: false });
  Object.assign(agent, {
    createConnection: (_options: unknown, callback: (err: Error | null, socket?: Duplex) => void) => {
      session.dialStdio().then(
        (socket) => callback(null, socket),
        (err: Error) => callback(err),
      );
      return undefined;
    },
  });
  return agent;
}

const sessions = new WeakMap<object, SshSession>();

/** Remembers the session behind a Docker client (createSshDockerClient in client.ts does). */
export function registerSshSession(docker: object, session: SshSession): void {
  sessions.set(docker, session);
}

/** The SSH session behind a Docker client made for an ssh:// engine (for tunnels and close). */
export function sshSessionOf(docker: object): SshSession | undefined {
  return sessions.get(docker);
}
