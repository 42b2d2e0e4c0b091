// One check for every numeric setting, wherever it is read (editor settings, CLI config file, core/config):
// finite, whole where it must be, within its range. A bad value never reaches a limit: the reader falls back
// to the default and says so, naming the setting by its exact id. The rules of settings come from the schema
// (./settingsSchema.ts): numberRule(id).
import type { LabService } from './services';
import { LAB_SERVICES, PORT_SETTINGS } from './services';
import { type NumberSettingId, SETTINGS_SCHEMA } from './settingsSchema';
import { t } from '../l10n';

export interface NumberSettingRule {
  /** The setting's id as in the schema, e.g. "monitoringLab.scenarios.memoryCapMb"; or a CLI option's name. */
  id: string;
  default: number;
  min: number;
  max: number;
  /** Whole numbers only (package.json "type": "integer"). */
  integer: boolean;
}

const MESSAGES = {
  invalid: (rule: NumberSettingRule, got: string) =>
    rule.integer
      ? t('{0} must be a whole number from {1} to {2} (got {3})', rule.id, rule.min, rule.max, got)
      : t('{0} must be a number from {1} to {2} (got {3})', rule.id, rule.min, rule.max, got),
  usingDefault: (problem: string, fallback: number) => t('{0}; using the default {1}', problem, fallback),
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

/** A numeric setting's rule, exactly as the schema declares it. */
export function numberRule(id: NumberSettingId): NumberSettingRule {
  const spec = SETTINGS_SCHEMA[id];
  return { id, default: spec.default, min: spec.minimum, max: spec.maximum, integer: spec.type === 'integer' };
}

/** Host ports: whole numbers 1–65535, each with its default. */
export const PORT_SETTING_RULES: Record<LabService, NumberSettingRule> = Object.fromEntries(
  LAB_SERVICES.map((service) => [service, numberRule(PORT_SETTINGS[service])]),
) as Record<LabService, NumberSettingRule>;

/** Upper bound for Simulate Memory Pressure, in MB (the engine caps it further: at most half its memory). */
export const MEMORY_CAP_SETTING: NumberSettingRule = numberRule('monitoringLab.scenarios.memoryCapMb');
