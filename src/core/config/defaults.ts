// The defaults both the editor and the CLI start from (the settings' defaults come from ./settingsSchema.ts),
// and where each option is set, so a validation error names the setting to change.
import * as path from 'node:path';
import type { LabConfig } from './labConfig';
import type { LabService } from './services';
import { LAB_SERVICES, PORT_SETTINGS } from './services';
import { type SettingId, settingDefault } from './settingsSchema';

export const DEFAULT_PORTS: Record<LabService, number> = Object.fromEntries(
  LAB_SERVICES.map((service) => [service, settingDefault(PORT_SETTINGS[service])]),
) as Record<LabService, number>;

/**
 * Generous for a first start on a laptop; Elasticsearch and Kibana are the slow ones. Not a setting: the CLI's
 * config file can set it (healthTimeoutSeconds.<service>), the editor uses these.
 */
export const DEFAULT_HEALTH_TIMEOUT_SECONDS: Record<LabService, number> = {
  app: 120,
  elasticsearch: 180,
  prometheus: 90,
  'node-exporter': 60,
  kibana: 300,
  grafana: 120,
};

export const DEFAULT_PROJECT_NAME = settingDefault('monitoringLab.projectName');

/**
 * The setting each LabConfig option is read from in the editor. The options not listed (the lab folder, the
 * stack's source and version, secrets, health timeouts) are not settings: the editor derives or generates them,
 * the CLI takes them from its flags or config file, and a message names them by their option name.
 */
export const LAB_CONFIG_SETTINGS = {
  mode: 'monitoringLab.mode',
  profile: 'monitoringLab.profile',
  networkMode: 'monitoringLab.networkMode',
  bindAddress: 'monitoringLab.bindAddress',
  projectName: 'monitoringLab.projectName',
  images: 'monitoringLab.images',
  logIndex: 'monitoringLab.logIndex',
  behindProxy: 'monitoringLab.behindProxy',
  buildWithHostNetwork: 'monitoringLab.buildWithHostNetwork',
} as const satisfies Partial<Record<keyof LabConfig, SettingId>>;

/** Everything except the paths, which depend on where the editor or the CLI runs. */
export const LAB_DEFAULTS: Omit<LabConfig, 'labBaseDir' | 'stackSourceDir' | 'stackVersion'> = {
  mode: settingDefault(LAB_CONFIG_SETTINGS.mode),
  profile: settingDefault(LAB_CONFIG_SETTINGS.profile),
  networkMode: settingDefault(LAB_CONFIG_SETTINGS.networkMode),
  bindAddress: settingDefault(LAB_CONFIG_SETTINGS.bindAddress),
  ports: DEFAULT_PORTS,
  projectName: DEFAULT_PROJECT_NAME,
  images: {},
  logIndex: settingDefault(LAB_CONFIG_SETTINGS.logIndex),
  behindProxy: settingDefault(LAB_CONFIG_SETTINGS.behindProxy),
  secrets: {},
  healthTimeoutSeconds: DEFAULT_HEALTH_TIMEOUT_SECONDS,
  buildWithHostNetwork: settingDefault(LAB_CONFIG_SETTINGS.buildWithHostNetwork),
};

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
