// The alert history view: rules that cannot evaluate first, then alerts newest first, each with when,
// what, evidence counts and the scenario that caused it. Every text is plain (evidence comes from logs).
import * as vscode from 'vscode';
import type { Alert, ClearReason, LabTransition, RuleStatus } from '../../core/detect';
import { SHOW_EVIDENCE_COMMAND } from './commands';
import { formatDateTime, formatTime, t } from '../../core/l10n';

export type AlertNode =
  | { kind: 'status'; status: Extract<RuleStatus, { state: 'cannot-evaluate' }> }
  | { kind: 'alert'; alert: Alert }
  | { kind: 'detail'; label: string; description?: string; icon?: string }
  | { kind: 'empty'; label: string }
  | { kind: 'waiting'; label: string };

function waitingText(transition: LabTransition): string {
  switch (transition) {
    case 'starting':
      return t('Waiting for the lab to start; rules run once it is up.');
    case 'stopping':
      return t('The lab is stopping; rules are paused.');
    case 'resetting':
      return t('The lab is being reset; rules are paused.');
  }
}

export interface AlertHistorySource {
  history(): Alert[];
  ruleStatuses(): RuleStatus[];
}

function clearReasonText(reason: ClearReason): string {
  switch (reason) {
    case 'condition-ended':
      return t('condition ended');
    case 'lab-stopped':
      return t('lab stopped');
    case 'rule-removed':
      return t('rule changed or disabled');
  }
}

export class AlertHistoryProvider implements vscode.TreeDataProvider<AlertNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AlertNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  private waiting: LabTransition | undefined;

  constructor(private readonly source: AlertHistorySource) {}

  /** While a start, stop or reset runs, one row says so (instead of a "cannot evaluate" row per rule). */
  setWaiting(transition: LabTransition | undefined): void {
    this.waiting = transition;
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }

  getChildren(node?: AlertNode): AlertNode[] {
    if (!node) {
      const blind = this.waiting
        ? []
        : this.source.ruleStatuses().filter((s): s is Extract<RuleStatus, { state: 'cannot-evaluate' }> => s.state === 'cannot-evaluate');
      const alerts = this.source.history();
      const roots: AlertNode[] = [
        ...(this.waiting ? [{ kind: 'waiting' as const, label: waitingText(this.waiting) }] : []),
        ...blind.map((status) => ({ kind: 'status' as const, status })),
        ...alerts.map((alert) => ({ kind: 'alert' as const, alert })),
      ];
      return roots.length ? roots : [{ kind: 'empty', label: t('No alerts yet. Rules run while the lab is up.') }];
    }
    if (node.kind === 'alert') return alertDetails(node.alert);
    return [];
  }

  getTreeItem(node: AlertNode): vscode.TreeItem {
    switch (node.kind) {
      case 'empty':
        return new vscode.TreeItem(node.label);
      case 'waiting': {
        const item = new vscode.TreeItem(node.label);
        item.iconPath = new vscode.ThemeIcon('loading~spin');
        return item;
      }
      case 'detail': {
        const item = new vscode.TreeItem(node.label);
        if (node.description) item.description = node.description;
        if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon);
        return item;
      }
      case 'status': {
        const item = new vscode.TreeItem(`${node.status.ruleId}: ${node.status.reason}`);
        item.iconPath = new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.tooltip = `${node.status.detail}\n${t('Since {0}', clockTime(node.status.since))}`;
        return item;
      }
      case 'alert':
        return alertItem(node.alert);
    }
  }
}

function alertItem(alert: Alert): vscode.TreeItem {
  const active = alert.clearedAt === undefined;
  const item = new vscode.TreeItem(alert.title, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = alert.id;
  const who = alert.subjectsSeen
    .map((s) => s.name)
    .slice(0, 2)
    .join(', ');
  item.description = `${active ? t('active') : t('cleared')} · ${clockTime(alert.firedAt)}${who ? ` · ${who}` : ''}`;
  item.iconPath = active
    ? new vscode.ThemeIcon(
        alert.severity === 'critical' ? 'error' : 'warning',
        new vscode.ThemeColor(alert.severity === 'critical' ? 'problemsErrorIcon.foreground' : 'problemsWarningIcon.foreground'),
      )
    : new vscode.ThemeIcon('pass');
  item.tooltip = `${alert.title} (${alert.severity})\n${alert.evidence.summary}`;
  item.contextValue = active ? 'monitoringLab.alert.active' : 'monitoringLab.alert.cleared';
  item.command = { title: t('Show evidence'), command: SHOW_EVIDENCE_COMMAND, arguments: [alert.id] };
  return item;
}

export function alertDetails(alert: Alert): AlertNode[] {
  const details: AlertNode[] = [{ kind: 'detail', label: t('Fired'), description: `${dateTime(alert.firedAt)}`, icon: 'bell' }];
  if (alert.clearedAt !== undefined) {
    const after = seconds(alert.clearedAt - alert.firedAt);
    const description = alert.clearReason
      ? t('{0} ({1}, after {2})', dateTime(alert.clearedAt), clearReasonText(alert.clearReason), after)
      : t('{0} (after {1})', dateTime(alert.clearedAt), after);
    details.push({ kind: 'detail', label: t('Cleared'), description, icon: 'check' });
  }
  details.push({ kind: 'detail', label: t('Evidence'), description: alert.evidence.summary, icon: 'search' });
  details.push({
    kind: 'detail',
    label: t('Peak'),
    description: t('{0} (threshold {1}) from {2}', alert.peakValue, alert.evidence.threshold, alert.source),
    icon: 'graph',
  });
  if (alert.subjectsSeen.length) {
    details.push({
      kind: 'detail',
      label: t('Named'),
      description: alert.subjectsSeen.map((s) => `${s.name}${s.detail ? ` ${s.detail}` : ` (${s.value})`}`).join(', '),
      icon: 'target',
    });
  }
  details.push(
    alert.scenario
      ? {
          kind: 'detail',
          label: t('Scenario'),
          description: t('{0} run started {1}', alert.scenario.kind, clockTime(alert.scenario.startedAt)),
          icon: 'beaker',
        }
      : { kind: 'detail', label: t('Scenario'), description: t('none overlapping (not caused by a lab scenario)'), icon: 'beaker' },
  );
  return details;
}

function clockTime(ms: number): string {
  return formatTime(ms);
}

function dateTime(ms: number): string {
  return formatDateTime(ms);
}

function seconds(ms: number): string {
  return ms < 120_000 ? t('{0} s', Math.round(ms / 1000)) : t('{0} min', Math.round(ms / 60_000));
}
