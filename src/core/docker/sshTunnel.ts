// Port tunnels over the engine's SSH connection: the lab's ports are published on the engine host's loopback
// (LAB_BIND_ADDRESS 127.0.0.1 there), so this machine reaches them through local listeners that forward each
// connection to 127.0.0.1:<port> as seen from the engine host (like `ssh -L`). Opened and closed by the caller
// (the CLI's `tunnel` command); nothing listens beyond this machine's loopback.
import * as net from 'node:net';
import type { SshSession } from './ssh';
import { t } from '../l10n';

export interface TunnelSpec {
  /** What the listener stands for (a service name), for messages. */
  name: string;
  /** The port on the engine host's loopback. */
  remotePort: number;
  /** The local port; 0 picks a free one. */
  localPort: number;
  /** The address on the engine host the port is published on (default: the remoteHost given to open). */
  remoteHost?: string;
}

/** The local port of a tunnel is taken by another program on this machine. */
export class TunnelPortInUseError extends Error {
  readonly code = 'EADDRINUSE';
  constructor(readonly spec: TunnelSpec) {
    super(t('Cannot open the tunnel for {0}: port {1} is already in use on this machine.', spec.name, String(spec.localPort)));
  }
}

export interface OpenTunnel extends TunnelSpec {
  /** The port actually listening here. */
  localPort: number;
  url: string;
}

export class SshTunnels {
  private constructor(
    readonly tunnels: OpenTunnel[],
    private readonly servers: net.Server[],
    private readonly sockets: Set<net.Socket>,
  ) {}

  /** Listens on 127.0.0.1 for every spec; on any failure the listeners already open are closed again. */
  static async open(session: Pick<SshSession, 'forwardOut'>, specs: TunnelSpec[], remoteHost = '127.0.0.1'): Promise<SshTunnels> {
    const servers: net.Server[] = [];
    const sockets = new Set<net.Socket>();
    const tunnels: OpenTunnel[] = [];
    try {
      for (const spec of specs) {
        const server = net.createServer((socket) => {
          sockets.add(socket);
          socket.once('close', () => sockets.delete(socket));
          socket.pause();
          session.forwardOut(spec.remoteHost ?? remoteHost, spec.remotePort).then(
            (channel) => {
              socket.once('close', () => channel.destroy());
              channel.once('close', () => socket.destroy());
              channel.on('error', () => socket.destroy());
              socket.on('error', () => channel.destroy());
              socket.pipe(channel).pipe(socket);
              socket.resume();
            },
            () => socket.destroy(),
          );
        });
        await new Promise<void>((resolve, reject) => {
          server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new TunnelPortInUseError(spec) : err));
          server.listen(spec.localPort, '127.0.0.1', () => resolve());
        });
        servers.push(server);
        const port = (server.address() as net.AddressInfo).port;
        tunnels.push({ ...spec, localPort: port, url: `http://127.0.0.1:${port}` });
      }
    } catch (err) {
      for (const s of servers) s.close();
      throw err;
    }
    return new SshTunnels(tunnels, servers, sockets);
  }

  /** Stops listening and ends every forwarded connection. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}
