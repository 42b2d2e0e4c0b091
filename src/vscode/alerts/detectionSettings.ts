// Reads `monitoringLab.detection.*` once per change and hands src/core one validated DetectionSettings.
import * as vscode from 'vscode';
import { DEFAULT_DETECTION_SETTINGS, type ResolvedDetectionSettings, SETTINGS_PREFIX, resolveDetectionSettings } from '../../core/detect';

/** Every leaf setting name under monitoringLab.detection, e.g. "bruteForce.threshold". */
export function detectionSettingKeys(): string[] {
  const keys: string[] = [];
  const walk = (obj: object, prefix: string) => {
    for (const [k, v] of Object.entries(obj)) {
      if (typeof v === 'object' && v !== null) walk(v, `${prefix}${k}.`);
      else keys.push(`${prefix}${k}`);
    }
  };
  walk(DEFAULT_DETECTION_SETTINGS, '');
  return keys;
}

export function readDetectionSettings(): ResolvedDetectionSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_PREFIX);
  const raw: Record<string, unknown> = {};
  // Leaf by leaf, so the result does not depend on how the editor nests dotted names.
  for (const key of detectionSettingKeys()) {
    const value = config.get(key);
    if (value === undefined) continue;
    const parts = key.split('.');
    let node = raw;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]!] = value;
  }
  return resolveDetectionSettings(raw);
}

export function affectsDetection(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SETTINGS_PREFIX);
}
