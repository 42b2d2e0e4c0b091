// Where each service of a running lab answers, from the configuration (never free text).
import type { LabConfig, LabService } from '../config';
import { urlHost } from '../config';

/**
 * Where this machine reaches services whose ports are not at the bind address: the local ends of SSH tunnels to a
 * remote engine (portAccess.ts). Services it does not list are reached as the configuration says.
 */
export interface ServiceAccess {
  host: string;
  ports: Partial<Record<LabService, number>>;
}

/** A configuration, optionally with the tunnels this machine reaches the lab through. */
export type ReachableConfig = Pick<LabConfig, 'bindAddress' | 'ports'> & { access?: ServiceAccess };

/** http://127.0.0.1:<port>, http://[::1]:<port> — a wildcard bind address is reached on loopback; a tunnel at its local end. */
export function serviceUrl(config: ReachableConfig, service: LabService): string {
  const tunnelled = config.access?.ports[service];
  if (config.access && tunnelled !== undefined) return `http://${urlHost(config.access.host)}:${tunnelled}`;
  return `http://${urlHost(config.bindAddress)}:${config.ports[service]}`;
}

/** The configuration whose service URLs go through `access` (the same object when there is none). */
export function withServiceAccess<C extends LabConfig>(config: C, access: ServiceAccess | undefined): C & { access?: ServiceAccess } {
  return access ? { ...config, access } : config;
}

/** The scrape interval prometheus.yml sets; rate() windows and sparkline steps derive from it. */
export const SCRAPE_INTERVAL_SECONDS = 5;
