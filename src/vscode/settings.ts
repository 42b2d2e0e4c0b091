// Settings are read here, once per operation, and handed to src/core as one typed LabConfig.
// src/core never reads settings itself. Numeric settings go through core's one check: a bad value becomes
// the default, and the user is told once which setting it was and which default is used.
import * as vscode from 'vscode';
import {
  LabConfig,
  LabConfigInput,
  LabService,
  MEMORY_CAP_SETTING,
  NetworkMode,
  NumberSettingRule,
  PORT_SETTING_RULES,
  Profile,
  createLabConfig,
  resolveNumberSetting,
} from '../core/config';
import { CheckedSetting, SettingProblemReporter } from './settingProblems';

const MESSAGES = {
  problem: (problem: string) => `Monitoring Lab: ${problem}.`,
  openSettings: 'Open Setting',
};

const problems = new SettingProblemReporter((id, problem) => {
  void vscode.window.showWarningMessage(MESSAGES.problem(problem), MESSAGES.openSettings).then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', id);
  });
});

/** A numeric setting, validated; `checked` collects the outcome for the problem reporter. */
function readNumber(rule: NumberSettingRule, checked: CheckedSetting[]): number {
  const { value, problem } = resolveNumberSetting(rule, vscode.workspace.getConfiguration().get<unknown>(rule.id));
  checked.push({ id: rule.id, ...(problem !== undefined ? { problem } : {}) });
  return value;
}

/** monitoringLab.scenarios.memoryCapMb, validated (never NaN: "abc" would otherwise lift the memory bound). */
export function readMemoryCapMb(): number {
  const checked: CheckedSetting[] = [];
  const value = readNumber(MEMORY_CAP_SETTING, checked);
  problems.update(checked);
  return value;
}

/** Where the extension keeps the lab: stack copies and .env under its global storage, never its install folder. */
export function labPaths(context: vscode.ExtensionContext): Pick<LabConfigInput, 'labBaseDir' | 'stackSourceDir' | 'stackVersion'> {
  return {
    labBaseDir: context.globalStorageUri.fsPath,
    stackSourceDir: vscode.Uri.joinPath(context.extensionUri, 'resources', 'stack').fsPath,
    stackVersion: String((context.extension.packageJSON as { version?: string }).version ?? '0'),
  };
}

/** The current settings as a validated LabConfig; a LabConfigError names every bad setting. */
export function readLabConfig(context: vscode.ExtensionContext): LabConfig {
  const s = vscode.workspace.getConfiguration('monitoringLab');
  const checked: CheckedSetting[] = [];
  const ports: Partial<Record<LabService, number>> = {};
  for (const [service, rule] of Object.entries(PORT_SETTING_RULES) as Array<[LabService, NumberSettingRule]>) {
    ports[service] = readNumber(rule, checked);
  }
  problems.update(checked);
  const input: LabConfigInput = {
    ...labPaths(context),
    profile: s.get<Profile>('profile', 'lite'),
    networkMode: s.get<NetworkMode>('networkMode', 'bridge'),
    bindAddress: s.get<string>('bindAddress', '127.0.0.1'),
    ports,
    projectName: s.get<string>('projectName', 'monitoring-lab'),
    images: s.get<Partial<Record<LabService, string>>>('images', {}),
    logIndex: s.get<string>('logIndex', 'lab-logs'),
    behindProxy: s.get<boolean>('behindProxy', false),
    buildWithHostNetwork: s.get<boolean>('buildWithHostNetwork', false),
  };
  return createLabConfig(input);
}

/** True when a configuration change touches the lab's settings. */
export function affectsLab(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration('monitoringLab');
}
