// How this machine reaches the lab's published ports when the Docker engine is elsewhere.
//
//   ssh://   the lab publishes on the engine host's loopback (bind address 127.0.0.1 there): LabPortAccess keeps one
//            local listener per published port, forwarded over the engine's SSH connection (sshTunnel.ts). The local
//            port is the remote one; when that is taken here, either the caller's URLs follow another free port
//            (`access`, read by serviceUrl: the CLI, whose configuration lives for one command) or the port is named
//            as taken (the editor, whose URLs come from its settings).
//   tcp://   no tunnel: the ports are reached at the address the lab publishes on, which is also what serviceUrl
//            puts in the URLs. On an engine on another host that address must be the engine host's own address
//            that this machine reaches (the bind address setting); loopback or a wildcard are named as a problem.
import type { LabConfig, LabService } from '../config';
import { isLabService, isLoopback } from '../config';
import type { DockerEndpoint } from '../docker/endpoint';
import type { SshSession } from '../docker/ssh';
import type { OpenTunnel, TunnelSpec } from '../docker/sshTunnel';
import { SshTunnels, TunnelPortInUseError } from '../docker/sshTunnel';
import type { ServiceAccess } from './endpoints';
import { t } from '../l10n';

/** One port the lab publishes on the engine host (from the stack's status). */
export interface PublishedPort {
  service: string;
  /** The address it is published on, as the engine reports it ('0.0.0.0' for a wildcard). */
  hostIp: string;
  port: number;
}

/** The published TCP ports of the running services (what a tunnel can forward). */
export function publishedPorts(
  status: readonly { service: string; state: string; ports: { hostIp: string; hostPort: number; protocol: string }[] }[],
): PublishedPort[] {
  return status
    .filter((s) => s.state === 'running')
    .flatMap((s) => s.ports.filter((p) => p.protocol === 'tcp' && p.hostPort > 0).map((p) => ({ service: s.service, hostIp: p.hostIp, port: p.hostPort })));
}

/** The address to forward to on the engine host: a wildcard publication answers on its loopback. */
function forwardHost(hostIp: string): string {
  return hostIp === '' || hostIp === '0.0.0.0' || hostIp === '::' ? '127.0.0.1' : hostIp;
}

function keyOf(p: PublishedPort): string {
  return `${p.service}@${forwardHost(p.hostIp)}:${p.port}`;
}

/** One open listener (the seam unit tests replace). */
export interface PortTunnel {
  tunnel: OpenTunnel;
  close(): Promise<void>;
}

export type TunnelOpener = (spec: TunnelSpec) => Promise<PortTunnel>;

/** Opens single tunnels over an SSH session (SshTunnels.open with one spec). */
export function sshTunnelOpener(session: Pick<SshSession, 'forwardOut'>): TunnelOpener {
  return async (spec) => {
    const tunnels = await SshTunnels.open(session, [spec]);
    return { tunnel: tunnels.tunnels[0]!, close: () => tunnels.close() };
  };
}

export interface LabPortAccessOptions {
  open: TunnelOpener;
  /**
   * When the remote port number is taken on this machine: 'other-port' listens on a free one instead (the caller's
   * URLs must follow `access`), 'fail' names the port and the service as taken.
   */
  whenTaken: 'other-port' | 'fail';
}

export interface PortAccessProblem {
  service: string;
  port: number;
  message: string;
}

export interface PortAccessResult {
  /** False when the published ports were the same as at the last sync (nothing was opened or closed). */
  changed: boolean;
  tunnels: OpenTunnel[];
  /** Ports that could not be tunnelled ('fail' mode: taken here), each with a sentence naming port and service. */
  problems: PortAccessProblem[];
}

/**
 * The tunnels for a lab on an engine reached over SSH. sync() is idempotent: the same published ports change
 * nothing, a port that appears (a service started later) gets its tunnel, one that goes away is closed; close()
 * ends them all. Calls are serialised, so a burst of state changes cannot open a port twice.
 */
