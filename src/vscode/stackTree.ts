// The "Stack" view: one node per service with state, health, ports, uptime and live CPU/memory.
// Empty while nothing of the lab exists, so VS Code shows the welcome content (Start). When the engine cannot be
// reached or a setting is invalid, the view's message says why and one row offers the way out (Retry, Open Settings):
// VS Code hides a view's welcome content while the view shows a message, so a welcome button would never be seen.
import * as vscode from 'vscode';
import type { ServiceStatus } from '../core/stack';
import type { EndpointHealth } from '../core/attach/health';
import type { LabSession } from './labSession';
import { formatBytes } from '../shared/format';
import { contextValue, describeService, stackViewContent } from './serviceFormat';
import { formatNumber, t } from '../core/l10n';

/**
 * One service's row. Rows are kept and updated in place (one object per service for the view's life): VS Code
 * then refreshes only the rows that changed, and a context-menu command still gets its row when a refresh (stats
 * every second) lands while the menu is open — a rebuilt tree hands the command no row at all.
 */
export class ServiceItem extends vscode.TreeItem {
  status!: ServiceStatus;

  constructor(status: ServiceStatus, description: string, tooltip: vscode.MarkdownString, stoppedOnPurpose = false) {
    super(status.service, vscode.TreeItemCollapsibleState.None);
    this.id = `service:${status.service}`;
    this.update(status, description, tooltip, stoppedOnPurpose);
  }

  /** Takes the new state; says whether anything shown changed. */
  update(status: ServiceStatus, description: string, tooltip: vscode.MarkdownString, stoppedOnPurpose = false): boolean {
    const before = this.shown();
    this.status = status;
    this.description = description;
    this.tooltip = tooltip;
    this.contextValue = contextValue(status);
    this.iconPath = iconFor(status, stoppedOnPurpose);
    this.accessibilityInformation = { label: `${status.service}: ${description}` };
    return this.shown() !== before;
  }

