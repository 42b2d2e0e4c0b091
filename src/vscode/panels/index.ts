// The two live panels: commands to open them, serializers to restore them after a reload.
//   registerPanels(context, deps) — call once from activate().
import * as vscode from 'vscode';
import type { PanelKind } from '../../shared/panelProtocol';
import {
  type SecurityEventsToHost,
  type SecurityEventsToPage,
  parseSecurityEventsFocus,
  parseSecurityEventsToHost,
  parseSecurityViewState,
} from '../../shared/securityEventsProtocol';
import { type SystemMetricsToHost, type SystemMetricsToPage, parseMetricsViewState, parseSystemMetricsToHost } from '../../shared/systemMetricsProtocol';
import type { PanelDeps } from './panelDeps';
import type { PanelSpec } from './panelHost';
import { PanelHost } from './panelHost';
import { SecurityEventsFeed } from './securityEventsFeed';
import type { ChartWindowKey } from '../../core/charts';
import { METRICS_WINDOW_MS, SystemMetricsFeed } from './systemMetricsFeed';
import { parseEvidenceRange, windowCovering } from '../evidenceRange';
import { COMMANDS } from '../commandIds';
import { registerCommand } from '../registerCommand';
import { t } from '../../core/l10n';
import { securityEventsInit, systemMetricsInit } from './pageStrings';

export type { PanelDeps } from './panelDeps';

export const OPEN_SECURITY_EVENTS_COMMAND = COMMANDS.openSecurityEvents;
export const OPEN_SYSTEM_METRICS_COMMAND = COMMANDS.openSystemMetrics;

export const SECURITY_EVENTS: PanelSpec<SecurityEventsToHost> = {
  kind: 'securityEvents',
  viewType: 'monitoringLab.securityEvents',
  get title() {
    return t('Security Events');
  },
  init: securityEventsInit,
  scriptFile: 'securityEvents.js',
  parseMessage: parseSecurityEventsToHost,
};

export const SYSTEM_METRICS: PanelSpec<SystemMetricsToHost> = {
  kind: 'systemMetrics',
  viewType: 'monitoringLab.systemMetrics',
  get title() {
    return t('System Metrics');
  },
  init: systemMetricsInit,
  scriptFile: 'systemMetrics.js',
  parseMessage: parseSystemMetricsToHost,
};

export interface PanelsHandle {
  /** Fires when a panel is shown to the user: opened, restored visible, or brought back from behind another tab. */
  onDidShow: vscode.Event<PanelKind>;
  /** Reloads the open panels in the current language (their state and data come back). */
  relocalize(): void;
}

type SecurityEventsHost = PanelHost<SecurityEventsToPage, SecurityEventsToHost>;
type SystemMetricsHost = PanelHost<SystemMetricsToPage, SystemMetricsToHost>;

