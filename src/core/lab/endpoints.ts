// Where each service of a running lab answers, from the configuration (never free text).
import type { LabConfig, LabService } from '../config';
import { urlHost } from '../config';

/** http://127.0.0.1:<port>, http://[::1]:<port> — a wildcard bind address is reached on loopback. */
export function serviceUrl(config: Pick<LabConfig, 'bindAddress' | 'ports'>, service: LabService): string {
  return `http://${urlHost(config.bindAddress)}:${config.ports[service]}`;
}

/** The scrape interval prometheus.yml sets; rate() windows and sparkline steps derive from it. */
export const SCRAPE_INTERVAL_SECONDS = 5;
