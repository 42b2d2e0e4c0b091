// Commands that drive the stack: start (progress + cancel), stop, reset (confirmed), and per-service actions.
import * as vscode from 'vscode';
import type { LabConfig } from '../core/config';
import { exposureOf, isLabService } from '../core/config';
import { startLab } from '../core/lab';
import { browsableUrl } from '../core/attach/clients';
import type { StackProgress } from '../core/stack';
import { downStack, followServiceLogs, resetStack, restartService, startServiceContainer, stopServiceContainer } from '../core/stack';
import { COMMANDS, type CommandId } from './commandIds';
import { inOperation } from './commandFailure';
import { rememberGrafanaPassword } from './dashboardCommands';
import type { LabSession } from './labSession';
import { WEB_SERVICES } from './serviceFormat';
import { registerCommand } from './registerCommand';
import { ServiceItem } from './stackTree';
import { askCredentials } from './attachCredentials';
import { formatNumber, t } from '../core/l10n';

export function registerStackCommands(
  context: vscode.ExtensionContext,
  lab: LabSession,
  output: vscode.LogOutputChannel,
  selection: () => readonly unknown[] = () => [],
): void {
  const register = (id: CommandId, handler: (...args: never[]) => unknown) => context.subscriptions.push(registerCommand(id, handler));
  /**
   * The row a per-service command acts on. A context-menu click can arrive without it (the tree redrew its rows, with
   * fresh stats, while the menu was open): then the row the user right-clicked, which the tree has selected; else one
   * to pick. Undefined when there is none.
   */
  const rowOf = async (item: ServiceItem | undefined): Promise<ServiceItem | undefined> => {
    if (item?.status) return item;
    const selected = selection().find((node): node is ServiceItem => node instanceof ServiceItem);
    if (selected) return selected;
    const picked = await vscode.window.showQuickPick(
      lab.model.filter((s) => s.state !== 'missing').map((s) => ({ label: s.service, status: s })),
      { title: t('Monitoring Lab: which service?') },
    );
    return picked ? new ServiceItem(picked.status, '', new vscode.MarkdownString()) : undefined;
  };
  const logFollowers = new Map<string, { channel: vscode.OutputChannel; abort: AbortController }>();
  context.subscriptions.push({ dispose: () => logFollowers.forEach((f) => (f.abort.abort(), f.channel.dispose())) });

  register(COMMANDS.start, () => (lab.mode === 'attach' ? attachStart(lab) : startWithProgress(context, lab, output)));
  register(COMMANDS.stop, () =>
    lab.mode === 'attach'
      ? attachNothingToDo()
      : lab.during('stopping', () =>
          runWithProgress(lab, output, t('Stopping the lab'), (signal, report) =>
            downStack(lab.connection.docker, lab.config(), { signal, onProgress: report }),
          ),
        ),
  );
  register(COMMANDS.reset, async () => {
    if (lab.mode === 'attach') return attachNothingToDo();
    const config = lab.config();
    const reset = t('Reset');
    const answer = await vscode.window.showWarningMessage(
      t('Reset the lab "{0}"? Its containers, network and volumes (all Elasticsearch, Prometheus and Grafana data) are removed.', config.projectName),
      { modal: true },
      reset,
    );
    if (answer !== reset) return;
    await lab.during('resetting', () =>
      runWithProgress(lab, output, t('Resetting the lab'), (signal, report) => resetStack(lab.connection.docker, config, { signal, onProgress: report })),
    );
  });
  register(COMMANDS.refresh, async () => {
    await lab.reconnect();
  });
  register(COMMANDS.setElasticsearchCredentials, async () => {
    if (await askCredentials(lab.credentials, 'elasticsearch')) await lab.refresh();
  });
  register(COMMANDS.setPrometheusCredentials, async () => {
    if (await askCredentials(lab.credentials, 'prometheus')) await lab.refresh();
  });
  register(COMMANDS.clearAttachCredentials, async () => {
    await lab.credentials.clearAll();
    void vscode.window.showInformationMessage(t('The Elasticsearch and Prometheus credentials were removed from the secret storage.'));
    await lab.refresh();
  });
  // A service stopped or restarted here reads as expected-down from the engine's own stop events.
  register(COMMANDS.restartService, async (arg?: ServiceItem) => {
    const item = await rowOf(arg);
    if (!item) return;
    await runWithProgress(lab, output, t('Restarting {0}', item.status.service), (signal, report) =>
      restartService(lab.connection.docker, lab.config(), item.status.service, { signal, onProgress: report }),
    );
  });
  register(COMMANDS.startService, async (arg?: ServiceItem) => {
    const item = await rowOf(arg);
    if (!item) return;
    await runWithProgress(lab, output, t('Starting {0}', item.status.service), () =>
      startServiceContainer(lab.connection.docker, lab.config(), item.status.service),
    );
  });
  register(COMMANDS.stopService, async (arg?: ServiceItem) => {
    const item = await rowOf(arg);
    if (!item) return;
    await runWithProgress(lab, output, t('Stopping {0}', item.status.service), () =>
      stopServiceContainer(lab.connection.docker, lab.config(), item.status.service),
    );
  });
  register(COMMANDS.copyContainerId, async (arg?: ServiceItem) => {
    const item = await rowOf(arg);
    if (!item?.status.containerId) return;
    await vscode.env.clipboard.writeText(item.status.containerId);
    void vscode.window.showInformationMessage(t('Copied the container id of {0}.', item.status.service));
  });
  register(COMMANDS.openInBrowser, async (arg?: ServiceItem | { service: string }) => {
    const item = arg && 'service' in arg && !('status' in arg) ? arg : await rowOf(arg as ServiceItem | undefined);
    if (!item) return;
    const service = 'status' in item ? item.status.service : item.service;
    if (!isLabService(service) || !(service in WEB_SERVICES)) throw new Error(t('{0} has no web page to open.', service));
    const base = browsableUrl(lab.config(), service);
    if (!base) throw new Error(t('{0} is not part of the attached stack (setting monitoringLab.mode is "attach").', service));
    const url = `${base}${WEB_SERVICES[service]}`;
    // False: the editor could not hand the address to a browser (none configured, or the user declined).
    if (!(await vscode.env.openExternal(vscode.Uri.parse(url)))) throw new Error(t('could not open {0} in a browser.', url));
  });
  register(COMMANDS.showLogs, async (arg?: ServiceItem) => {
    const item = await rowOf(arg);
    if (!item) return;
    const service = item.status.service;
    const existing = logFollowers.get(service);
    if (existing && !existing.abort.signal.aborted) {
      existing.channel.show(true);
      return;
    }
    const channel = existing?.channel ?? vscode.window.createOutputChannel(`Monitoring Lab: ${service}`);
    const follower = { channel, abort: new AbortController() };
    logFollowers.set(service, follower);
    channel.show(true);
    channel.appendLine(t('--- following {0} (last 200 lines, then live) ---', service));
    try {
      await followServiceLogs(lab.connection.docker, lab.config(), service, (text) => channel.append(text), { signal: follower.abort.signal });
      channel.appendLine(t('--- {0} stopped; run Show Logs again to follow it after a restart ---', service));
    } catch (err) {
      channel.appendLine(t('--- cannot follow {0}: {1} ---', service, (err as Error).message));
    } finally {
      follower.abort.abort();
    }
  });
}

