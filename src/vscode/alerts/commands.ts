// Command ids owned by the alerts layer.
/** Argument: an alert id (string); without it, the most severe active alert. */
export const SHOW_EVIDENCE_COMMAND = 'monitoringLab.alerts.showEvidence';
/** Focuses the alert history view (created by VS Code for the contributed view). */
export const FOCUS_ALERTS_VIEW = 'monitoringLab.alerts.focus';
