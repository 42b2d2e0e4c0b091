// The language of everything the extension says. VS Code has no Indonesian language pack, so the setting
// `monitoringLab.language` (auto | en | id; auto follows VS Code's display language) chooses it, through the one
// process-wide catalogue of src/core/l10n. A change of the setting applies at once: the caller re-renders what
// shows text (trees, status bar, open panels); messages already on screen keep the language they were shown in.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type Language, resolveLanguage, useLanguage } from '../core/l10n';

/** Reads the setting, resolves it against VS Code's display language and loads the bundle. */
export function applyLanguage(extensionPath: string, log: (line: string) => void): Language {
  const setting = vscode.workspace.getConfiguration('monitoringLab').get<string>('language', 'auto');
  const wanted = resolveLanguage(setting, vscode.env.language);
  const outcome = useLanguage(wanted, path.join(extensionPath, 'l10n'));
  // Logs are for support: they stay English.
  if (outcome.problem)
    log(`language: ${wanted} was asked for (setting "${setting}", display language ${vscode.env.language}), using English: ${outcome.problem}`);
  return outcome.language;
}

/**
 * Applies the language now and again whenever the setting changes; `onChanged` runs after a change that switched
 * the language, to re-render what shows text.
 */
export function registerLanguage(context: vscode.ExtensionContext, log: (line: string) => void, onChanged: () => void): Language {
  let current = applyLanguage(context.extensionPath, log);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      // Any of the extension's settings: applying is cheap, and only a switch of language re-renders.
      if (!e.affectsConfiguration('monitoringLab')) return;
      const next = applyLanguage(context.extensionPath, log);
      if (next === current) return;
      current = next;
      log(`language: now ${next}`);
      onChanged();
    }),
  );
  return current;
}
