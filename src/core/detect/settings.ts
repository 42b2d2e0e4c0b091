// Detection settings: one typed object, built by the editor from `monitoringLab.detection.*` (or by the CLI)
// and validated here. Defaults sit next to what real tools use, and are tuned so the lab's own exercises fire:
//
//   brute force   lab: ≥ 20 failed logins from ONE source within 60 s (the exercise sends 30 rapid failures)
//                 Elastic prebuilt rules: 60 failures in 30 s (SSH), 25 per source (Okta); fail2ban: 5 in 10 min
//   error burst   lab: ≥ 10 ERROR events within 60 s (the error-burst scenario sends 20 over 5 s)
//   high CPU      lab: host busy above 80 % for 20 s (the CPU stress runs 60 s; the rate window alone takes 20 s)
//                 common Prometheus alerts (awesome-prometheus-alerts): above 80 % for 10 min
//   high memory   lab: host memory used above 90 % for 20 s; common Prometheus alerts: < 10 % available for 2 min
//   schedule      lab: log and engine rules every 0.5 s, metric rules every 5 s (the scrape interval);
//                 Kibana rules run every 5 min by default — the lab must show the attack within about 2 s.
// The values and their bounds are declared once, in the settings schema (core/config/settingsSchema.ts).
import { t } from '../l10n';
import { type NumberSettingRule, numberRule, resolveNumberSetting } from '../config/numberSetting';
import {
  type BooleanSettingId,
  type NumberSettingId,
  SETTING_IDS,
  type SettingId,
  type SettingValue,
  describeEnum,
  enumValue,
  settingDefault,
} from '../config/settingsSchema';

export interface CountRuleSettings {
  enabled: boolean;
  /** Fires at this many events in the window. */
  threshold: number;
  windowSeconds: number;
  /** Hysteresis: an active alert clears only once the count is below this (≤ threshold). */
  clearBelow: number;
}

export interface SustainedRuleSettings {
  enabled: boolean;
  /** Fires when the value stays at or above this percentage for `forSeconds`. */
  abovePercent: number;
  forSeconds: number;
  /** Hysteresis: an active alert clears only once the current value is below this percentage (≤ abovePercent). */
  clearBelowPercent: number;
}

/** Which new alerts raise a notification (the values of monitoringLab.detection.notify). */
export type NotifyLevel = SettingValue<'monitoringLab.detection.notify'>;

export interface DetectionSettings {
  enabled: boolean;
  /** How often log rules (Elasticsearch) and the container rule (engine state) evaluate. */
  logIntervalSeconds: number;
  /** How often metric rules (Prometheus) evaluate. */
  metricIntervalSeconds: number;
  /** Prometheus' scrape interval in the lab (resources/stack/prometheus/prometheus.yml): sets rate windows and steps. */
  scrapeIntervalSeconds: number;
  /** Hysteresis in time: an alert clears after this many consecutive ticks below its clear threshold. */
  clearAfterTicks: number;
  bruteForce: CountRuleSettings;
  errorBurst: CountRuleSettings;
  highCpu: SustainedRuleSettings;
  highMemory: SustainedRuleSettings;
  containerDown: { enabled: boolean };
  /** Events the lab app dropped (never reached Elasticsearch) in the last 5 minutes. */
  eventsDropped: { enabled: boolean };
  /** Alerts kept in the history (oldest go first). */
  historySize: number;
  /** Which new alerts raise a notification. */
  notify: NotifyLevel;
  /** At most one notification per rule within this many seconds; alerts in between only update the status bar. */
  notifyCooldownSeconds: number;
}

const PREFIX = 'monitoringLab.detection';
export const SETTINGS_PREFIX = PREFIX;

/** A detection setting's id: "monitoringLab.detection." + a leaf path such as "bruteForce.threshold". */
type DetectionSettingId = Extract<SettingId, `${typeof PREFIX}.${string}`>;
type Leaf<Id> = Id extends `${typeof PREFIX}.${infer L}` ? L : never;
type NumberLeaf = Leaf<Extract<NumberSettingId, DetectionSettingId>>;
type BooleanLeaf = Leaf<Extract<BooleanSettingId, DetectionSettingId>>;

const id = <L extends Leaf<DetectionSettingId>>(leaf: L) => `${PREFIX}.${leaf}` as `${typeof PREFIX}.${L}` & SettingId;
const rule = (leaf: NumberLeaf): NumberSettingRule => numberRule(id(leaf));

/** The defaults, as the settings schema declares them (see the header for why these values). */
export const DEFAULT_DETECTION_SETTINGS: DetectionSettings = {
  enabled: settingDefault(id('enabled')),
  logIntervalSeconds: settingDefault(id('logIntervalSeconds')),
  metricIntervalSeconds: settingDefault(id('metricIntervalSeconds')),
  scrapeIntervalSeconds: settingDefault(id('scrapeIntervalSeconds')),
  clearAfterTicks: settingDefault(id('clearAfterTicks')),
  bruteForce: countDefaults('bruteForce'),
  errorBurst: countDefaults('errorBurst'),
  highCpu: sustainedDefaults('highCpu'),
  highMemory: sustainedDefaults('highMemory'),
  containerDown: { enabled: settingDefault(id('containerDown.enabled')) },
  eventsDropped: { enabled: settingDefault(id('eventsDropped.enabled')) },
  historySize: settingDefault(id('historySize')),
  notify: settingDefault(id('notify')),
  notifyCooldownSeconds: settingDefault(id('notifyCooldownSeconds')),
};

