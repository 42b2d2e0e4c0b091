// The one builder of links into Kibana and Grafana ("Open in Kibana Discover", "Open in Grafana"). Pure: the
// base URLs come from the caller (where the lab's ports are), the ids default to what the lab provisions.
import { GRAFANA, KIBANA } from './ids';
import type { RisonValue } from './rison';
import { risonQueryValue } from './rison';
import type { TimeInstant, TimeRange } from './timeRange';
import { checkTimeRange } from './timeRange';

export type DeepLink =
  | {
      kind: 'kibana-discover';
      /** e.g. http://127.0.0.1:5601 */
      kibanaUrl: string;
      timeRange: TimeRange;
      /** Saved search to open; default "Failed login attempt". */
      savedSearchId?: string;
      /** Adds a filter source.ip: <value> (an alert's attacker address). */
      sourceIp?: string;
      /** Data view the filter applies to; default the lab's. */
      dataViewId?: string;
    }
  | { kind: 'kibana-dashboard'; kibanaUrl: string; timeRange: TimeRange; dashboardId?: string }
  | {
      kind: 'grafana-dashboard';
      /** e.g. http://127.0.0.1:3000 */
      grafanaUrl: string;
      timeRange: TimeRange;
      /** Default the lab's own dashboard. */
      dashboardUid?: string;
      /** Auto-refresh while the range is relative, e.g. "10s". */
      refresh?: string;
    };

export function buildDeepLink(link: DeepLink): string {
  checkTimeRange(link.timeRange);
  switch (link.kind) {
    case 'kibana-discover': {
      const id = link.savedSearchId ?? KIBANA.failedLoginSearchId;
      const filters: RisonValue[] = link.sourceIp ? [phraseFilter('source.ip', link.sourceIp, link.dataViewId ?? KIBANA.dataViewId)] : [];
      return `${base(link.kibanaUrl)}/app/discover#/view/${encodeURIComponent(id)}?_g=${kibanaGlobal(link.timeRange)}&_a=${risonQueryValue({ filters })}`;
    }
    case 'kibana-dashboard': {
      const id = link.dashboardId ?? KIBANA.dashboardId;
      return `${base(link.kibanaUrl)}/app/dashboards#/view/${encodeURIComponent(id)}?_g=${kibanaGlobal(link.timeRange)}`;
    }
    case 'grafana-dashboard': {
      const uid = link.dashboardUid ?? GRAFANA.labDashboardUid;
      const params = new URLSearchParams({
        orgId: String(GRAFANA.orgId),
        from: grafanaTime(link.timeRange.from),
        to: grafanaTime(link.timeRange.to),
      });
      if (link.refresh) params.set('refresh', link.refresh);
      // Grafana resolves /d/<uid> alone; the slug after it is cosmetic and left out.
      return `${base(link.grafanaUrl)}/d/${encodeURIComponent(uid)}?${params.toString()}`;
    }
  }
}

function base(url: string): string {
  const parsed = new URL(url); // throws on a malformed URL, naming it
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`not an http(s) URL: ${url}`);
  return url.replace(/\/+$/, '');
}

/** Kibana's global state: the time range (filters stay in the app state so they do not follow the user around). */
function kibanaGlobal(range: TimeRange): string {
  return risonQueryValue({ time: { from: kibanaTime(range.from), to: kibanaTime(range.to) }, filters: [] });
}

function kibanaTime(t: TimeInstant): string {
  return t instanceof Date ? t.toISOString() : t;
}

/** Grafana takes epoch milliseconds or the same relative syntax. */
function grafanaTime(t: TimeInstant): string {
  return t instanceof Date ? String(t.getTime()) : t;
}

/** A phrase filter as Kibana writes it into app state (what "Filter for value" produces). */
function phraseFilter(field: string, value: string, dataViewId: string): RisonValue {
  return {
    meta: { alias: null, disabled: false, index: dataViewId, key: field, negate: false, params: { query: value }, type: 'phrase' },
    query: { match_phrase: { [field]: value } },
  };
}
