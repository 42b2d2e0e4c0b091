// How a service reads in the tree: pure functions (no editor import), unit-tested.
import type { ContainerSample } from '../core/docker/statsSampler';
import type { ServiceStatus } from '../core/stack';
import { formatBytes } from '../shared/format';

/** Services a person opens in a browser, and the path worth opening. */
export const WEB_SERVICES: Record<string, string> = {
  app: '/',
  kibana: '/app/discover',
  grafana: '/',
  prometheus: '/graph',
  elasticsearch: '/_cluster/health?pretty',
};

export function formatUptime(startedAt: string | undefined, now: number): string | undefined {
  if (!startedAt) return undefined;
  const seconds = Math.max(0, Math.floor((now - Date.parse(startedAt)) / 1000));
  if (!Number.isFinite(seconds)) return undefined;
  if (seconds < 60) return `up ${seconds}s`;
  if (seconds < 3600) return `up ${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `up ${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`;
  return `up ${Math.floor(seconds / 86_400)}d ${Math.floor((seconds % 86_400) / 3600)}h`;
}

/** "running · healthy", "exited (137)", "stopped", "not created". A deliberate stop reads "stopped", not an exit code. */
export function stateText(s: ServiceStatus, stoppedOnPurpose = false): string {
  if (s.state === 'missing') return 'not created';
  if (s.state === 'exited' && stoppedOnPurpose) return 'stopped';
  if (s.state !== 'running') return s.detail ?? s.state;
  return s.health === 'none' ? 'running' : s.health === 'starting' ? 'starting' : s.health;
}

export function portsText(s: ServiceStatus): string | undefined {
  const ports = [...new Set(s.ports.map((p) => p.hostPort))];
  return ports.length ? ports.map((p) => `:${p}`).join(' ') : undefined;
}

/** The one-line description next to a service's name. */
export function describeService(s: ServiceStatus, sample: ContainerSample | undefined, now: number, stoppedOnPurpose = false): string {
  const parts = [stateText(s, stoppedOnPurpose), portsText(s), s.state === 'running' ? formatUptime(s.startedAt, now) : undefined, s.stale ? 'engine did not answer: last known state' : undefined];
  if (sample && s.state === 'running') parts.push(`${sample.cpuPercent.toFixed(1)}% CPU`, formatBytes(sample.memoryBytes));
  return parts.filter((p): p is string => Boolean(p)).join(' · ');
}

/** "4/4 healthy", "3/4 running", or undefined when nothing of the lab exists. */
export function summarize(services: readonly ServiceStatus[]): string | undefined {
  if (services.length === 0 || services.every((s) => s.state === 'missing')) return undefined;
  const ok = services.filter((s) => s.state === 'running' && (s.health === 'healthy' || s.health === 'none')).length;
  return ok === services.length ? `${ok}/${services.length} healthy` : `${services.filter((s) => s.state === 'running').length}/${services.length} running`;
}

/** Context value for `when` clauses: service.<state>[.web]. */
export function contextValue(s: ServiceStatus): string {
  const state = s.state === 'running' || s.state === 'restarting' ? 'running' : s.state === 'missing' ? 'missing' : 'stopped';
  return `service.${state}${s.service in WEB_SERVICES && s.state === 'running' ? '.web' : ''}`;
}