/** Start in attach mode: nothing to start; the endpoints are checked, a failing one is the command's error. */
async function attachStart(lab: LabSession): Promise<void> {
  lab.config(); // an invalid attach setting is the error, naming it
  const health = await lab.checkEndpoints();
  const line = health.map((h) => `${h.service}: ${h.status === 'ok' ? h.summary : (h.detail ?? h.summary)}`).join(' ');
  if (health.some((h) => h.status === 'error')) throw new Error(line);
  void vscode.window.showInformationMessage(t('Attached: {0}', line));
}

/** Stop and Reset in attach mode: the stack is the user's. */
const attachNothingToDo = () => void vscode.window.showInformationMessage(t('Attach mode: your own stack is not stopped or removed.'));

const MESSAGES = {
  exposureDetail: (reachable: string[], advice: string) => t('Reachable from the network:\n{0}\n\n{1}', reachable.map((r) => `• ${r}`).join('\n'), advice),
  startAnyway: () => t('Start Anyway'),
  exposureDeclined: (address: string) => t('Monitoring Lab was not started: monitoringLab.bindAddress is {0}.', address),
  openSetting: () => t('Open Setting'),
};

/**
 * A bind address other than loopback exposes services without authentication: asks in a modal dialog naming them.
 * True to go on. A configuration that does not validate goes on too: the start reports that error itself.
 */