function countDefaults(key: 'bruteForce' | 'errorBurst'): CountRuleSettings {
  return {
    enabled: settingDefault(id(`${key}.enabled`)),
    threshold: settingDefault(id(`${key}.threshold`)),
    windowSeconds: settingDefault(id(`${key}.windowSeconds`)),
    clearBelow: settingDefault(id(`${key}.clearBelow`)),
  };
}

function sustainedDefaults(key: 'highCpu' | 'highMemory'): SustainedRuleSettings {
  return {
    enabled: settingDefault(id(`${key}.enabled`)),
    abovePercent: settingDefault(id(`${key}.abovePercent`)),
    forSeconds: settingDefault(id(`${key}.forSeconds`)),
    clearBelowPercent: settingDefault(id(`${key}.clearBelowPercent`)),
  };
}

/** Every detection setting's leaf path under monitoringLab.detection, e.g. "bruteForce.threshold" (the schema's). */
export const DETECTION_SETTING_LEAVES: readonly string[] = SETTING_IDS.filter((k) => k.startsWith(`${PREFIX}.`)).map((k) => k.slice(PREFIX.length + 1));

export interface ResolvedDetectionSettings {
  settings: DetectionSettings;
  /** One line per rejected value, naming the setting; the default is used instead. */
  problems: string[];
}

type Raw = Record<string, unknown>;

/**
 * Builds settings from raw values (e.g. what the editor's configuration returns, nested by the dots of the
 * setting names). Invalid values never stop detection: they fall back to the default and are reported. Bounds
 * and defaults are the settings schema's.
 */
export function resolveDetectionSettings(raw: unknown): ResolvedDetectionSettings {
  const problems: string[] = [];
  const root = asObject(raw);
  const valueAt = (leaf: string): unknown => {
    const parts = leaf.split('.');
    const parent = parts.slice(0, -1).reduce<Raw>((node, part) => asObject(node[part]), root);
    return parent[parts[parts.length - 1]!];
  };
  const num = (leaf: NumberLeaf, fallback?: number): number => {
    const r = rule(leaf);
    const resolved = resolveNumberSetting(fallback === undefined ? r : { ...r, default: fallback }, valueAt(leaf));
    if (resolved.problem) problems.push(resolved.problem);
    return resolved.value;
  };
  const bool = (leaf: BooleanLeaf): boolean => {
    const value = valueAt(leaf);
    const fallback = settingDefault(id(leaf)) as boolean;
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') {
      problems.push(t('{0} must be true or false (got {1}); using the default {2}', id(leaf), JSON.stringify(value), String(fallback)));
      return fallback;
    }
    return value;
  };
  const countRule = (key: 'bruteForce' | 'errorBurst'): CountRuleSettings => {
    const threshold = num(`${key}.threshold`);
    // A lower fire threshold pulls the default clear threshold down with it, silently.
    let clearBelow = num(`${key}.clearBelow`, Math.min(settingDefault(id(`${key}.clearBelow`)), threshold));
    if (clearBelow > threshold) {
      problems.push(t('{0} ({1}) must not exceed {2}.threshold ({3}); using {3}', id(`${key}.clearBelow`), clearBelow, key, threshold));
      clearBelow = threshold;
    }
    return { enabled: bool(`${key}.enabled`), threshold, windowSeconds: num(`${key}.windowSeconds`), clearBelow };
  };
  const sustainedRule = (key: 'highCpu' | 'highMemory'): SustainedRuleSettings => {
    const abovePercent = num(`${key}.abovePercent`);
    let clearBelowPercent = num(`${key}.clearBelowPercent`, Math.min(settingDefault(id(`${key}.clearBelowPercent`)), abovePercent));
    if (clearBelowPercent > abovePercent) {
      problems.push(t('{0} ({1}) must not exceed {2}.abovePercent ({3}); using {3}', id(`${key}.clearBelowPercent`), clearBelowPercent, key, abovePercent));
      clearBelowPercent = abovePercent;
    }
    return { enabled: bool(`${key}.enabled`), abovePercent, forSeconds: num(`${key}.forSeconds`), clearBelowPercent };
  };
  const notifyDefault = settingDefault(id('notify'));
  let notify: NotifyLevel = notifyDefault;
  if (root.notify !== undefined && root.notify !== null) {
    const given = enumValue(id('notify'), root.notify);
    if (given !== undefined) notify = given;
    else
      problems.push(
        t(
          '{0} must be {1} (got {2}); using the default "{3}"',
          id('notify'),
          describeEnum(id('notify')),
          JSON.stringify(root.notify) ?? 'undefined',
          notifyDefault,
        ),
      );
  }
  const settings: DetectionSettings = {
    enabled: bool('enabled'),
    logIntervalSeconds: num('logIntervalSeconds'),
    metricIntervalSeconds: num('metricIntervalSeconds'),
    scrapeIntervalSeconds: num('scrapeIntervalSeconds'),
    clearAfterTicks: num('clearAfterTicks'),
    bruteForce: countRule('bruteForce'),
    errorBurst: countRule('errorBurst'),
    highCpu: sustainedRule('highCpu'),
    highMemory: sustainedRule('highMemory'),
    containerDown: { enabled: bool('containerDown.enabled') },
    eventsDropped: { enabled: bool('eventsDropped.enabled') },
    historySize: num('historySize'),
    notify,
    notifyCooldownSeconds: num('notifyCooldownSeconds'),
  };
  return { settings, problems };
}

function asObject(value: unknown): Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : {};
}
