// The defaults both the editor and the CLI start from, and the setting name of every option (for messages).
import * as path from 'node:path';
import { LabConfig } from './labConfig';
import { LabService, PORT_SETTINGS } from './services';

export const DEFAULT_PORTS: Record<LabService, number> = {
  // 8088, not 5000: macOS uses 5000 for AirPlay.
  app: 8088,
  elasticsearch: 9200,
  prometheus: 9090,
  'node-exporter': 9100,
  kibana: 5601,
  grafana: 3000,
};

/** Generous for a first start on a laptop; Elasticsearch and Kibana are the slow ones. */
export const DEFAULT_HEALTH_TIMEOUT_SECONDS: Record<LabService, number> = {
  app: 120,
  elasticsearch: 180,
  prometheus: 90,
  'node-exporter': 60,
  kibana: 300,
  grafana: 120,
};

export const DEFAULT_PROJECT_NAME = 'monitoring-lab';

/** Everything except the paths, which depend on where the editor or the CLI runs. */
export const LAB_DEFAULTS: Omit<LabConfig, 'labBaseDir' | 'stackSourceDir' | 'stackVersion'> = {
  profile: 'lite',
  networkMode: 'bridge',
  bindAddress: '127.0.0.1',
  ports: DEFAULT_PORTS,
  projectName: DEFAULT_PROJECT_NAME,
  images: {},
  logIndex: 'lab-logs',
  behindProxy: false,
  secrets: {},
  healthTimeoutSeconds: DEFAULT_HEALTH_TIMEOUT_SECONDS,
  buildWithHostNetwork: false,
};

/** The setting each option maps to, so a validation error tells the user what to change. */
export const SETTINGS = {
  profile: 'monitoringLab.profile',
  networkMode: 'monitoringLab.networkMode',
  bindAddress: 'monitoringLab.bindAddress',
  ports: PORT_SETTINGS,
  projectName: 'monitoringLab.projectName',
  labBaseDir: 'monitoringLab.labDirectory',
  stackSourceDir: 'monitoringLab.stackSourceDirectory',
  stackVersion: 'monitoringLab.stackVersion',
  images: (service: LabService) => `monitoringLab.images.${service}`,
  logIndex: 'monitoringLab.logIndex',
  behindProxy: 'monitoringLab.behindProxy',
  secrets: {
    demoPassword: 'monitoringLab.secrets.demoPassword',
    adminToken: 'monitoringLab.secrets.adminToken',
    grafanaAdminPassword: 'monitoringLab.secrets.grafanaAdminPassword',
  },
  healthTimeoutSeconds: (service: LabService) => `monitoringLab.healthTimeoutSeconds.${service}`,
  buildWithHostNetwork: 'monitoringLab.buildWithHostNetwork',
} as const;

/**
 * The CLI's documented lab folder (the editor uses its global storage instead):
 * Linux $XDG_DATA_HOME/monitoring-lab (~/.local/share/monitoring-lab), macOS ~/Library/Application Support/monitoring-lab,
 * Windows %LOCALAPPDATA%\monitoring-lab.
 */
export function defaultCliLabBaseDir(platform: NodeJS.Platform, env: Record<string, string | undefined>, homeDir: string): string {
  if (platform === 'win32') {
    const base = env.LOCALAPPDATA?.trim() || path.win32.join(homeDir, 'AppData', 'Local');
    return path.win32.join(base, 'monitoring-lab');
  }
  if (platform === 'darwin') return path.posix.join(homeDir, 'Library', 'Application Support', 'monitoring-lab');
  const dataHome = env.XDG_DATA_HOME?.trim() || path.posix.join(homeDir, '.local', 'share');
  return path.posix.join(dataHome, 'monitoring-lab');
}
