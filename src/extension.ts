// Entry point of the extension. activate() stays cheap: it registers contributions and creates objects;
// nothing touches the network or the Docker engine until a view is visible or the user runs a command.
import * as vscode from 'vscode';
import type { Alert } from './core/detect';
import { SCRAPE_INTERVAL_SECONDS } from './core/lab';
import { ScenarioRecords } from './core/scenarios/records';
import { ScenarioRunner } from './core/scenarios/scenarioRunner';
import * as path from 'node:path';
import { ALERT_HISTORY_FILE_NAME, readAlertHistory, storeAlerts } from './core/detect/alertHistoryFile';
import { labDirFor } from './core/stack/labDir/labDirectory';
import { explainEngineError, isEngineConnectionError } from './core/docker/client';
import { registerAlerts } from './vscode/alerts';
import { readDetectionSettings } from './vscode/alerts/detectionSettings';
import { registerReportCommand } from './vscode/reportCommand';
import { registerDashboardCommands } from './vscode/dashboardCommands';
import { LabSession } from './vscode/labSession';
import { LabTunnels } from './vscode/labTunnels';
import { registerPanels } from './vscode/panels';
import { commandTitles, initCommands } from './vscode/registerCommand';
import { registerScenarioCommands } from './vscode/scenarioCommands';
import { ScenariosTreeProvider } from './vscode/scenariosView';
import { affectsLab } from './vscode/settings';
import { registerStackCommands } from './vscode/stackCommands';
import type { StackNode } from './vscode/stackTree';
import { StackTreeProvider } from './vscode/stackTree';
import { registerWalkthrough } from './vscode/walkthrough';
import { registerLanguage } from './vscode/language';
import { currentLanguage } from './core/l10n';
import * as fs from 'node:fs';

