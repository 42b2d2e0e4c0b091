// Opens the view that shows an alert's evidence. The panels register their own commands; we only call them.
import * as vscode from 'vscode';
import { type Alert, evidenceFocus } from '../../core/detect';
import { COMMANDS, VIEW_FOCUS_COMMANDS } from '../commandIds';
import { t } from '../../core/l10n';

export const OPEN_SECURITY_EVENTS = COMMANDS.openSecurityEvents;
export const OPEN_SYSTEM_METRICS = COMMANDS.openSystemMetrics;
/** VS Code creates `<view id>.focus` for every contributed view. */
export const FOCUS_STACK_VIEW = VIEW_FOCUS_COMMANDS.stack;

export async function showEvidence(alert: Alert): Promise<void> {
  const focus = evidenceFocus(alert, Date.now());
  try {
    switch (focus.panel) {
      case 'security-events':
        await vscode.commands.executeCommand(OPEN_SECURITY_EVENTS, {
          ...(focus.sourceIp ? { sourceIp: focus.sourceIp } : {}),
          ...(focus.tab ? { tab: focus.tab } : {}),
          from: focus.from,
          to: focus.to,
        });
        return;
      case 'system-metrics':
        await vscode.commands.executeCommand(OPEN_SYSTEM_METRICS, { from: focus.from, to: focus.to });
        return;
      case 'stack':
        await vscode.commands.executeCommand(FOCUS_STACK_VIEW);
        return;
    }
  } catch (err) {
    // e.g. the panel's command is not registered in this build: say so instead of failing silently.
    void vscode.window.showWarningMessage(t('Monitoring Lab: cannot open the evidence for "{0}": {1}', alert.title, (err as Error).message));
  }
}
