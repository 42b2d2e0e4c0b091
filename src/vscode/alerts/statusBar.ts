// The status-bar item: the lab's state, and the most severe active alert in warning/error colours.
// Clicking shows the alert's evidence (or the Stack view when nothing fires).
import * as vscode from 'vscode';
import { type Alert, type LabState, type RuleStatus, labStatus } from '../../core/detect';
import { SHOW_EVIDENCE_COMMAND } from './commands';
import { FOCUS_STACK_VIEW } from './showEvidence';
import { t } from '../../core/l10n';

const ICONS = { ok: '$(beaker)', stopped: '$(beaker)', warning: '$(warning)', critical: '$(error)' } as const;

export class LabStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem('monitoringLab.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Monitoring Lab';
    this.item.show();
  }

  render(lab: LabState, active: readonly Alert[], statuses: readonly RuleStatus[]): void {
    const status = labStatus(lab, active, statuses);
    const icon = ICONS[status.level];
    this.item.text = status.alert ? `${icon} ${status.alert}` : `${icon} ${status.lab}${status.level === 'warning' ? ' $(warning)' : ''}`;
    // Plain string tooltip: evidence comes from logs and must never be rendered as markdown.
    this.item.tooltip = [...status.details, '', status.alertId ? t('Click to show the evidence.') : t('Click to show the Stack view.')].join('\n');
    this.item.backgroundColor =
      status.alert && status.level === 'critical'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : status.alert && status.level === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.item.command = status.alertId
      ? { title: t('Show evidence'), command: SHOW_EVIDENCE_COMMAND, arguments: [status.alertId] }
      : { title: t('Show the Stack view'), command: FOCUS_STACK_VIEW };
  }

  dispose(): void {
    this.item.dispose();
  }
}
