// Raw values (from settings, flags, environment or a file) → a validated LabConfig, or one error listing
// every problem with the setting to change. Allowed values and patterns are the settings schema's.
import * as net from 'node:net';
import * as path from 'node:path';
import { DEFAULT_HEALTH_TIMEOUT_SECONDS, LAB_CONFIG_SETTINGS as SETTINGS, LAB_DEFAULTS } from './defaults';
import type { LabConfig, LabSecrets } from './labConfig';
import type { NumberSettingRule } from './numberSetting';
import { PORT_SETTING_RULES, numberSettingProblem } from './numberSetting';
import type { LabService } from './services';
import { LAB_SERVICES, PORT_SETTINGS } from './services';
import { IMAGE_REFERENCE_PATTERN, LOG_INDEX_PATTERN, PROJECT_NAME_PATTERN, type SettingId, describeEnum, enumValue } from './settingsSchema';
import { t } from '../l10n';
import { validateAttachConfig } from '../attach/config';

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
    super(
      problems.length === 1
        ? t('Invalid Monitoring Lab configuration: {0}', problems[0]!)
        : t('Invalid Monitoring Lab configuration:\n- {0}', problems.join('\n- ')),
    );
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
  // Attach mode reads the lab's own log index unless another one is named.
  if (config.attach && !config.attach.elasticsearch.index)
    config.attach = { ...config.attach, elasticsearch: { ...config.attach.elasticsearch, index: config.logIndex } };
  const problems = validateLabConfig(config);
  if (problems.length > 0) throw new LabConfigError(problems);
  return config;
}

/**
 * Every problem, each naming its setting (or, for the options that are not settings, starting with the option's
 * name as the CLI's config file spells it). Empty when the configuration is usable.
 */
export function validateLabConfig(config: LabConfig): string[] {
  const problems: string[] = [];
  // Each message is a whole sentence naming its setting: bad(setting, t('… (setting {n})', …, setting)).
  const bad = (_setting: SettingId, message: string) => problems.push(message);

  if (enumValue(SETTINGS.mode, config.mode) === undefined)
    bad(SETTINGS.mode, t('mode must be {0}, not "{1}" (setting {2})', describeEnum(SETTINGS.mode), String(config.mode), SETTINGS.mode));
  else if (config.mode === 'attach') problems.push(...validateAttachConfig(config.attach));
  if (enumValue(SETTINGS.profile, config.profile) === undefined)
    bad(SETTINGS.profile, t('profile must be {0}, not "{1}" (setting {2})', describeEnum(SETTINGS.profile), String(config.profile), SETTINGS.profile));
  if (enumValue(SETTINGS.networkMode, config.networkMode) === undefined) {
    bad(
      SETTINGS.networkMode,
      t('network mode must be {0}, not "{1}" (setting {2})', describeEnum(SETTINGS.networkMode), String(config.networkMode), SETTINGS.networkMode),
    );
  }
  if (net.isIP(String(config.bindAddress)) === 0)
    bad(SETTINGS.bindAddress, t('bind address "{0}" is not an IP address (setting {1})', String(config.bindAddress), SETTINGS.bindAddress));
  // A zone ("fe80::1%eth0") cannot be written into a URL or a compose port mapping as is: refused, not mangled.
  else if (String(config.bindAddress).includes('%')) {
    bad(
      SETTINGS.bindAddress,
      t(
        'bind address "{0}" has an IPv6 zone (%…), which the lab cannot use; give an address without it (setting {1})',
        String(config.bindAddress),
        SETTINGS.bindAddress,
      ),
    );
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
    if (other)
      bad(
        PORT_SETTINGS[service],
        t('port {0} is used for both {1} ({2}) and {3} (setting {4})', port, other, PORT_SETTINGS[other], service, PORT_SETTINGS[service]),
      );
    else seenPorts.set(port, service);
  }

  if (!new RegExp(PROJECT_NAME_PATTERN).test(String(config.projectName))) {
    bad(
      SETTINGS.projectName,
      t(
        'project name "{0}" must be lowercase letters, digits, "-" or "_", starting with a letter or digit (setting {1})',
        String(config.projectName),
        SETTINGS.projectName,
      ),
    );
  }
  for (const key of ['labBaseDir', 'stackSourceDir'] as const) {
    const value = config[key];
    if (typeof value !== 'string' || !(path.posix.isAbsolute(value) || path.win32.isAbsolute(value))) {
      problems.push(t('{0} must be an absolute path, not "{1}"', key, String(value)));
    }
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(String(config.stackVersion))) {
    problems.push(t('stackVersion "{0}" must be letters, digits, ".", "-" or "_" (it names a folder)', String(config.stackVersion)));
  }
  for (const [service, image] of Object.entries(config.images) as Array<[LabService, string | undefined]>) {
    if (!LAB_SERVICES.includes(service)) {
      bad(SETTINGS.images, t('"{0}" is not a lab service (expected one of {1}) (setting {2})', service, LAB_SERVICES.join(', '), SETTINGS.images));
    } else if (image !== undefined && !isImageReference(image)) {
      bad(SETTINGS.images, t('"{0}" ({1}) is not an image reference like "registry:5000/name:tag" (setting {2})', image, service, SETTINGS.images));
    }
  }
  if (!new RegExp(LOG_INDEX_PATTERN).test(String(config.logIndex))) {
    bad(
      SETTINGS.logIndex,
      t(
        '"{0}" is not a lab log index name (1–200 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit) (setting {1})',
        String(config.logIndex),
        SETTINGS.logIndex,
      ),
    );
  }
  if (typeof config.behindProxy !== 'boolean') bad(SETTINGS.behindProxy, t('behindProxy must be true or false (setting {0})', SETTINGS.behindProxy));
  if (typeof config.buildWithHostNetwork !== 'boolean')
    bad(SETTINGS.buildWithHostNetwork, t('buildWithHostNetwork must be true or false (setting {0})', SETTINGS.buildWithHostNetwork));
  for (const [key, value] of Object.entries(config.secrets) as Array<[keyof LabSecrets, string | undefined]>) {
    if (value === undefined) continue;
    // Secrets are written to the lab's .env single-quoted: no quote or line break can be represented there.
    if (typeof value !== 'string' || value.length === 0 || /['\r\n]/.test(value)) {
      problems.push(t('secrets.{0} must be non-empty and contain no single quote or line break', key));
    }
  }
  for (const service of LAB_SERVICES) {
    const timeoutProblem = numberSettingProblem(healthTimeoutRule(service), config.healthTimeoutSeconds[service]);
    if (timeoutProblem) problems.push(timeoutProblem);
  }
  return problems;
}

/** How long a service may take to become healthy, in seconds: 1 s to an hour (an option of the CLI's config file). */
function healthTimeoutRule(service: LabService): NumberSettingRule {
  return { id: `healthTimeoutSeconds.${service}`, default: DEFAULT_HEALTH_TIMEOUT_SECONDS[service], min: 1, max: 3600, integer: false };
}

/** A pragmatic check of the Docker reference grammar (the schema's pattern for monitoringLab.images entries). */
export function isImageReference(value: string): boolean {
  return new RegExp(IMAGE_REFERENCE_PATTERN).test(value);
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
