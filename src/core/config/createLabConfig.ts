// Raw values (from settings, flags, environment or a file) → a validated LabConfig, or one error listing
// every problem with the setting to change.
import * as net from 'node:net';
import * as path from 'node:path';
import { DEFAULT_HEALTH_TIMEOUT_SECONDS, LAB_DEFAULTS, SETTINGS } from './defaults';
import { LabConfig, LabSecrets } from './labConfig';
import { NumberSettingRule, PORT_SETTING_RULES, numberSettingProblem } from './numberSetting';
import { LAB_SERVICES, LabService, PORT_SETTINGS } from './services';

/** What callers pass: paths are required, everything else falls back to LAB_DEFAULTS. */
export interface LabConfigInput extends Partial<Omit<LabConfig, 'ports' | 'images' | 'secrets' | 'healthTimeoutSeconds'>> {
  labBaseDir: string;
  stackSourceDir: string;
  stackVersion: string;
  ports?: Partial<Record<LabService, number>>;
  images?: Partial<Record<LabService, string>>;
  secrets?: Partial<LabSecrets>;
  healthTimeoutSeconds?: Partial<Record<LabService, number>>;
}

export class LabConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? `Invalid Monitoring Lab configuration: ${problems[0]}` : `Invalid Monitoring Lab configuration:\n- ${problems.join('\n- ')}`);
    this.name = 'LabConfigError';
  }
}

export function createLabConfig(input: LabConfigInput): LabConfig {
  const config: LabConfig = {
    ...LAB_DEFAULTS,
    ...dropUndefined(input),
    ports: { ...LAB_DEFAULTS.ports, ...dropUndefined(input.ports ?? {}) },
    images: { ...dropUndefined(input.images ?? {}) },
    secrets: { ...dropUndefined(input.secrets ?? {}) },
    healthTimeoutSeconds: { ...LAB_DEFAULTS.healthTimeoutSeconds, ...dropUndefined(input.healthTimeoutSeconds ?? {}) },
  };
  const problems = validateLabConfig(config);
  if (problems.length > 0) throw new LabConfigError(problems);
  return config;
}

/** Every problem, each naming its setting. Empty when the configuration is usable. */
export function validateLabConfig(config: LabConfig): string[] {
  const problems: string[] = [];
  const bad = (setting: string, message: string) => problems.push(`${message} (setting ${setting})`);

  if (config.profile !== 'lite' && config.profile !== 'full') bad(SETTINGS.profile, `profile must be "lite" or "full", not "${String(config.profile)}"`);
  if (config.networkMode !== 'bridge' && config.networkMode !== 'host') {
    bad(SETTINGS.networkMode, `network mode must be "bridge" or "host", not "${String(config.networkMode)}"`);
  }
  if (net.isIP(String(config.bindAddress)) === 0) bad(SETTINGS.bindAddress, `bind address "${String(config.bindAddress)}" is not an IP address`);
  // A zone ("fe80::1%eth0") cannot be written into a URL or a compose port mapping as is: refused, not mangled.
  else if (String(config.bindAddress).includes('%')) {
    bad(SETTINGS.bindAddress, `bind address "${String(config.bindAddress)}" has an IPv6 zone (%…), which the lab cannot use; give an address without it`);
  }

  const seenPorts = new Map<number, LabService>();
  for (const service of LAB_SERVICES) {
    const port = config.ports[service];
    const portProblem = numberSettingProblem(PORT_SETTING_RULES[service], port);
    if (portProblem) {
      problems.push(portProblem);
      continue;
    }
    const other = seenPorts.get(port);
    if (other) bad(PORT_SETTINGS[service], `port ${port} is used for both ${other} (${PORT_SETTINGS[other]}) and ${service}`);
    else seenPorts.set(port, service);
  }

  // Compose's own rule for project names (they become container, volume and network name prefixes).
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(String(config.projectName))) {
    bad(SETTINGS.projectName, `project name "${String(config.projectName)}" must be lowercase letters, digits, "-" or "_", starting with a letter or digit`);
  }
  for (const key of ['labBaseDir', 'stackSourceDir'] as const) {
    const value = config[key];
    if (typeof value !== 'string' || !(path.posix.isAbsolute(value) || path.win32.isAbsolute(value))) {
      bad(SETTINGS[key], `${key} must be an absolute path, not "${String(value)}"`);
    }
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(String(config.stackVersion))) {
    bad(SETTINGS.stackVersion, `stack version "${String(config.stackVersion)}" must be letters, digits, ".", "-" or "_" (it names a folder)`);
  }
  for (const [service, image] of Object.entries(config.images) as Array<[LabService, string | undefined]>) {
    if (!LAB_SERVICES.includes(service)) {
      bad(`monitoringLab.images`, `"${service}" is not a lab service (expected one of ${LAB_SERVICES.join(', ')})`);
    } else if (image !== undefined && !isImageReference(image)) {
      bad(SETTINGS.images(service), `"${image}" is not an image reference like "registry:5000/name:tag"`);
    }
  }
  if (!isIndexName(String(config.logIndex))) {
    bad(SETTINGS.logIndex, `"${String(config.logIndex)}" is not a lab log index name (1–200 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit)`);
  }
  if (typeof config.behindProxy !== 'boolean') bad(SETTINGS.behindProxy, `behindProxy must be true or false`);
  if (typeof config.buildWithHostNetwork !== 'boolean') bad(SETTINGS.buildWithHostNetwork, `buildWithHostNetwork must be true or false`);
  for (const [key, value] of Object.entries(config.secrets) as Array<[keyof LabSecrets, string | undefined]>) {
    if (value === undefined) continue;
    // Secrets are written to the lab's .env single-quoted: no quote or line break can be represented there.
    if (typeof value !== 'string' || value.length === 0 || /['\r\n]/.test(value)) {
      bad(SETTINGS.secrets[key] ?? `monitoringLab.secrets.${key}`, `secret ${key} must be non-empty and contain no single quote or line break`);
    }
  }
  for (const service of LAB_SERVICES) {
    const timeoutProblem = numberSettingProblem(healthTimeoutRule(service), config.healthTimeoutSeconds[service]);
    if (timeoutProblem) problems.push(timeoutProblem);
  }
  return problems;
}

/** How long a service may take to become healthy, in seconds: 1 s to an hour. */
function healthTimeoutRule(service: LabService): NumberSettingRule {
  return { id: SETTINGS.healthTimeoutSeconds(service), default: DEFAULT_HEALTH_TIMEOUT_SECONDS[service], min: 1, max: 3600, integer: false };
}

/** A pragmatic check of the Docker reference grammar: [registry[:port]/]path[:tag][@digest], lowercase path. */
export function isImageReference(value: string): boolean {
  return /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/.test(
    value,
  );
}

// The app (resources/stack/app/labapp/config.py) and Kibana's setup (kibana/setup.sh) accept exactly these names:
// a valid data stream name with nothing a URL, a query or a shell substitution would read as syntax.
const LOG_INDEX_NAME = /^[a-z0-9][a-z0-9._-]{0,199}$/;

function isIndexName(value: string): boolean {
  return LOG_INDEX_NAME.test(value);
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