async function confirmExposure(lab: LabSession): Promise<boolean> {
  let config: LabConfig;
  try {
    config = lab.config();
  } catch {
    return true;
  }
  const exposure = exposureOf(config);
  if (!exposure) return true;
  const startAnyway = MESSAGES.startAnyway();
  const answer = await vscode.window.showWarningMessage(
    exposure.summary,
    { modal: true, detail: MESSAGES.exposureDetail(exposure.reachable, exposure.advice) },
    startAnyway,
  );
  if (answer === startAnyway) return true;
  const openSetting = MESSAGES.openSetting();
  void vscode.window.showInformationMessage(MESSAGES.exposureDeclined(config.bindAddress), openSetting).then((choice) => {
    if (choice === openSetting) void vscode.commands.executeCommand('workbench.action.openSettings', 'monitoringLab.bindAddress');
  });
  return false;
}

/** Start Monitoring Lab: progress in a notification with a cancel button, errors that say what to do. */
async function startWithProgress(context: vscode.ExtensionContext, lab: LabSession, output: vscode.LogOutputChannel): Promise<void> {
  if (!(await confirmExposure(lab))) return;
  await lab.during('starting', () =>
    runWithProgress(lab, output, t('Starting Monitoring Lab'), async (signal, report) => {
      const config = lab.config();
      const result = await startLab(lab.connection.docker, config, { signal, onProgress: report });
      await rememberGrafanaPassword(context, config);
      const seconds = (result.durationMs / 1000).toFixed(1);
      output.info(`Lab started in ${seconds} s: ${JSON.stringify(result.services)}`);
      const dashboardNote = result.communityDashboard && result.communityDashboard.status !== 'provisioned' ? ` ${result.communityDashboard.message}` : '';
      const running = t('Monitoring Lab is running ({0} services, {1} s).', Object.keys(result.services).length, formatNumber(result.durationMs / 1000, 1));
      void vscode.window.showInformationMessage(dashboardNote ? `${running}${dashboardNote}` : running);
    }),
  );
}

type Report = (progress: StackProgress) => void;

/**
 * Runs a stack operation with a cancellable progress notification. A failure is raised as a failure of `title`
 * (the command wrapper tells it: src/vscode/registerCommand.ts); the lab's model is refreshed either way.
 */
async function runWithProgress<T>(
  lab: LabSession,
  output: vscode.LogOutputChannel,
  title: string,
  operation: (signal: AbortSignal, report: Report) => Promise<T>,
): Promise<T> {
  try {
    return await inOperation(title, async () =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: t('Monitoring Lab: {0}', title), cancellable: true },
        async (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          const layers = new Map<string, { current: number; total: number }>();
          const report: Report = (p) => {
            const line = `[${p.phase}]${p.service ? ` ${p.service}:` : ''} ${p.message}`;
            if (p.phase === 'warning') output.warn(line);
            else output.info(line);
            if (p.layer?.total) {
              layers.set(p.layer.id, { current: p.layer.current ?? 0, total: p.layer.total });
              const sum = [...layers.values()].reduce((a, l) => ({ current: a.current + l.current, total: a.total + l.total }), { current: 0, total: 0 });
              progress.report({ message: t('Pulling {0}: {1}% of {2} layers', p.service ?? '', Math.round((100 * sum.current) / sum.total), layers.size) });
            } else {
              if (p.phase !== 'pull') layers.clear();
              progress.report({ message: p.message });
            }
          };
          return operation(abort.signal, report);
        },
      ),
    );
  } finally {
    await lab.refresh();
  }
}
