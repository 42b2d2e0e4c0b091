// The guided exercise (contributes.walkthroughs "exercise"): its steps complete on real events, which this module
// turns into `monitoringLab.walkthrough.*` context keys (the mapping is WalkthroughProgress), and the commands
// only the walkthrough needs: Check Docker Engine, Check Elasticsearch and Prometheus Targets, Open the Guided Exercise.
import * as vscode from 'vscode';
import { COMMANDS } from './commandIds';
import { registerCommand } from './registerCommand';
import type { Alert } from '../core/detect/alert';
import { browsableUrl } from '../core/attach/clients';
import { checkEngineReadiness, checkLabTargets } from '../core/lab/readiness';
import type { ScenarioOutcomeSummary } from '../core/scenarios/scenarioRunner';
import type { PanelKind } from '../shared/panelProtocol';
import type { LabSession } from './labSession';
import { WALKTHROUGH_ID, WalkthroughProgress } from './walkthroughProgress';
import { t } from '../core/l10n';

export const OPEN_WALKTHROUGH_COMMAND = COMMANDS.openWalkthrough;
export const CHECK_ENGINE_COMMAND = COMMANDS.checkEngine;
export const CHECK_TARGETS_COMMAND = COMMANDS.checkTargets;

type Subscribe<T> = (listener: (value: T) => void) => { dispose(): void };

/** The events the walkthrough follows; each comes from the module that owns it. */
export interface WalkthroughHooks {
  lab: LabSession;
  /** ScenarioRunner.onDidFinish */
  onScenarioFinished: Subscribe<ScenarioOutcomeSummary>;
  /** The alert manager's onFired */
  onAlertFired: Subscribe<Alert>;
  /** registerPanels(...).onDidShow */
  onPanelShown: Subscribe<PanelKind>;
  /** registerDashboardCommands(...).onDidOpen */
  onDashboardOpened: Subscribe<'kibana' | 'grafana'>;
  /** registerReportCommand(...).onDidWrite */
  onReportWritten: Subscribe<unknown>;
}

export function registerWalkthrough(context: vscode.ExtensionContext, hooks: WalkthroughHooks): WalkthroughProgress {
  const progress = new WalkthroughProgress((key, value) => void vscode.commands.executeCommand('setContext', key, value));
  const { lab } = hooks;
  const followLab = () => progress.lab({ engine: lab.engineState.kind, services: lab.model });
  context.subscriptions.push(
    lab.onDidChange(followLab),
    hooks.onScenarioFinished((run) => progress.scenarioFinished(run)),
    hooks.onAlertFired((alert) => progress.alertFired(alert)),
    hooks.onPanelShown((kind) => progress.panelShown(kind)),
    hooks.onDashboardOpened((dashboard) => progress.dashboardOpened(dashboard)),
    hooks.onReportWritten(() => progress.reportWritten()),
    registerCommand(OPEN_WALKTHROUGH_COMMAND, () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH_ID}`),
    ),
    registerCommand(CHECK_ENGINE_COMMAND, () => checkEngineCommand(lab, progress)),
    registerCommand(CHECK_TARGETS_COMMAND, () => checkTargetsCommand(lab, progress)),
  );
  followLab();
  return progress;
}

async function checkEngineCommand(lab: LabSession, progress: WalkthroughProgress): Promise<void> {
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t('Monitoring Lab: Checking the Docker engine') },
    () => checkEngineReadiness(lab.connection, process.platform),
  );
  progress.engineChecked(outcome.ok);
  // The Stack view and the status bar follow the engine too: tell the session when its view of it is out of date.
  if (outcome.ok !== (lab.engineState.kind === 'reachable')) void lab.checkEngine();
  if (outcome.ok) {
    void vscode.window.showInformationMessage(t('Monitoring Lab: {0}', outcome.message));
    return;
  }
  const retry = t('Check Again');
  const choice = await vscode.window.showErrorMessage(
    t('Monitoring Lab: {0}', outcome.advice ? `${outcome.message} ${outcome.advice}` : outcome.message),
    retry,
  );
  if (choice === retry) await vscode.commands.executeCommand(CHECK_ENGINE_COMMAND);
}

async function checkTargetsCommand(lab: LabSession, progress: WalkthroughProgress): Promise<void> {
  const logStore = lab.logStore();
  const prometheus = lab.prometheus();
  if (!logStore || !prometheus) {
    const start = t('Start Monitoring Lab');
    const choice = await vscode.window.showWarningMessage(
      t('Monitoring Lab: Elasticsearch and Prometheus run with the lab, which is not running. Start it first.'),
      start,
    );
    if (choice === start) await vscode.commands.executeCommand('monitoringLab.start');
    return;
  }
  const check = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t('Monitoring Lab: Checking Elasticsearch and Prometheus') },
    () => checkLabTargets({ elasticsearch: logStore, prometheus }),
  );
  progress.targetsChecked(check.ok);
  const text = `${check.elasticsearch.detail} ${check.prometheus.detail}`;
  const openTargets = t('Open Prometheus Targets');
  const checkAgain = t('Check Again');
  const choice = check.ok
    ? await vscode.window.showInformationMessage(t('Monitoring Lab: {0}', text), openTargets)
    : await vscode.window.showWarningMessage(t('Monitoring Lab: {0}', text), openTargets, checkAgain);
  const prometheusUrl = browsableUrl(lab.config(), 'prometheus');
  if (choice === openTargets && prometheusUrl) await vscode.env.openExternal(vscode.Uri.parse(`${prometheusUrl}/targets`));
  else if (choice === checkAgain) await vscode.commands.executeCommand(CHECK_TARGETS_COMMAND);
}
