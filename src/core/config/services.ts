// The lab's services and the setting (declared in ./settingsSchema.ts) each host port is read from. Shared by the
// editor and the CLI, so an error like "port 9200 is already in use (setting monitoringLab.ports.elasticsearch)"
// names the same setting wherever it is raised.
import type { NumberSettingId } from './settingsSchema';

export const LAB_SERVICES = ['app', 'elasticsearch', 'prometheus', 'node-exporter', 'kibana', 'grafana'] as const;
export type LabService = (typeof LAB_SERVICES)[number];

export function isLabService(name: string): name is LabService {
  return (LAB_SERVICES as readonly string[]).includes(name);
}

/** The setting that holds each service's host port (its bounds and default are in the schema). */
export const PORT_SETTINGS: Record<LabService, Extract<NumberSettingId, `monitoringLab.ports.${string}`>> = {
  app: 'monitoringLab.ports.app',
  elasticsearch: 'monitoringLab.ports.elasticsearch',
  prometheus: 'monitoringLab.ports.prometheus',
  'node-exporter': 'monitoringLab.ports.nodeExporter',
  kibana: 'monitoringLab.ports.kibana',
  grafana: 'monitoringLab.ports.grafana',
};

/** The compose variable that carries each service's host port (see resources/stack/compose.yaml). */
export const PORT_VARIABLES: Record<LabService, string> = {
  app: 'LAB_APP_PORT',
  elasticsearch: 'LAB_ELASTICSEARCH_PORT',
  prometheus: 'LAB_PROMETHEUS_PORT',
  'node-exporter': 'LAB_NODE_EXPORTER_PORT',
  kibana: 'LAB_KIBANA_PORT',
  grafana: 'LAB_GRAFANA_PORT',
};
