// Kibana and Grafana, ready on first open: ids of what the lab provisions, the Node Exporter Full fetch and
// mapping, the Kibana readiness wait and version check, and the one deep-link builder. The import of Kibana's
// saved objects itself is resources/stack/kibana/setup.sh, run by the compose service kibana-setup.
export { GRAFANA, KIBANA, NODE_EXPORTER_FULL_URL } from './ids';
export { buildDeepLink } from './deepLinks';
export type { DeepLink } from './deepLinks';
export { checkTimeRange, lastMinutes } from './timeRange';
export type { TimeInstant, TimeRange } from './timeRange';
export { fetchCommunityDashboard } from './grafana/fetchCommunityDashboard';
export type { FetchDashboardOptions, FetchDashboardResult } from './grafana/fetchCommunityDashboard';
export { DashboardMappingError, mapDashboardInputs } from './grafana/mapDashboardInputs';
export type { MapOptions } from './grafana/mapDashboardInputs';
export { parseKibanaStatus } from './kibana/status';
export type { KibanaLevel, KibanaStatus } from './kibana/status';
export { KibanaVersionMismatchError, checkKibanaVersion, versionFromImage } from './kibana/version';
export { KibanaNotReadyError, waitForKibana } from './kibana/waitForKibana';
export type { WaitForKibanaOptions } from './kibana/waitForKibana';
