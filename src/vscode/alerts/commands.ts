// Command ids the alerts layer uses (named once in src/vscode/commandIds.ts).
import { COMMANDS, VIEW_FOCUS_COMMANDS } from '../commandIds';

/** Argument: an alert id (string); without it, the most severe active alert. */
export const SHOW_EVIDENCE_COMMAND = COMMANDS.showAlertEvidence;
/** Focuses the alert history view (created by VS Code for the contributed view). */
export const FOCUS_ALERTS_VIEW = VIEW_FOCUS_COMMANDS.alerts;
