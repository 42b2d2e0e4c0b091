// "Open in Kibana Discover", "Open in Grafana" and "Copy Grafana Password". Links come from the one deep-link
// builder in src/core/dashboards; the evidence (source, time range) from an alert when invoked on one.
import * as vscode from 'vscode';
import type { LabConfig } from '../core/config';
import type { Alert } from '../core/detect';
import { evidenceFocus } from '../core/detect';
import { GRAFANA, buildDeepLink, lastMinutes } from '../core/dashboards';
import { readLabSecrets, serviceUrl } from '../core/lab';
import { COMMANDS } from './commandIds';
import type { LabSession } from './labSession';
import { registerCommand } from './registerCommand';
import { t } from '../core/l10n';

export const GRAFANA_PASSWORD_SECRET = 'monitoringLab.grafanaAdminPassword';

/** What a deep link should show: an alert's evidence, an explicit range from a panel, or the last 15 minutes. */
interface LinkScope {
  sourceIp?: string;
  from?: number;
  to?: number;
}

function scopeOf(arg: unknown): LinkScope {
  const node = arg as { kind?: string; alert?: Alert } | undefined;
  if (node?.kind === 'alert' && node.alert) {
    const focus = evidenceFocus(node.alert, Date.now());
    if (focus.panel === 'stack') return { from: node.alert.span.from, to: node.alert.clearedAt ?? Date.now() };
    return { ...('sourceIp' in focus && focus.sourceIp ? { sourceIp: focus.sourceIp } : {}), from: focus.from, to: focus.to };
  }
  const scope = arg as LinkScope | undefined;
  if (scope && typeof scope === 'object' && (typeof scope.from === 'number' || typeof scope.sourceIp === 'string')) return scope;
  return {};
}

function timeRange(scope: LinkScope) {
  return scope.from !== undefined ? { from: new Date(scope.from), to: new Date(scope.to ?? Date.now()) } : lastMinutes(15);
}

/** Kibana and Grafana run with the full profile only: say so, and offer the setting. */
async function requireFullProfile(config: LabConfig, what: string): Promise<boolean> {
  if (config.profile === 'full') return true;
  const openSettings = t('Open Settings');
  const choice = await vscode.window.showInformationMessage(
    t(
      '{0} runs with the full profile. Set "Monitoring Lab: Profile" to full and start the lab again (the lite profile uses the extension\'s own panels instead).',
      what,
    ),
    openSettings,
  );
  if (choice === openSettings) await vscode.commands.executeCommand('workbench.action.openSettings', 'monitoringLab.profile');
  return false;
}

/** Hands a link to the browser; the editor answers false when it could not (no browser, or the user declined). */
async function openInBrowser(url: string): Promise<void> {
  if (!(await vscode.env.openExternal(vscode.Uri.parse(url, true)))) throw new Error(t('could not open {0} in a browser.', url));
}

/** Which dashboard a command handed to the browser (the guided exercise's Kibana and Grafana steps follow it). */
export type OpenedDashboard = 'kibana' | 'grafana';

export function registerDashboardCommands(context: vscode.ExtensionContext, lab: LabSession): { onDidOpen: vscode.Event<OpenedDashboard> } {
  const opened = new vscode.EventEmitter<OpenedDashboard>();
  context.subscriptions.push(
    opened,
    registerCommand(COMMANDS.openKibanaDiscover, async (arg?: unknown) => {
      const config = lab.config();
      if (!(await requireFullProfile(config, 'Kibana'))) return;
      const scope = scopeOf(arg);
      const url = buildDeepLink({
        kind: 'kibana-discover',
        kibanaUrl: serviceUrl(config, 'kibana'),
        timeRange: timeRange(scope),
        ...(scope.sourceIp ? { sourceIp: scope.sourceIp } : {}),
      });
      await openInBrowser(url);
      opened.fire('kibana');
    }),
    registerCommand(COMMANDS.openGrafana, async (arg?: unknown) => {
      const config = lab.config();
      if (!(await requireFullProfile(config, 'Grafana'))) return;
      const url = buildDeepLink({
        kind: 'grafana-dashboard',
        grafanaUrl: serviceUrl(config, 'grafana'),
        timeRange: timeRange(scopeOf(arg)),
        dashboardUid: GRAFANA.labDashboardUid,
      });
      await openInBrowser(url);
      opened.fire('grafana');
    }),
    registerCommand(COMMANDS.copyGrafanaPassword, async () => {
      const password = (await context.secrets.get(GRAFANA_PASSWORD_SECRET)) ?? readLabSecrets(lab.config()).grafanaAdminPassword;
      if (!password) {
        void vscode.window.showInformationMessage(t('No Grafana password yet: it is generated when the lab first starts.'));
        return;
      }
      await vscode.env.clipboard.writeText(password);
      void vscode.window.showInformationMessage(t('Copied Grafana\'s admin password (user "admin").'));
    }),
  );
  return { onDidOpen: opened.event };
}

/** After a start: keep the generated Grafana password in VS Code's secret storage too. */
export async function rememberGrafanaPassword(context: vscode.ExtensionContext, config: LabConfig): Promise<void> {
  const password = readLabSecrets(config).grafanaAdminPassword;
  if (password) await context.secrets.store(GRAFANA_PASSWORD_SECRET, password);
}
