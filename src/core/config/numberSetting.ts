// One check for every numeric setting, wherever it is read (editor settings, CLI config file, core/config):
// finite, whole where it must be, within its range. A bad value never reaches a limit: the reader falls back
// to the default and says so, naming the setting by its exact id (as in package.json).
import { LabService, PORT_SETTINGS } from './services';
import { DEFAULT_PORTS } from './defaults';

export interface NumberSettingRule {
  /** The setting's id as in package.json, e.g. "monitoringLab.scenarios.memoryCapMb". */
  id: string;
  default: number;
  min: number;
  max: number;
  /** Whole numbers only (package.json "type": "integer"). */
  integer: boolean;
}

const MESSAGES = {
  invalid: (rule: NumberSettingRule, got: string) =>
    `${rule.id} must be ${rule.integer ? 'a whole number' : 'a number'} from ${rule.min} to ${rule.max} (got ${got})`,
  usingDefault: (problem: string, fallback: number) => `${problem}; using the default ${fallback}`,
  badRule: (id: string) => `the rule for ${id} has a bound or default that is not a finite number in range`,
};

/** What a value looked like, for messages: strings quoted, everything else as JSON. */
function shown(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Why `value` is not acceptable for the setting, or undefined when it is. Strings ("8088") are not numbers. */
export function numberSettingProblem(rule: NumberSettingRule, value: unknown): string | undefined {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= rule.min && value <= rule.max && (!rule.integer || Number.isInteger(value));
  return ok ? undefined : MESSAGES.invalid(rule, shown(value));
}

export interface ResolvedNumberSetting {
  value: number;
  /** Set when the value was rejected: names the setting, what it got, and the default used instead. */
  problem?: string;
}

/** The value when valid; the default (and a problem naming both) when not; the default silently when unset. */
export function resolveNumberSetting(rule: NumberSettingRule, raw: unknown): ResolvedNumberSetting {
  if (numberSettingProblem(rule, rule.default) !== undefined || !Number.isFinite(rule.min) || !Number.isFinite(rule.max)) {
    throw new RangeError(MESSAGES.badRule(rule.id));
  }
  if (raw === undefined || raw === null) return { value: rule.default };
  const problem = numberSettingProblem(rule, raw);
  return problem === undefined ? { value: raw as number } : { value: rule.default, problem: MESSAGES.usingDefault(problem, rule.default) };
}

/** Host ports: whole numbers 1–65535, defaults from DEFAULT_PORTS (package.json says the same; a unit test checks). */
export const PORT_SETTING_RULES: Record<LabService, NumberSettingRule> = Object.fromEntries(
  (Object.keys(PORT_SETTINGS) as LabService[]).map((service) => [
    service,
    { id: PORT_SETTINGS[service], default: DEFAULT_PORTS[service], min: 1, max: 65535, integer: true },
  ]),
) as Record<LabService, NumberSettingRule>;

/** Upper bound for Simulate Memory Pressure, in MB (the engine caps it further: at most half its memory). */
export const MEMORY_CAP_SETTING: NumberSettingRule = { id: 'monitoringLab.scenarios.memoryCapMb', default: 2048, min: 16, max: 65536, integer: true };

/** Every numeric setting outside monitoringLab.detection.* (core/detect validates those, the same way). */
export const NUMBER_SETTING_RULES: NumberSettingRule[] = [...Object.values(PORT_SETTING_RULES), MEMORY_CAP_SETTING];