  private shown(): string {
    const icon = this.iconPath instanceof vscode.ThemeIcon ? `${this.iconPath.id}/${this.iconPath.color?.id ?? ''}` : '';
    return JSON.stringify([this.description, this.contextValue, icon, this.tooltip instanceof vscode.MarkdownString ? this.tooltip.value : this.tooltip]);
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

/** Attach mode: one attached endpoint (Elasticsearch, Prometheus, the app) with its health, instead of a container. */
export class EndpointItem extends vscode.TreeItem {
  health!: EndpointHealth;

  constructor(health: EndpointHealth) {
    super(ENDPOINT_LABELS[health.service], vscode.TreeItemCollapsibleState.None);
    this.id = `endpoint:${health.service}`;
    this.contextValue = 'endpoint';
    this.update(health);
  }

  /** Takes the new health; says whether anything shown changed. */
  update(health: EndpointHealth): boolean {
    const changed = JSON.stringify(health) !== JSON.stringify(this.health);
    this.health = health;
    this.description = health.summary;
    const [icon, color] = ENDPOINT_ICONS[health.status];
    this.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
    // A plain string: the server's words and the addresses are shown as text, never as Markdown.
    this.tooltip = [health.url, health.summary, health.detail].filter(Boolean).join('\n\n');
    return changed;
  }
}

const ENDPOINT_LABELS = { elasticsearch: 'Elasticsearch', prometheus: 'Prometheus', app: 'App' };
const ENDPOINT_ICONS = {
  ok: ['pass-filled', 'testing.iconPassed'],
  warning: ['warning', 'problemsWarningIcon.foreground'],
  unset: ['circle-outline', 'disabledForeground'],
  error: ['error', 'errorForeground'],
} as const;

/** "attached · 2/3 ok": the view's title-bar summary in attach mode. */
export function endpointsSummary(endpoints: readonly EndpointHealth[]): string {
  const configured = endpoints.filter((e) => e.status !== 'unset');
  return t('attached · {0}/{1} ok', configured.filter((e) => e.status === 'ok').length, configured.length);
}

export type StackNode = ServiceItem | RemedyItem | EndpointItem;

// Made when shown (not at load): their text follows the language setting.
const retryItem = () =>
  new RemedyItem(
    t('Retry'),
    { command: 'monitoringLab.refresh', title: t('Retry') },
    'refresh',
    t(
      'The engine is found like the Docker CLI finds it: DOCKER_HOST, then the current Docker context, then the platform default. Docker Desktop must be running on Windows and macOS.',
    ),
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
  if (s.state !== 'running' && s.state !== 'restarting' && stoppedOnPurpose)
    return new vscode.ThemeIcon('debug-stop', new vscode.ThemeColor('disabledForeground'));
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

  /** The rows, one per service, kept across refreshes. */
  private readonly rows = new Map<string, ServiceItem>();
  /** Attach mode's rows, one per endpoint, kept across refreshes like the services'. */
  private readonly endpointRows = new Map<string, EndpointItem>();
  /** What the list is made of (its kind and services, in order): when it changes, the whole view is refreshed. */
  private shape: string | undefined;

  constructor(private readonly lab: LabSession) {
    this.subscription = lab.onDidChange(() => this.update());
  }

  getTreeItem(element: StackNode): vscode.TreeItem {
    return element;
  }

  getChildren(): StackNode[] {
    const content = stackViewContent(this.lab.labState());
    this.shape = this.currentShape();
    if (content.kind === 'retry') return [retryItem()];
    if (content.kind === 'open-settings') return [openSettingsItem()];
    const endpoints = this.lab.endpoints;
    if (endpoints) return endpoints.map((h) => this.endpointRow(h).item);
    if (content.kind === 'welcome') return [];
    return this.lab.model.map((s) => this.row(s).item);
  }

  /** A change of the model: the whole view when its shape changed, else only the rows whose text or icon did. */
  private update(): void {
    if (this.currentShape() !== this.shape) {
      this.changed.fire(undefined);
      return;
    }
    const endpoints = this.lab.endpoints;
    if (endpoints) {
      for (const h of endpoints) {
        const { item, changed } = this.endpointRow(h);
        if (changed) this.changed.fire(item);
      }
      return;
    }
    if (stackViewContent(this.lab.labState()).kind !== 'services') return;
    for (const s of this.lab.model) {
      const { item, changed } = this.row(s);
      if (changed) this.changed.fire(item);
    }
  }

  private currentShape(): string {
    const endpoints = this.lab.endpoints;
    if (endpoints) return `${stackViewContent(this.lab.labState()).kind}|attach|${endpoints.map((e) => e.service).join(',')}`;
    return `${stackViewContent(this.lab.labState()).kind}|${this.lab.model.map((s) => s.service).join(',')}`;
  }

  private endpointRow(h: EndpointHealth): { item: EndpointItem; changed: boolean } {
    const existing = this.endpointRows.get(h.service);
    if (existing) return { item: existing, changed: existing.update(h) };
    const item = new EndpointItem(h);
    this.endpointRows.set(h.service, item);
    return { item, changed: true };
  }

  private row(s: ServiceStatus): { item: ServiceItem; changed: boolean } {
    const onPurpose = this.lab.stoppedOnPurpose(s.service);
    const description = describeService(s, this.lab.sample(s.containerId), Date.now(), onPurpose);
    const existing = this.rows.get(s.service);
    if (existing) return { item: existing, changed: existing.update(s, description, this.tooltip(s), onPurpose) };
    const item = new ServiceItem(s, description, this.tooltip(s), onPurpose);
    this.rows.set(s.service, item);
    return { item, changed: true };
  }

  /** Title-bar summary ("4/4 healthy") and the message shown when the engine cannot be reached or a setting is invalid. */
  decorate(view: vscode.TreeView<StackNode>): void {
    const content = stackViewContent(this.lab.labState());
    const endpoints = this.lab.endpoints;
    view.description = endpoints && content.kind !== 'open-settings' ? endpointsSummary(endpoints) : content.description;
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
    if (s.answered) line(t('Health'), t("it answers its healthcheck's question; the engine's first healthcheck run is still to come"));
    if (s.detail) line(t('Engine'), s.detail);
    return md;
  }
}
