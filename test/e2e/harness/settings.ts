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

/**
 * Writes `<userData>/User/settings.json` (code-server reads user settings there), and the extension's own settings
 * to `<userData>/Machine/settings.json` too: code-server is a remote window, where VS Code ignores "machine"-scoped
 * settings (bind address, ports, project name, images, network mode) in user settings and reads them from the
 * remote (Machine) settings only, as it would on a Remote-SSH or WSL host. (Before the remote side has answered, the
 * user value shows through for a moment: a test that passes on user settings alone may be reading it then. A start
 * from the palette once read the project name 'e2e-…' and, seconds later, the default 'monitoring-lab'.)
 */
export function writeUserSettings(userDataDir: string, extra: Record<string, unknown> = {}): string {
  const write = (folder: string, settings: Record<string, unknown>) => {
    const dir = path.join(userDataDir, folder);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, JSON.stringify(settings, null, 2));
    return file;
  };
  write('Machine', Object.fromEntries(Object.entries(extra).filter(([key]) => key.startsWith('monitoringLab.'))));
  return write('User', { ...CLEAN_SETTINGS, ...extra });
}