const RECORDS_KEY = 'monitoringLab.scenarioRecords';
let stopScenariosOnDeactivate: (() => Promise<unknown>) | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Monitoring Lab', { log: true });
  // The language first: everything made below reads its text through t(). A change re-renders what shows text.
  const relocalize: Array<() => void> = [];
  registerLanguage(
    context,
    (line) => output.info(line),
    () => relocalize.forEach((refresh) => refresh()),
  );
  const lab = new LabSession(context, (line) => output.info(line));
  // Every command goes through one wrapper (src/vscode/registerCommand.ts): one log line per invocation, and one
  // message style for failures, with engine errors explained for this lab's connection.
  initCommands({
    output,
    explain: (err) => {
      if (!isEngineConnectionError(err)) return err;
      try {
        return explainEngineError(err, lab.connection);
      } catch {
        return err; // No connection to name (the settings do not resolve one): the raw error still says what failed.
      }
    },
    titles: commandTitles(context.extension.packageJSON, () => manifestStrings(context.extensionPath)),
  });
  const tree = new StackTreeProvider(lab);
  const view = vscode.window.createTreeView<StackNode>('monitoringLab.stack', { treeDataProvider: tree, showCollapseAll: false });
  context.subscriptions.push(output, lab, tree, view);
  // An engine over SSH: the lab's published ports are tunnelled here while its services run (src/vscode/labTunnels.ts).
  context.subscriptions.push(new LabTunnels(lab, output));
  relocalize.push(() => {
    tree.refresh();
    tree.decorate(view);
  });

  // The engine is watched only while the Stack view is visible: no engine traffic for a hidden view.
  const followVisibility = () => (view.visible ? lab.startWatching() : lab.stopWatching());
  context.subscriptions.push(
    view.onDidChangeVisibility(followVisibility),
    lab.onDidChange(() => tree.decorate(view)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsLab(e)) void lab.reconnect();
    }),
  );
  followVisibility();
  registerStackCommands(context, lab, output, () => view.selection);
  const dashboards = registerDashboardCommands(context, lab);

  // Scenario runs are recorded in the extension's storage: they survive reloads and mark the charts.
  const records = new ScenarioRecords(
    {
      load: () => context.globalState.get(RECORDS_KEY),
      save: async (list) => {
        await context.globalState.update(RECORDS_KEY, list);
      },
    },
    undefined,
    () => scenariosView.refresh(),
  );
  const runner = new ScenarioRunner(records);
  const scenariosView = new ScenariosTreeProvider(runner);
  context.subscriptions.push(scenariosView, vscode.window.registerTreeDataProvider('monitoringLab.scenarios', scenariosView));
  registerScenarioCommands(context, lab, runner);
  relocalize.push(() => scenariosView.refresh());
  // Runs left "running" by a crash or a closed window end as cancelled; their containers go on the next start.
  void records.closeInterrupted();
  stopScenariosOnDeactivate = () => runner.stopAll(lab.connection.docker, lab.config().projectName);

  // Detection follows the lab's state from the stack watcher: it runs only while the lab is up.
  const alertsHandle = registerAlerts(context, {
    lab: {
      current: () => lab.labState(),
      onDidChange: (listener) => lab.onDidChange(() => listener(lab.labState())),
    },
    logStore: () => lab.logStore(),
    prometheus: () => lab.prometheus(),
    attached: () => lab.mode === 'attach',
    records,
    log: (line) => output.info(`[alerts] ${line}`),
  });

  relocalize.push(() => alertsHandle.rerender());

  // The alert history is also kept in a file in the lab folder (bounded), so a report made after a reload — or
  // by the CLI — still knows which alerts fired and when.
  const alertHistoryFile = () => path.join(labDirFor(lab.config()), ALERT_HISTORY_FILE_NAME);
  const persistAlert = (a: Alert) => {
    try {
      storeAlerts(alertHistoryFile(), [a]);
    } catch (err) {
      output.warn(`[alerts] cannot store the alert history: ${(err as Error).message}`);
    }
  };
  context.subscriptions.push(alertsHandle.engine.alerts.onFired(persistAlert), alertsHandle.engine.alerts.onCleared(persistAlert));
  const report = registerReportCommand(context, {
    lab,
    records,
    alertHistory: () => {
      const live = alertsHandle.engine.alerts.history();
      let stored: Alert[];
      try {
        stored = readAlertHistory(alertHistoryFile());
      } catch {
        stored = [];
      }
      const byId = new Map([...stored, ...live].map((a) => [a.id, a]));
      return [...byId.values()];
    },
    detection: () => readDetectionSettings().settings,
  });

  const panels = registerPanels(context, {
    logStore: () => lab.logStore(),
    prometheus: () => lab.prometheus(),
    records,
    // Lazy: the engine connection (and its config-file reads) is made when a panel first subscribes, not at activation.
    stats: { subscribe: (listener) => lab.sampler.subscribe(listener) },
    scrapeIntervalSeconds: SCRAPE_INTERVAL_SECONDS,
    // The host charts draw the High CPU / High memory thresholds and when those alerts fired (both in memory).
    detection: () => readDetectionSettings().settings,
    alerts: () => [...alertsHandle.engine.alerts.activeAlerts(), ...alertsHandle.engine.alerts.history()],
  });
  relocalize.push(() => panels.relocalize());

  // The guided exercise: its steps complete on these real events (context keys monitoringLab.walkthrough.*).
  registerWalkthrough(context, {
    lab,
    onScenarioFinished: (listener) => runner.onDidFinish(listener),
    onAlertFired: (listener) => alertsHandle.engine.alerts.onFired(listener),
    onPanelShown: panels.onDidShow,
    onDashboardOpened: dashboards.onDidOpen,
    onReportWritten: report.onDidWrite,
  });
}

/** package.nls.json, overlaid with the current language's package.nls.<lang>.json when there is one. */
function manifestStrings(extensionPath: string): Record<string, string> {
  const read = (name: string): Record<string, string> => {
    try {
      return JSON.parse(fs.readFileSync(path.join(extensionPath, name), 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  const lang = currentLanguage();
  return { ...read('package.nls.json'), ...(lang === 'en' ? {} : read(`package.nls.${lang}.json`)) };
}

/** Closing VS Code or disabling the extension ends running scenarios and removes their containers. */
export async function deactivate(): Promise<void> {
  await stopScenariosOnDeactivate?.().catch(() => undefined);
}
