// Notifications for new alerts, with actions, through the core's NotificationGate: only the configured
// severities, at most one per rule per cooldown, and near-simultaneous alerts coalesced into one message.
import * as vscode from 'vscode';
import { type Alert, NotificationGate, type NotifyLevel } from '../../core/detect';
import { FOCUS_ALERTS_VIEW } from './commands';
import { showEvidence } from './showEvidence';
import { t } from '../../core/l10n';

export class AlertNotifier implements vscode.Disposable {
  private readonly gate: NotificationGate;
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    options: { level: NotifyLevel; cooldownMs: number },
    private readonly isActive: (alert: Alert) => boolean,
  ) {
    this.gate = new NotificationGate(options);
  }

  configure(options: { level: NotifyLevel; cooldownMs: number }): void {
    this.gate.configure(options);
  }

  offer(alert: Alert): void {
    const decision = this.gate.offer(alert);
    if (decision.action === 'show') this.show(decision.alerts);
    else if (decision.action === 'queued' && decision.schedule) {
      this.flushTimer = setTimeout(
        () => {
          this.flushTimer = undefined;
          const ready = this.gate.flush(this.isActive);
          if (ready.length) this.show(ready);
        },
        Math.max(0, decision.at - Date.now()),
      );
    }
  }

  dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }

  private show(alerts: Alert[]): void {
    const first = alerts[0];
    if (!first) return;
    const line = (a: Alert) =>
      `${a.title}${
        a.evidence.subjects.length
          ? ` (${a.evidence.subjects
              .map((s) => s.name)
              .slice(0, 3)
              .join(', ')})`
          : ''
      }`;
    const message =
      alerts.length === 1
        ? first.scenario
          ? t('Monitoring Lab: {0} — {1} [scenario: {2}]', first.title, first.evidence.summary, first.scenario.kind)
          : t('Monitoring Lab: {0} — {1}', first.title, first.evidence.summary)
        : t('Monitoring Lab: {0} new alerts — {1}', alerts.length, alerts.map(line).join('; '));
    const critical = alerts.some((a) => a.severity === 'critical');
    const SHOW_EVIDENCE = t('Show Evidence');
    const SHOW_ALERTS = t('Show Alerts');
    const shown = critical
      ? vscode.window.showErrorMessage(message, SHOW_EVIDENCE, SHOW_ALERTS)
      : vscode.window.showWarningMessage(message, SHOW_EVIDENCE, SHOW_ALERTS);
    // Never awaited by detection: a notification left open must not hold anything up.
    void shown.then((choice) => {
      if (choice === SHOW_EVIDENCE) return showEvidence(first);
      if (choice === SHOW_ALERTS) return vscode.commands.executeCommand(FOCUS_ALERTS_VIEW);
      return undefined;
    });
  }
}
