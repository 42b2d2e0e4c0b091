// Host ports are checked BEFORE anything is created: a taken port is a clear error naming the port and the
// setting that chose it, not a half-started lab. Checked by binding on the address, as the engine will.
import * as net from 'node:net';
import type { HostPortClaim } from './model';
import { t } from '../../l10n';

export class PortInUseError extends Error {
  constructor(readonly taken: Array<HostPortClaim & { reason: string }>) {
    super(taken.map(describeTaken).join('; '));
    this.name = 'PortInUseError';
  }
}

function describeTaken(claim: HostPortClaim & { reason: string }): string {
  return claim.setting
    ? t('port {0} on {1} for {2} {3} (setting {4}): free it or choose another port', claim.port, claim.hostIp, claim.service, claim.reason, claim.setting)
    : t('port {0} on {1} for {2} {3}: free it or choose another port', claim.port, claim.hostIp, claim.service, claim.reason);
}

/** Resolves with undefined when the port can be bound, else a short reason ("is already in use"). */
export type PortProbe = (hostIp: string, port: number) => Promise<string | undefined>;

export const probePortByBinding: PortProbe = (hostIp, port) =>
  new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      resolve(
        err.code === 'EADDRINUSE'
          ? t('is already in use')
          : err.code === 'EACCES'
            ? t('needs privileges to bind (ports below 1024)')
            : err.code === 'EADDRNOTAVAIL'
              ? t('cannot be bound: {0} is not an address of this machine', hostIp)
              : t('cannot be bound ({0})', err.code ?? err.message),
      );
    });
    // exclusive: do not share a handle with a cluster primary; the check must really bind.
    server.listen({ host: hostIp, port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });

/**
 * Throws PortInUseError listing every claim that cannot be bound. Claims in `ownedByLab` ("ip:port") are
 * skipped: the lab's own running containers hold them (a second start must not trip over itself).
 * UDP claims are not probed (the lab publishes none).
 */
export async function assertPortsFree(claims: HostPortClaim[], ownedByLab: Set<string>, probe: PortProbe = probePortByBinding): Promise<void> {
  const toProbe = claims.filter((c) => c.protocol === 'tcp' && !ownedByLab.has(`${c.hostIp}:${c.port}`) && !ownedByLab.has(`*:${c.port}`));
  const results = await Promise.all(toProbe.map(async (c) => ({ ...c, reason: await probe(c.hostIp, c.port) })));
  const taken = results.filter((r): r is HostPortClaim & { reason: string } => r.reason !== undefined);
  if (taken.length > 0) throw new PortInUseError(taken);
}
