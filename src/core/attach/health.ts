// Attach mode's answer to "is the stack there?": the attached Elasticsearch (cluster health, nodes, the index's
// events), Prometheus (targets up, Node Exporter metrics for the configured job/instance) and the app (/health).
// Never throws: each endpoint's trouble is in its row, naming the setting to change. The Stack view and the CLI's
// status show these rows; their rows as services let the status bar and detection follow the attached stack.
import type { LabConfig } from '../config/labConfig';
import type { LogStore } from '../logs/logStore';
import type { PrometheusClient } from '../metrics/prometheusClient';
import { formatNumber, t } from '../l10n';
import { ATTACH_SETTINGS as S } from './config';
import { type EndpointProblem, type EndpointService, explainEndpointError } from './errors';
import { httpRequest } from '../net/http';

/** ok: usable; warning: usable, with something to know (yellow, no events yet); error: not usable; unset: not configured. */
export type EndpointStatus = 'ok' | 'warning' | 'error' | 'unset';

export type HealthProblem = EndpointProblem | 'red' | 'yellow' | 'no-index' | 'no-events' | 'no-node-exporter' | 'unhealthy';

export interface EndpointHealth {
  service: EndpointService;
  url?: string;
  status: EndpointStatus;
  /** A few words for the row: "green · 2 nodes · 1,234 events in "lab-logs"". */
  summary: string;
  /** Sentences naming what to change (tooltips, the CLI). */
  detail?: string;
  problem?: HealthProblem;
  clusterStatus?: string;
  nodes?: number;
  events?: number;
  targetsUp?: number;
  targetsTotal?: number;
}

function failed(service: EndpointService, url: string, err: unknown): EndpointHealth {
  const known = (err as { problem?: EndpointProblem }).problem;
  const e = known ? { problem: known, message: (err as Error).message } : explainEndpointError(service, url, err);
  const summary = { auth: t('credentials refused'), untrusted: t('untrusted certificate'), refused: t('connection refused'), other: t('failed') }[e.problem];
  return { service, url, status: 'error', summary, detail: e.message, problem: e.problem };
}

export async function checkElasticsearch(logStore: LogStore): Promise<EndpointHealth> {
  const url = logStore.endpointUrl;
  const index = logStore.indexName;
  try {
    const { status: clusterStatus, nodes } = await logStore.clusterHealth();
    const base: Partial<EndpointHealth> & { service: 'elasticsearch'; url: string } = { service: 'elasticsearch', url, clusterStatus, nodes };
    const cluster = t('{0} · {1} nodes', clusterStatus, nodes);
    const row = (status: EndpointStatus, summary: string, problem?: HealthProblem, detail?: string): EndpointHealth => ({
      ...base,
      status,
      summary: `${cluster} · ${summary}`,
      ...(problem ? { problem } : {}),
      ...(detail ? { detail } : {}),
    });
    if (!(await logStore.indexExists()))
      return row(
        'warning',
        t('no index "{0}"', index),
        'no-index',
        t('Nothing matches "{0}" on {1}: no events to read. Check {2}.', index, url, S.elasticsearchIndex),
      );
    const events = await logStore.count('all', {});
    base.events = events;
    if (events === 0)
      return row(
        'warning',
        t('no events in "{0}"', index),
        'no-events',
        t('"{0}" holds no events yet: run a scenario against {1}, or check {2}.', index, S.appUrl, S.elasticsearchIndex),
      );
    const summary = t('{0} events in "{1}"', formatNumber(events, 0), index);
    if (clusterStatus === 'green') return row('ok', summary);
    // Yellow: replicas missing (reads work); red: primaries missing (events may be missing).
    const yellow = clusterStatus === 'yellow';
    return row(
      yellow ? 'warning' : 'error',
      summary,
      yellow ? 'yellow' : 'red',
      t('The cluster is {0}: some shards are not allocated (a node is missing).', clusterStatus),
    );
  } catch (err) {
    return failed('elasticsearch', url, err);
  }
}

export async function checkPrometheus(prometheus: PrometheusClient): Promise<EndpointHealth> {
  const url = prometheus.url;
  try {
    const up = await prometheus.query('up');
    const node = await prometheus.query('count(node_memory_MemTotal_bytes)');
    const targetsUp = up.filter((s) => s.value === 1).length;
    const base = { service: 'prometheus' as const, url, targetsUp, targetsTotal: up.length };
    const summary = t('{0}/{1} targets up', targetsUp, up.length);
    if (!(node[0]?.value && node[0].value > 0)) {
      const scope = JSON.stringify(prometheus.scope ?? {});
      return {
        ...base,
        status: 'warning',
        summary: `${summary} · ${t('no Node Exporter metrics')}`,
        problem: 'no-node-exporter',
        detail: t(
          'Prometheus at {0} has no Node Exporter metrics for {1}: no host CPU or memory. Check {2} and {3}.',
          url,
          scope,
          S.prometheusJob,
          S.prometheusInstance,
        ),
      };
    }
    return { ...base, status: targetsUp < up.length ? 'warning' : 'ok', summary };
  } catch (err) {
    return failed('prometheus', url, err);
  }
}

export type FetchHealth = (url: string) => Promise<{ status: number; text: string }>;

export async function checkApp(url: string | undefined, fetchHealth: FetchHealth = (u) => httpRequest(u, { timeoutMs: 5000 })): Promise<EndpointHealth> {
  if (!url) return { service: 'app', status: 'unset', summary: t('not set'), detail: t('The scenarios need an app: set {0}.', S.appUrl) };
  try {
    const { status } = await fetchHealth(`${url}/health`);
    if (status === 200) return { service: 'app', url, status: 'ok', summary: t('healthy') };
    if (status === 401 || status === 403) return failed('app', url, { statusCode: status });
    return { service: 'app', url, status: 'error', summary: t('/health answered {0}', status), problem: 'unhealthy' };
  } catch (err) {
    return failed('app', url, err);
  }
}

/** All three, side by side. */
export async function checkAttachHealth(
  config: LabConfig,
  sources: { logStore: LogStore; prometheus: PrometheusClient; fetchAppHealth?: FetchHealth },
): Promise<EndpointHealth[]> {
  const app = config.attach?.appUrl?.replace(/\/+$/, '');
  return Promise.all([checkElasticsearch(sources.logStore), checkPrometheus(sources.prometheus), checkApp(app, sources.fetchAppHealth)]);
}

/**
 * The endpoints as the lab's services (core/stack/labState.ts): a usable endpoint "runs healthy", an unusable one
 * "runs unhealthy" (configured, but failing). An app that is not set is left out.
 */
export function attachServices(health: readonly EndpointHealth[]) {
  return health
    .filter((h) => h.status !== 'unset')
    .map((h) => ({
      service: h.service,
      state: 'running' as const,
      health: h.status === 'error' ? ('unhealthy' as const) : ('healthy' as const),
      ports: [],
      detail: h.summary,
    }));
}
