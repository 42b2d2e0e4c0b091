// Detection in the editor: the engine follows the lab (runs only while it is up), the status bar shows the
// lab and the worst alert, new critical alerts notify (rate-limited), and the history is a tree view.
//   registerAlerts(context, deps) — call once from activate().
import * as vscode from 'vscode';
import {
  type Alert,
  DetectionEngine,
  type EvidenceSources,
  type LabState,
  type LogCounts,
  type MetricRanges,
  type ScenarioLookup,
  isLabRunning,
} from '../../core/detect';
import { currentTransition } from '../../core/stack/labState';
import { LogStoreUnreachableError } from '../../core/logs/logStore';
import { PrometheusUnreachableError } from '../../core/metrics/prometheusClient';
import { FOCUS_ALERTS_VIEW, SHOW_EVIDENCE_COMMAND } from './commands';
import { affectsDetection, readDetectionSettings } from './detectionSettings';
import { AlertHistoryProvider } from './historyTree';
import { AlertNotifier } from './notifier';
import { showEvidence } from './showEvidence';
import { LabStatusBar } from './statusBar';
import { registerCommand } from '../registerCommand';
import { t } from '../../core/l10n';

export { AlertHistoryProvider } from './historyTree';
export { FOCUS_ALERTS_VIEW, SHOW_EVIDENCE_COMMAND } from './commands';
export const ALERTS_VIEW_ID = 'monitoringLab.alerts';

/** The lab's state (core/stack/labState.ts), fed by the stack watcher (src/core/stack/engine/watcher.ts + status.ts). */
export interface LabStateFeed {
  current(): LabState;
  onDidChange(listener: (state: LabState) => void): { dispose(): void };
}

export interface AlertsDeps {
  lab: LabStateFeed;
  /** The lab's log store (a LogStore), or undefined while the lab is stopped. Asked on every tick. */
  logStore(): LogCounts | undefined;
  /** The lab's Prometheus (a PrometheusClient), or undefined while the lab is stopped. */
  prometheus(): MetricRanges | undefined;
  /** Scenario records (ScenarioRecords), to say which run caused an alert. */
  records?: ScenarioLookup;
  /** Where status changes and settings problems are logged; an output channel is made if absent. */
  log?: (line: string) => void;
  /**
   * Attach mode: the lab's "services" are the attached endpoints, not containers. The container-down rule then sees
   * none (a refused credential is not a container down; the Stack view and the panels name what to fix).
   */
  attached?: () => boolean;
}

export interface AlertsHandle {
  engine: DetectionEngine;
  history: AlertHistoryProvider;
  /** Renders the status bar and the alert history again (the language changed). */
  rerender(): void;
}

export function registerAlerts(context: vscode.ExtensionContext, deps: AlertsDeps): AlertsHandle {
  const log = deps.log ?? outputChannelLog(context);
  const resolved = readDetectionSettings();
  resolved.problems.forEach((p) => log(`settings: ${p}`));
  const engine = new DetectionEngine({
    settings: resolved.settings,
    sources: lateBoundSources(deps),
    ...(deps.records ? { scenarios: deps.records } : {}),
  });
  const alerts = engine.alerts;
  const statusBar = new LabStatusBar();
  const history = new AlertHistoryProvider(alerts);
  const isActive = (a: Alert) => alerts.activeAlerts().some((x) => x.id === a.id);
  const notifier = new AlertNotifier({ level: resolved.settings.notify, cooldownMs: resolved.settings.notifyCooldownSeconds * 1000 }, isActive);

  const render = () => {
    statusBar.render(deps.lab.current(), alerts.activeAlerts(), alerts.ruleStatuses());
    history.refresh();
  };
  // Detection runs while the lab runs (isLabRunning: never during a start, stop or reset the user asked for, which
  // is not an incident; the Alerts view says what it waits for).
  const followLab = (state: LabState) => {
    if (isLabRunning(state)) engine.start();
    else engine.stop();
    history.setWaiting(currentTransition(state));
    render();
  };

  context.subscriptions.push(
    statusBar,
    history,
    notifier,
    { dispose: () => engine.dispose() },
    vscode.window.registerTreeDataProvider(ALERTS_VIEW_ID, history),
    alerts.onFired((a) => {
      log(`alert fired: ${a.title} — ${a.evidence.summary}${a.scenario ? ` [scenario ${a.scenario.kind} ${a.scenario.id}]` : ''}`);
      notifier.offer(a);
      render();
    }),
    alerts.onUpdated(render),
    alerts.onCleared((a) => {
      log(`alert cleared (${a.clearReason}): ${a.title}`);
      render();
    }),
    alerts.onStatusChanged((s) => {
      log(s.state === 'ok' ? `${s.ruleId}: evaluating again` : `${s.ruleId}: ${s.reason} — ${s.detail}`);
      render();
    }),
    deps.lab.onDidChange(followLab),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!affectsDetection(event)) return;
      const next = readDetectionSettings();
      next.problems.forEach((p) => log(`settings: ${p}`));
      engine.updateSettings(next.settings);
      notifier.configure({ level: next.settings.notify, cooldownMs: next.settings.notifyCooldownSeconds * 1000 });
      render();
    }),
    registerCommand(SHOW_EVIDENCE_COMMAND, async (alertId?: unknown) => {
      const all = [...alerts.activeAlerts(), ...alerts.history()];
      const alert = typeof alertId === 'string' ? all.find((a) => a.id === alertId) : alerts.activeAlerts()[0];
      if (alert) await showEvidence(alert);
      else await vscode.commands.executeCommand(FOCUS_ALERTS_VIEW);
    }),
  );
  followLab(deps.lab.current());
  return { engine, history, rerender: render };
}

/**
 * The lab's clients are looked up on every tick, so a lab started, stopped or reconfigured later is picked up
 * without re-wiring. While one is missing the rule reports "cannot evaluate", like an unreachable service.
 */
function lateBoundSources(deps: AlertsDeps): EvidenceSources {
  const logs = (): LogCounts => deps.logStore() ?? throwIt(new LogStoreUnreachableError(t('Elasticsearch is not connected (the lab is not running)')));
  const prometheus = (): MetricRanges =>
    deps.prometheus() ?? throwIt(new PrometheusUnreachableError(t('Prometheus is not connected (the lab is not running)')));
  return {
    logs: {
      failedAttemptsBySource: (range, minCount, size) => logs().failedAttemptsBySource(range, minCount, size),
      count: (kind, range) => logs().count(kind, range),
    },
    prometheus: { queryRange: (query, range) => prometheus().queryRange(query, range) },
    services: () => (deps.attached?.() ? [] : (deps.lab.current().services ?? [])),
  };
}

function throwIt(err: Error): never {
  throw err;
}

function outputChannelLog(context: vscode.ExtensionContext): (line: string) => void {
  const channel = vscode.window.createOutputChannel('Monitoring Lab: Alerts');
  context.subscriptions.push(channel);
  return (line) => channel.appendLine(`[${new Date().toISOString()}] ${line}`);
}
