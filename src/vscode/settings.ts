// Settings are read here, once per operation, and handed to src/core as one typed LabConfig.
// src/core never reads settings itself. Which settings exist, their defaults, bounds and allowed values: the one
// schema in core (core/config/settingsSchema.ts). Numeric settings go through core's one check: a bad value
// becomes the default, and the user is told once which setting it was and which default is used.
import * as vscode from 'vscode';
import { type Language, isLanguage, resolveLanguage } from '../core/l10n';
import type { LabConfig, LabConfigInput, LabService, NumberSettingRule } from '../core/config';
import { ATTACH_SETTINGS, type AttachConfig, type AttachCredentials } from '../core/attach/config';
import {
  LAB_CONFIG_SETTINGS,
  MEMORY_CAP_SETTING,
  PORT_SETTING_RULES,
  SETTINGS_SECTION,
  type SettingId,
  type SettingValue,
  createLabConfig,
  enumValue,
  resolveNumberSetting,
  settingDefault,
} from '../core/config';
import type { CheckedSetting } from './settingProblems';
import { SettingProblemReporter } from './settingProblems';
import { t } from '../core/l10n';
import { defined } from '../shared/defined';

const problems = new SettingProblemReporter((id, problem) => {
  const openSetting = t('Open Setting');
  void vscode.window.showWarningMessage(t('Monitoring Lab: {0}.', problem), openSetting).then((choice) => {
    if (choice === openSetting) void vscode.commands.executeCommand('workbench.action.openSettings', id);
  });
});

/** A setting's raw value (the schema's default when unset). Types are checked by the caller (core validates). */
function readRaw<K extends SettingId>(id: K): SettingValue<K> {
  return vscode.workspace.getConfiguration().get<SettingValue<K>>(id, settingDefault(id));
}

/** A numeric setting, validated; `checked` collects the outcome for the problem reporter. */
function readNumber(rule: NumberSettingRule, checked: CheckedSetting[]): number {
  const { value, problem } = resolveNumberSetting(rule, vscode.workspace.getConfiguration().get<unknown>(rule.id));
  checked.push({ id: rule.id, ...defined({ problem }) });
  return value;
}

/** monitoringLab.scenarios.memoryCapMb, validated (never NaN: "abc" would otherwise lift the memory bound). */
export function readMemoryCapMb(): number {
  const checked: CheckedSetting[] = [];
  const value = readNumber(MEMORY_CAP_SETTING, checked);
  problems.update(checked);
  return value;
}

/**
 * The lab report's language: monitoringLab.report.language when it names a language; otherwise ('auto', or a value
 * that is not one) monitoringLab.language, whose 'auto' follows VS Code's display language.
 */
export function readReportLanguage(): Language {
  const report = readRaw('monitoringLab.report.language');
  return isLanguage(report) ? report : resolveLanguage(readRaw('monitoringLab.language'), vscode.env.language);
}

/** monitoringLab.profile as the lab config reads it: the default when the value is not a profile. */
export function readProfile(): SettingValue<'monitoringLab.profile'> {
  return enumValue(LAB_CONFIG_SETTINGS.profile, readRaw(LAB_CONFIG_SETTINGS.profile)) ?? settingDefault(LAB_CONFIG_SETTINGS.profile);
}

/** monitoringLab.mode: 'attach' only when set so; anything else is the lab. */
export function readMode(): SettingValue<'monitoringLab.mode'> {
  return enumValue(LAB_CONFIG_SETTINGS.mode, readRaw(LAB_CONFIG_SETTINGS.mode)) ?? settingDefault(LAB_CONFIG_SETTINGS.mode);
}

/** Where the extension keeps the lab: stack copies and .env under its global storage, never its install folder. */
export function labPaths(context: vscode.ExtensionContext): Pick<LabConfigInput, 'labBaseDir' | 'stackSourceDir' | 'stackVersion'> {
  return {
    labBaseDir: context.globalStorageUri.fsPath,
    stackSourceDir: vscode.Uri.joinPath(context.extensionUri, 'resources', 'stack').fsPath,
    stackVersion: String((context.extension.packageJSON as { version?: string }).version ?? '0'),
  };
}

/** Attach mode's settings (empty text: unset) and the credentials from the editor's secret storage (never from settings). */
export function readAttachConfig(credentials: AttachCredentials): AttachConfig {
  const text = (id: (typeof ATTACH_SETTINGS)[keyof typeof ATTACH_SETTINGS]) => {
    const value = vscode.workspace.getConfiguration().get<unknown>(id);
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  };
  const s = ATTACH_SETTINGS;
  return {
    elasticsearch: {
      url: text(s.elasticsearchUrl) ?? '',
      index: text(s.elasticsearchIndex) ?? '',
      ...defined({ caFile: text(s.elasticsearchCaFile), caFingerprint: text(s.elasticsearchCaFingerprint) }),
    },
    prometheus: {
      url: text(s.prometheusUrl) ?? '',
      ...defined({ caFile: text(s.prometheusCaFile), job: text(s.prometheusJob), instance: text(s.prometheusInstance) }),
    },
    ...defined({ appUrl: text(s.appUrl) }),
    credentials,
  };
}

/** The current settings as a validated LabConfig; a LabConfigError names every bad setting. */
export function readLabConfig(context: vscode.ExtensionContext, credentials: AttachCredentials = {}): LabConfig {
  const checked: CheckedSetting[] = [];
  const ports: Partial<Record<LabService, number>> = {};
  for (const [service, rule] of Object.entries(PORT_SETTING_RULES) as Array<[LabService, NumberSettingRule]>) {
    ports[service] = readNumber(rule, checked);
  }
  problems.update(checked);
  const mode = readRaw(LAB_CONFIG_SETTINGS.mode);
  const input: LabConfigInput = {
    ...labPaths(context),
    mode,
    ...(mode === 'attach' ? { attach: readAttachConfig(credentials) } : {}),
    profile: readRaw(LAB_CONFIG_SETTINGS.profile),
    networkMode: readRaw(LAB_CONFIG_SETTINGS.networkMode),
    bindAddress: readRaw(LAB_CONFIG_SETTINGS.bindAddress),
    ports,
    projectName: readRaw(LAB_CONFIG_SETTINGS.projectName),
    images: readRaw(LAB_CONFIG_SETTINGS.images),
    logIndex: readRaw(LAB_CONFIG_SETTINGS.logIndex),
    behindProxy: readRaw(LAB_CONFIG_SETTINGS.behindProxy),
    buildWithHostNetwork: readRaw(LAB_CONFIG_SETTINGS.buildWithHostNetwork),
  };
  return createLabConfig(input);
}

/** True when a configuration change touches the lab's settings. */
export function affectsLab(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SETTINGS_SECTION);
}
