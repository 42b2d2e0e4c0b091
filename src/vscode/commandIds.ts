// Every command id the extension contributes, typed once. Registration (src/vscode/registerCommand.ts),
// executeCommand calls, tree items and tests use these names; test/unit/vscode/commandContributions.test.ts
// checks that package.json contributes exactly these commands and that its menus name only these.
// No 'vscode' here, so plain-node tests import it.
import { SCENARIOS, type ScenarioCommandId } from '../core/scenarios/catalog';

export const COMMANDS = {
  start: 'monitoringLab.start',
  stop: 'monitoringLab.stop',
  reset: 'monitoringLab.reset',
  refresh: 'monitoringLab.refresh',
  startService: 'monitoringLab.startService',
  stopService: 'monitoringLab.stopService',
  restartService: 'monitoringLab.restartService',
  showLogs: 'monitoringLab.showLogs',
  openInBrowser: 'monitoringLab.openInBrowser',
  copyContainerId: 'monitoringLab.copyContainerId',
  stopAllScenarios: 'monitoringLab.stopAllScenarios',
  openSecurityEvents: 'monitoringLab.openSecurityEvents',
  openSystemMetrics: 'monitoringLab.openSystemMetrics',
  showAlertEvidence: 'monitoringLab.alerts.showEvidence',
  openKibanaDiscover: 'monitoringLab.openKibanaDiscover',
  openGrafana: 'monitoringLab.openGrafana',
  copyGrafanaPassword: 'monitoringLab.copyGrafanaPassword',
  generateReport: 'monitoringLab.generateReport',
  openWalkthrough: 'monitoringLab.openWalkthrough',
  checkEngine: 'monitoringLab.checkEngine',
  checkTargets: 'monitoringLab.checkTargets',
  setElasticsearchCredentials: 'monitoringLab.setElasticsearchCredentials',
  setPrometheusCredentials: 'monitoringLab.setPrometheusCredentials',
  clearAttachCredentials: 'monitoringLab.clearAttachCredentials',
} as const;

/** A command the extension contributes: one of COMMANDS, or a scenario's (its descriptor names it). */
export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS] | ScenarioCommandId;

/** Every contributed command id: the fixed ones and one per scenario descriptor. */
export const ALL_COMMAND_IDS: readonly CommandId[] = [...Object.values(COMMANDS), ...SCENARIOS.map((s) => s.command as ScenarioCommandId)];

/** Commands VS Code itself creates for every contributed view (`<view id>.focus`); not contributed by us. */
export const VIEW_FOCUS_COMMANDS = {
  stack: 'monitoringLab.stack.focus',
  alerts: 'monitoringLab.alerts.focus',
} as const;
