// The "Stack" view: one node per service with state, health, ports, uptime and live CPU/memory.
// Empty while nothing of the lab exists, so VS Code shows the welcome content (Start, or the engine problem).
import * as vscode from 'vscode';
import { ServiceStatus } from '../core/stack';
import { LabSession } from './labSession';
import { contextValue, describeService, formatBytes, summarize } from './serviceFormat';

export class ServiceItem extends vscode.TreeItem {
  constructor(
    readonly status: ServiceStatus,
    description: string,
    tooltip: vscode.MarkdownString,
  ) {
    super(status.service, vscode.TreeItemCollapsibleState.None);
    this.id = `service:${status.service}`;
    this.description = description;
    this.tooltip = tooltip;
    this.contextValue = contextValue(status);
    this.iconPath = iconFor(status);
    this.accessibilityInformation = { label: `${status.service}: ${description}` };
  }
}

function iconFor(s: ServiceStatus): vscode.ThemeIcon {
  if (s.state === 'missing') return new vscode.ThemeIcon('circle-outline', new vscode.ThemeColor('disabledForeground'));
  if (s.state !== 'running') return new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
  if (s.health === 'unhealthy') return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  if (s.health === 'starting') return new vscode.ThemeIcon('loading~spin');
  return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
}

export class StackTreeProvider implements vscode.TreeDataProvider<ServiceItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ServiceItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly lab: LabSession) {
    this.subscription = lab.onDidChange(() => this.changed.fire(undefined));
  }

  getTreeItem(element: ServiceItem): vscode.TreeItem {
    return element;
  }

  getChildren(): ServiceItem[] {
    if (this.lab.engineState.kind === 'unreachable') return [];
    const model = this.lab.model;
    if (!summarize(model)) return [];
    const now = Date.now();
    return model.map((s) => new ServiceItem(s, describeService(s, this.lab.sample(s.containerId), now), this.tooltip(s)));
  }

  /** Title-bar summary ("4/4 healthy") and the message shown when the engine cannot be reached. */
  decorate(view: vscode.TreeView<ServiceItem>): void {
    const engine = this.lab.engineState;
    view.description = engine.kind === 'unreachable' ? 'engine unreachable' : summarize(this.lab.model) ?? '';
    view.message = engine.kind === 'unreachable' ? engine.reason : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private tooltip(s: ServiceStatus): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${s.service}** — ${s.state}${s.health !== 'none' ? ` (${s.health})` : ''}\n\n`);
    if (s.image) md.appendMarkdown(`Image: \`${s.image}\`\n\n`);
    if (s.containerId) md.appendMarkdown(`Container: \`${s.containerId.slice(0, 12)}\`\n\n`);
    if (s.ports.length) md.appendMarkdown(`Ports: ${s.ports.map((p) => `\`${p.hostIp}:${p.hostPort}→${p.containerPort}/${p.protocol}\``).join(', ')}\n\n`);
    if (s.mounts?.length) md.appendMarkdown(`Mounts:\n${s.mounts.map((m) => `- \`${m}\``).join('\n')}\n\n`);
    const sample = this.lab.sample(s.containerId);
    if (sample) md.appendMarkdown(`CPU ${sample.cpuPercent.toFixed(1)}% · memory ${formatBytes(sample.memoryBytes)}${sample.memoryLimitBytes ? ` of ${formatBytes(sample.memoryLimitBytes)}` : ''}\n\n`);
    if (s.detail) md.appendMarkdown(`Engine: ${s.detail}`);
    return md;
  }
}
