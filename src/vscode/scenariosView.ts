// The "Scenarios" view: the scenarios as clickable items, what is running now, and recent runs.
import * as vscode from 'vscode';
import { SCENARIOS, defaultParams } from '../core/scenarios/catalog';
import type { ScenarioRecord } from '../core/scenarios/records';
import type { ScenarioRunner } from '../core/scenarios/scenarioRunner';
import { formatDateTime, formatTime, t } from '../core/l10n';

/** A run's outcome in words (the record keeps the id). */
function outcomeLabel(outcome: ScenarioRecord['outcome']): string {
  switch (outcome) {
    case 'running':
      return t('running');
    case 'completed':
      return t('completed');
    case 'failed':
      return t('failed');
    case 'cancelled':
      return t('cancelled');
    default:
      return String(outcome);
  }
}

/** A scenario's row: its descriptor's label and icon, and a detail built from its defaults. */
export function scenarioRow(index: number): { command: string; label: string; detail: string; icon: string } {
  const d = SCENARIOS[index]!;
  return { command: d.command, label: d.view.label, detail: d.view.detail(defaultParams(d)), icon: d.view.icon };
}

type Node = { kind: 'scenario'; index: number } | { kind: 'recent'; running: string[] } | { kind: 'record'; record: ScenarioRecord };

export class ScenariosTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly runner: ScenarioRunner) {}

  /** Called when a run starts or ends. */
  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      // What runs is read from the records, not from the runner: the records change (and call refresh) before
      // the runner adds a run and before it forgets one, so the runner's list would show the previous state.
      const running = (await this.runner.records.list()).filter((r) => r.outcome === 'running').map((r) => r.kind);
      return [...SCENARIOS.map((_, index) => ({ kind: 'scenario' as const, index })), { kind: 'recent', running }];
    }
    if (node.kind !== 'recent') return [];
    return (await this.runner.records.list())
      .slice(-20)
      .reverse()
      .map((record) => ({ kind: 'record' as const, record }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'scenario') {
      const s = scenarioRow(node.index);
      const item = new vscode.TreeItem(s.label);
      item.description = s.detail;
      item.iconPath = new vscode.ThemeIcon(s.icon);
      item.command = { command: s.command, title: s.label };
      item.tooltip = t('Run: {0} ({1})', s.label, s.detail);
      return item;
    }
    if (node.kind === 'recent') {
      const item = new vscode.TreeItem(t('Recent runs'), vscode.TreeItemCollapsibleState.Collapsed);
      item.description = node.running.length ? t('running: {0}', node.running.join(', ')) : '';
      item.iconPath = new vscode.ThemeIcon('history');
      return item;
    }
    const r = node.record;
    const item = new vscode.TreeItem(`${r.kind} — ${outcomeLabel(r.outcome)}`);
    item.description = `${formatTime(r.startedAt)} · ${Object.entries(r.counts)
      .map(([k, v]) => `${k}×${v}`)
      .join(' ')}`;
    item.iconPath = new vscode.ThemeIcon(
      r.outcome === 'running' ? 'loading~spin' : r.outcome === 'completed' ? 'check' : r.outcome === 'failed' ? 'error' : 'circle-slash',
    );
    item.tooltip = [
      r.kind,
      t('parameters: {0}', JSON.stringify(r.params)),
      t('started {0}', formatDateTime(r.startedAt)),
      ...(r.endedAt ? [t('ended {0}', formatDateTime(r.endedAt))] : []),
      ...(r.error ? [r.error] : []),
    ].join('\n');
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
