// Reads `monitoringLab.detection.*` once per change and hands src/core one validated DetectionSettings.
// Which settings exist, their defaults and bounds: the settings schema (core/config/settingsSchema.ts).
import * as vscode from 'vscode';
import { DETECTION_SETTING_LEAVES, type ResolvedDetectionSettings, SETTINGS_PREFIX, resolveDetectionSettings } from '../../core/detect/settings';

export function readDetectionSettings(): ResolvedDetectionSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_PREFIX);
  const raw: Record<string, unknown> = {};
  // Leaf by leaf, so the result does not depend on how the editor nests dotted names.
  for (const key of DETECTION_SETTING_LEAVES) {
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
