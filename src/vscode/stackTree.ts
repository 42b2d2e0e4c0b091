// The "Stack" view: one node per service with state, health, ports, uptime and live CPU/memory.
// Empty while nothing of the lab exists, so VS Code shows the welcome content (Start). When the engine cannot be
// reached or a setting is invalid, the view's message says why and one row offers the way out (Retry, Open Settings):
// VS Code hides a view's welcome content while the view shows a message, so a welcome button would never be seen.
import * as vscode from 'vscode';
import { ServiceStatus } from '../core/stack';
import { LabSession } from './labSession';
import { formatBytes } from '../shared/format';
import { contextValue, describeService, stackViewContent } from './serviceFormat';
import { formatNumber, t } from '../core/l10n';

export class ServiceItem extends vscode.TreeItem {
  constructor(
    readonly status: ServiceStatus,
    description: string,
    tooltip: vscode.MarkdownString,
    stoppedOnPurpose = false,
  ) {
    super(status.service, vscode.TreeItemCollapsibleState.None);
    this.id = `service:${status.service}`;
    this.description = description;
    this.tooltip = tooltip;
    this.contextValue = contextValue(status);
    this.iconPath = iconFor(status, stoppedOnPurpose);
    this.accessibilityInformation = { label: `${status.service}: ${description}` };
  }
}

/** The way out when there are no services to show: a clickable row under the view's message. */
export class RemedyItem extends vscode.TreeItem {
  constructor(label: string, command: vscode.Command, icon: string, tooltip: string) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.id = `remedy:${command.command}`;
    this.command = command;
    this.iconPath = new vscode.ThemeIcon(icon);
    this.tooltip = tooltip;
    this.contextValue = 'remedy';
  }
}

export type StackNode = ServiceItem | RemedyItem;

// Made when shown (not at load): their text follows the language setting.
const retryItem = () =>
  new RemedyItem(
    t('Retry'),
    { command: 'monitoringLab.refresh', title: t('Retry') },
    'refresh',
    t('The engine is found like the Docker CLI finds it: DOCKER_HOST, then the current Docker context, then the platform default. Docker Desktop must be running on Windows and macOS.'),
  );
const openSettingsItem = () =>
  new RemedyItem(
    t('Open Settings'),
    { command: 'workbench.action.openSettings', title: t('Open Settings'), arguments: ['monitoringLab'] },
    'settings-gear',
    t('Fix the value named above; the view updates as soon as the setting changes.'),
  );

function iconFor(s: ServiceStatus, stoppedOnPurpose: boolean): vscode.ThemeIcon {
  if (s.state === 'missing') return new vscode.ThemeIcon('circle-outline', new vscode.ThemeColor('disabledForeground'));
  // A deliberate stop (the lab's Stop, or the service's) is neutral; only an unexpected exit is red.
  if (s.state !== 'running' && s.state !== 'restarting' && stoppedOnPurpose) return new vscode.ThemeIcon('debug-stop', new vscode.ThemeColor('disabledForeground'));
  if (s.state !== 'running') return new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
  if (s.stale) return new vscode.ThemeIcon('question', new vscode.ThemeColor('disabledForeground'));
  if (s.health === 'unhealthy') return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  if (s.health === 'starting') return new vscode.ThemeIcon('loading~spin');
  return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
}

export class StackTreeProvider implements vscode.TreeDataProvider<StackNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<StackNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly lab: LabSession) {
    this.subscription = lab.onDidChange(() => this.changed.fire(undefined));
  }

  getTreeItem(element: StackNode): vscode.TreeItem {
    return element;
  }

  getChildren(): StackNode[] {
    const content = stackViewContent(this.lab.labState());
    if (content.kind === 'retry') return [retryItem()];
    if (content.kind === 'open-settings') return [openSettingsItem()];
    if (content.kind === 'welcome') return [];
    const now = Date.now();
    return this.lab.model.map((s) => {
      const onPurpose = this.lab.stoppedOnPurpose(s.service);
      return new ServiceItem(s, describeService(s, this.lab.sample(s.containerId), now, onPurpose), this.tooltip(s), onPurpose);
    });
  }

  /** Title-bar summary ("4/4 healthy") and the message shown when the engine cannot be reached or a setting is invalid. */
  decorate(view: vscode.TreeView<StackNode>): void {
    const content = stackViewContent(this.lab.labState());
    view.description = content.description;
    view.message = content.kind === 'retry' || content.kind === 'open-settings' ? content.reason : undefined;
  }

  /** Renders every row again (the language changed). */
  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  /**
   * Container names, images, labels and the engine's words are not ours: every value goes in as text (escaped by
   * appendText), never as Markdown, so a label such as "](command:…)" cannot make a link.
   */
  private tooltip(s: ServiceStatus): vscode.MarkdownString {
    const md = new vscode.MarkdownString();
    md.isTrusted = false;
    md.supportHtml = false;
    const line = (label: string, value: string) => {
      md.appendMarkdown(`**${label}:** `);
      md.appendText(value);
      md.appendMarkdown('\n\n');
    };
    md.appendMarkdown('**');
    md.appendText(s.service);
    md.appendMarkdown('** — ');
    md.appendText(`${s.state}${s.health !== 'none' ? ` (${s.health})` : ''}`);
    md.appendMarkdown('\n\n');
    if (s.image) line(t('Image'), s.image);
    if (s.containerId) line(t('Container'), s.containerId.slice(0, 12));
    if (s.ports.length) line(t('Ports'), s.ports.map((p) => `${p.hostIp}:${p.hostPort}→${p.containerPort}/${p.protocol}`).join(', '));
    if (s.mounts?.length) line(t('Mounts'), s.mounts.join('; '));
    const sample = this.lab.sample(s.containerId);
    if (sample) {
      const cpu = formatNumber(sample.cpuPercent, 1);
      line(
        t('Usage'),
        sample.memoryLimitBytes
          ? t('CPU {0}% · memory {1} of {2}', cpu, formatBytes(sample.memoryBytes), formatBytes(sample.memoryLimitBytes))
          : t('CPU {0}% · memory {1}', cpu, formatBytes(sample.memoryBytes)),
      );
    }
    if (s.detail) line(t('Engine'), s.detail);
    return md;
  }
}
