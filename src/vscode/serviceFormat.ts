// How a service reads in the tree: pure functions (no editor import), unit-tested.
import type { ContainerSample } from '../core/docker/statsSampler';
import type { ServiceStatus } from '../core/stack';
import { type LabState, type ServiceState, hasContainers, summarizeServices } from '../core/stack/labState';
import { formatBytes } from '../shared/format';
import { formatNumber, t } from '../core/l10n';

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
  if (seconds < 60) return t('up {0}s', seconds);
  if (seconds < 3600) return t('up {0}m', Math.floor(seconds / 60));
  if (seconds < 86_400) return t('up {0}h {1}m', Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60));
  return t('up {0}d {1}h', Math.floor(seconds / 86_400), Math.floor((seconds % 86_400) / 3600));
}

/** "running · healthy", "exited (137)", "stopped", "not created". A deliberate stop reads "stopped", not an exit code. */
export function stateText(s: ServiceStatus, stoppedOnPurpose = false): string {
  if (s.state === 'missing') return t('not created');
  if (s.state === 'exited' && stoppedOnPurpose) return t('stopped');
  if (s.state !== 'running') return s.detail ?? s.state;
  if (s.health === 'none') return t('running');
  if (s.health === 'starting') return t('starting');
  if (s.health === 'healthy') return t('healthy');
  if (s.health === 'unhealthy') return t('unhealthy');
  return s.health;
}

export function portsText(s: ServiceStatus): string | undefined {
  const ports = [...new Set(s.ports.map((p) => p.hostPort))];
  return ports.length ? ports.map((p) => `:${p}`).join(' ') : undefined;
}

/** The one-line description next to a service's name. */
export function describeService(s: ServiceStatus, sample: ContainerSample | undefined, now: number, stoppedOnPurpose = false): string {
  const parts = [
    stateText(s, stoppedOnPurpose),
    portsText(s),
    s.state === 'running' ? formatUptime(s.startedAt, now) : undefined,
    s.stale ? t('engine did not answer: last known state') : undefined,
  ];
  if (sample && s.state === 'running') parts.push(t('{0}% CPU', formatNumber(sample.cpuPercent, 1)), formatBytes(sample.memoryBytes));
  return parts.filter((p): p is string => Boolean(p)).join(' · ');
}

/** "4/4 healthy", "3/4 running", or undefined when nothing of the lab exists. Healthy counts as the status bar's. */
export function summarize(services: readonly ServiceState[]): string | undefined {
  if (!hasContainers(services)) return undefined;
  const { healthy, total } = summarizeServices(services);
  return healthy === total ? t('{0}/{1} healthy', healthy, total) : t('{0}/{1} running', services.filter((s) => s.state === 'running').length, total);
}

/**
 * What the Stack view shows for the lab's state. The engine's or the settings' trouble first: a row offering the way
 * out under a message saying why (VS Code hides a view's welcome content while the view shows a message). Then the
 * welcome content (Start) while the lab has no container, else one row per service.
 */
export type StackViewContent =
  | { kind: 'retry'; reason: string; description: string }
  | { kind: 'open-settings'; reason: string; description: string }
  | { kind: 'welcome'; description: '' }
  | { kind: 'services'; description: string };

export function stackViewContent(state: LabState): StackViewContent {
  const engine = state.engine;
  if (engine.kind === 'unreachable') return { kind: 'retry', reason: engine.reason, description: t('engine unreachable') };
  if (engine.kind === 'misconfigured') return { kind: 'open-settings', reason: engine.reason, description: t('invalid setting') };
  const summary = summarize(state.services ?? []);
  return summary === undefined ? { kind: 'welcome', description: '' } : { kind: 'services', description: summary };
}

/** Context value for `when` clauses: service.<state>[.web]. */
export function contextValue(s: ServiceStatus): string {
  const state = s.state === 'running' || s.state === 'restarting' ? 'running' : s.state === 'missing' ? 'missing' : 'stopped';
  return `service.${state}${s.service in WEB_SERVICES && s.state === 'running' ? '.web' : ''}`;
}