export function registerPanels(context: vscode.ExtensionContext, deps: PanelDeps): PanelsHandle {
  const log = deps.log ?? outputChannelLog(context);
  const shown = new vscode.EventEmitter<PanelKind>();
  const announce = (panel: vscode.WebviewPanel, kind: PanelKind) => {
    if (panel.visible) shown.fire(kind);
    const listener = panel.onDidChangeViewState((e) => e.webviewPanel.visible && shown.fire(kind));
    panel.onDidDispose(() => {
      listener.dispose();
    });
  };
  const extensionUri = context.extensionUri;
  // One panel of each kind: opening again reveals it (two tails of the same data would only cost twice).
  let security: { host: SecurityEventsHost; feed: SecurityEventsFeed } | undefined;
  let metrics: SystemMetricsHost | undefined;
  /** The open System Metrics panel's feed (to highlight another alert's evidence without reloading the page). */
  let metricsFeed: SystemMetricsFeed | undefined;

  const attachSecurity = (panel: vscode.WebviewPanel, state: unknown) => {
    // Assigned below, but the feed posts while the host is being made (its first poll starts there and, with the lab
    // stopped, posts a status at once): that message is dropped, the page asks for a snapshot when it is ready.
    // eslint-disable-next-line prefer-const -- read before it is assigned (see above); a const would throw there
    let host: SecurityEventsHost | undefined;
    const feed = new SecurityEventsFeed({
      deps,
      log,
      paused: parseSecurityViewState(state).paused,
      post: (m) => host?.post(m),
    });
    host = new PanelHost(panel, SECURITY_EVENTS, feed, extensionUri, log, () => {
      if (security?.host === host) security = undefined;
    });
    security = { host, feed };
    announce(panel, SECURITY_EVENTS.kind);
    return security;
  };

  const attachMetrics = (panel: vscode.WebviewPanel, windowMs = METRICS_WINDOW_MS, window?: ChartWindowKey, focus?: { from: number; to: number }) => {
    // eslint-disable-next-line prefer-const -- read before it is assigned, as in attachSecurity
    let host: SystemMetricsHost | undefined;
    // A restored panel opens on the window its page saved; Show Evidence's look-back wins over it.
    const feed = new SystemMetricsFeed({ deps, log, post: (m) => host?.post(m), windowMs, ...(window ? { window } : {}), ...(focus ? { focus } : {}) });
    metricsFeed = feed;
    host = new PanelHost(panel, SYSTEM_METRICS, feed, extensionUri, log, () => {
      if (metrics === host) {
        metrics = undefined;
        metricsFeed = undefined;
      }
    });
    metrics = host;
    announce(panel, SYSTEM_METRICS.kind);
    return host;
  };

  const createPanel = (spec: Pick<PanelSpec<never>, 'viewType' | 'title'>) =>
    vscode.window.createWebviewPanel(spec.viewType, spec.title, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, { enableFindWidget: true });

  context.subscriptions.push(
    shown,
    registerCommand(OPEN_SECURITY_EVENTS_COMMAND, async (arg?: unknown) => {
      // A visible panel's page is loaded; a new or hidden one (re)loads its page first.
      const pageLoaded = security?.host.panel.visible === true;
      if (security) security.host.reveal();
      else attachSecurity(createPanel(SECURITY_EVENTS), undefined);
      const focus = parseSecurityEventsFocus(arg);
      if (focus) await security?.feed.focus(focus, pageLoaded);
    }),
    // An argument {from, to} (an alert's evidence) opens the charts on a window that reaches back to it, the range
    // highlighted as a band; an open panel highlights it in place (switching to a longer window if it must).
    registerCommand(OPEN_SYSTEM_METRICS_COMMAND, (arg?: unknown) => {
      const range = parseEvidenceRange(arg);
      const windowMs = windowCovering(range, Date.now(), METRICS_WINDOW_MS);
      if (metrics && metricsFeed) {
        if (range) metricsFeed.setFocus(range);
        metrics.reveal();
        return;
      }
      const panel = createPanel(SYSTEM_METRICS);
      attachMetrics(panel, windowMs, undefined, range);
      panel.reveal(undefined, false);
    }),
    vscode.window.registerWebviewPanelSerializer(SECURITY_EVENTS.viewType, {
      deserializeWebviewPanel(panel, state) {
        // A second restored copy (two editor groups) would double the polling: keep the first.
        if (security) panel.dispose();
        else attachSecurity(panel, state);
        return Promise.resolve();
      },
    }),
    vscode.window.registerWebviewPanelSerializer(SYSTEM_METRICS.viewType, {
      deserializeWebviewPanel(panel, state) {
        if (metrics) panel.dispose();
        else attachMetrics(panel, METRICS_WINDOW_MS, parseMetricsViewState(state).window);
        return Promise.resolve();
      },
    }),
    {
      dispose: () => {
        security?.host.dispose();
        metrics?.dispose();
      },
    },
  );
  return {
    onDidShow: shown.event,
    relocalize: () => {
      security?.host.relocalize();
      metrics?.relocalize();
    },
  };
}

function outputChannelLog(context: vscode.ExtensionContext): (line: string) => void {
  const channel = vscode.window.createOutputChannel('Monitoring Lab Panels', { log: true });
  context.subscriptions.push(channel);
  return (line) => channel.info(line);
}
