/** User settings that keep the screen clean and the run offline and deterministic. */
import * as fs from 'fs';
import * as path from 'path';

export const CLEAN_SETTINGS: Record<string, unknown> = {
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'editor.accessibilitySupport': 'off',
};

/** Writes `<userData>/User/settings.json` (code-server reads user settings there). */
export function writeUserSettings(userDataDir: string, extra: Record<string, unknown> = {}): string {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'settings.json');
  fs.writeFileSync(file, JSON.stringify({ ...CLEAN_SETTINGS, ...extra }, null, 2));
  return file;
}
