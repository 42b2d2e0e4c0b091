// Fixed identifiers of what the lab provisions in Grafana and imports into Kibana. Fixed so that provisioning and
// import are idempotent (same id → overwrite, never a copy) and so deep links can name their target. The files in
// resources/stack/grafana and resources/stack/kibana use the same values; unit tests keep both sides equal.

export const GRAFANA = {
  /** The provisioned Prometheus data source (provisioning/datasources/prometheus.yaml). */
  datasourceUid: 'monitoring-lab-prometheus',
  /** The lab's own dashboard (dashboards/lab-host-overview.json). */
  labDashboardUid: 'monitoring-lab-host-overview',
  /** Node Exporter Full (grafana.com 1860) once fetched and mapped: our uid, not upstream's, so links never move. */
  nodeExporterFullUid: 'monitoring-lab-node-exporter-full',
  /** File name of the mapped 1860 dashboard inside the lab's grafana/dashboards folder. */
  nodeExporterFullFile: 'node-exporter-full.json',
  /** Grafana's default organisation; provisioning targets it. */
  orgId: 1,
} as const;

export const KIBANA = {
  /** Data view on the app's data stream, time field @timestamp. */
  dataViewId: 'monitoring-lab-logs',
  /** Its pattern as written in saved-objects.ndjson; kibana/setup.sh points it at `${LAB_LOG_INDEX}*` when that differs. */
  dataViewPattern: 'lab-logs*',
  /** Saved search "Failed login attempt". */
  failedLoginSearchId: 'monitoring-lab-failed-logins',
  /** Saved search of all events (the dashboard's "latest events" panel). */
  latestEventsSearchId: 'monitoring-lab-latest-events',
  /** Dashboard: failed logins over time, by source, by user, errors over time, latest events. */
  dashboardId: 'monitoring-lab-overview',
} as const;

/** The default download URL of Node Exporter Full. Configuration: tests point it at a local server. */
export const NODE_EXPORTER_FULL_URL = 'https://grafana.com/api/dashboards/1860/revisions/latest/download';
