// Which bind addresses keep the lab on this machine, and what a person should know before binding elsewhere:
// Elasticsearch runs without security, Prometheus and Node Exporter answer anyone, Grafana lets anonymous viewers
// in (full profile), Kibana has no login, and the app is a deliberately attackable demo.
import * as net from 'node:net';
import type { LabConfig } from './labConfig';
import { LAB_CONFIG_SETTINGS as SETTINGS } from './defaults';
import { t } from '../l10n';

const MESSAGES = {
  reachable: (address: string) => t('{0} is {1}, not a loopback address: the lab becomes reachable from other machines', SETTINGS.bindAddress, address),
  elasticsearch: (port: number) => t("Elasticsearch without security (port {0}): anyone can read, change or delete the lab's logs", port),
  prometheus: (port: number) => t("Prometheus (port {0}) and Node Exporter: this machine's metrics", port),
  app: (port: number) => t('the lab app (port {0}), a demo built to be attacked, with its admin endpoints', port),
  grafana: (port: number) => t('Grafana (port {0}) with anonymous viewers', port),
  kibana: (port: number) => t('Kibana (port {0}) without a login', port),
  keepLoopback: () => t("Keep {0} at 127.0.0.1 unless this machine's network is trusted.", SETTINGS.bindAddress),
};

/** 127.0.0.0/8, ::1, and IPv4-mapped loopback (::ffff:127.x.y.z). Wildcards (0.0.0.0, ::) are not loopback. */
export function isLoopback(address: string): boolean {
  const a = address.trim().toLowerCase();
  if (net.isIPv4(a)) return a.split('.')[0] === '127';
  const g = net.isIPv6(a) ? ipv6Groups(a) : undefined;
  if (!g) return false;
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  return (zeros(7) && g[7] === 1) || (zeros(5) && g[5] === 0xffff && g[6]! >> 8 === 127);
}

/** The 8 groups of a valid IPv6 address (an embedded IPv4 tail counts as two). */
function ipv6Groups(address: string): number[] | undefined {
  let text = address;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [, w, x, y, z] = v4.map(Number) as [number, number, number, number, number];
    text = `${text.slice(0, v4.index)}${((w << 8) | x).toString(16)}:${((y << 8) | z).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parts = (s: string) => (s ? s.split(':') : []);
  const groups = tail === undefined ? parts(head) : [...parts(head), ...Array<string>(8 - parts(head).length - parts(tail).length).fill('0'), ...parts(tail)];
  return groups.length === 8 ? groups.map((h) => Number.parseInt(h, 16)) : undefined;
}

export interface Exposure {
  /** One line: what the bind address does. */
  summary: string;
  /** What becomes reachable, one entry per service of the profile. */
  reachable: string[];
  /** What to do instead. */
  advice: string;
}

type ExposureInput = Pick<LabConfig, 'bindAddress' | 'ports' | 'profile' | 'networkMode'>;

/**
 * Undefined for a loopback bind address, or host network mode (compose.yaml's host-network transform makes every
 * service listen on 127.0.0.1 whatever the bind address); otherwise what becomes reachable from the network.
 */
export function exposureOf(config: ExposureInput): Exposure | undefined {
  if (config.networkMode === 'host' || isLoopback(config.bindAddress)) return undefined;
  const reachable = [
    MESSAGES.elasticsearch(config.ports.elasticsearch),
    MESSAGES.prometheus(config.ports.prometheus),
    MESSAGES.app(config.ports.app),
    ...(config.profile === 'full' ? [MESSAGES.grafana(config.ports.grafana), MESSAGES.kibana(config.ports.kibana)] : []),
  ];
  return { summary: MESSAGES.reachable(config.bindAddress), reachable, advice: MESSAGES.keepLoopback() };
}

/** The exposure as one warning line (the CLI's form). */
export function exposureWarning(config: ExposureInput): string | undefined {
  const e = exposureOf(config);
  return e && `${e.summary}: ${e.reachable.join('; ')}. ${e.advice}`;
}

/**
 * The host part of a URL for an address: IPv6 in brackets (http://[::1]:9200), a wildcard bind reached on loopback.
 */
export function urlHost(bindAddress: string): string {
  const host = bindAddress === '0.0.0.0' || bindAddress === '::' ? '127.0.0.1' : bindAddress;
  return net.isIPv6(host) ? `[${host}]` : host;
}

/** The address as Compose's short port syntax needs it: IPv6 in brackets ("[::1]:9200:9200"). */
export function composeHostIp(bindAddress: string): string {
  return net.isIPv6(bindAddress) ? `[${bindAddress}]` : bindAddress;
}