export class LabPortAccess {
  private readonly open = new Map<string, PortTunnel>();
  private problems: PortAccessProblem[] = [];
  private wanted: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: LabPortAccessOptions) {}

  /** The open tunnels, in the order they were opened. */
  get tunnels(): OpenTunnel[] {
    return [...this.open.values()].map((t) => t.tunnel);
  }

  /** Where serviceUrl finds each tunnelled service here (undefined: no tunnel open). */
  get access(): ServiceAccess | undefined {
    if (this.open.size === 0) return undefined;
    const ports: Partial<Record<LabService, number>> = {};
    for (const { tunnel } of this.open.values()) if (isLabService(tunnel.name)) ports[tunnel.name] ??= tunnel.localPort;
    return { host: '127.0.0.1', ports };
  }

  sync(published: readonly PublishedPort[]): Promise<PortAccessResult> {
    return this.serialised(() => this.syncNow(published));
  }

  close(): Promise<void> {
    return this.serialised(async () => {
      this.wanted = undefined;
      this.problems = [];
      const all = [...this.open.values()];
      this.open.clear();
      await Promise.all(all.map((t) => t.close().catch(() => undefined)));
    });
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async syncNow(published: readonly PublishedPort[]): Promise<PortAccessResult> {
    const byKey = new Map(published.map((p) => [keyOf(p), p]));
    const wanted = [...byKey.keys()].sort().join(',');
    if (wanted === this.wanted) return { changed: false, tunnels: this.tunnels, problems: this.problems };
    for (const [key, tunnel] of [...this.open]) {
      if (byKey.has(key)) continue;
      this.open.delete(key);
      await tunnel.close().catch(() => undefined);
    }
    const problems: PortAccessProblem[] = [];
    try {
      for (const [key, p] of byKey) {
        if (this.open.has(key)) continue;
        const spec: TunnelSpec = { name: p.service, remotePort: p.port, localPort: p.port, remoteHost: forwardHost(p.hostIp) };
        try {
          this.open.set(key, await this.options.open(spec));
        } catch (err) {
          if (!(err instanceof TunnelPortInUseError)) throw err;
          if (this.options.whenTaken === 'other-port') this.open.set(key, await this.options.open({ ...spec, localPort: 0 }));
          else problems.push({ service: p.service, port: p.port, message: err.message });
        }
      }
    } catch (err) {
      // Anything but a taken port (the SSH connection failed…): the next sync tries again.
      this.wanted = undefined;
      throw err;
    }
    this.wanted = wanted;
    this.problems = problems;
    return { changed: true, tunnels: this.tunnels, problems };
  }
}

/** "elasticsearch 127.0.0.1:9200 → 127.0.0.1:9200 on ssh://me@host:22", one line per tunnel. */
export function describeTunnel(tunnel: OpenTunnel, where: string): string {
  return t('{0}: {1} → {2}:{3} on {4} (SSH tunnel)', tunnel.name, tunnel.url, tunnel.remoteHost ?? '127.0.0.1', String(tunnel.remotePort), where);
}

/**
 * For an engine reached over tcp:// on another host, why the lab's URLs will not reach its ports, or undefined when
 * they will (a local engine, an ssh:// engine — tunnelled —, or a bind address that is not loopback nor a wildcard).
 */
export function remoteEngineReachProblem(endpoint: DockerEndpoint, config: Pick<LabConfig, 'bindAddress'>): string | undefined {
  if (endpoint.kind !== 'tcp') return undefined;
  const host = endpoint.host.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || isLoopback(host)) return undefined;
  const bind = config.bindAddress.trim();
  if (isLoopback(bind)) {
    return t(
      "The Docker engine is on {0} (tcp), and the lab publishes its ports on {1} there, which this machine cannot reach. Set the bind address (monitoringLab.bindAddress, --bind-address or MONITORING_LAB_BIND_ADDRESS) to {0}'s address as this machine reaches it, or reach the engine over ssh:// so the ports are tunnelled.",
      host,
      bind,
    );
  }
  if (bind === '0.0.0.0' || bind === '::') {
    return t(
      "The Docker engine is on {0} (tcp), and the lab publishes its ports on every address there ({1}), but its URLs point to this machine's loopback. Set the bind address (monitoringLab.bindAddress, --bind-address or MONITORING_LAB_BIND_ADDRESS) to {0}'s address as this machine reaches it.",
      host,
      bind,
    );
  }
  return undefined;
}
