// "Generate Lab Report": pick a range (this lab session, the last hour, the last run of each scenario, a custom
// range), generate with a cancellable progress notification, open report.md in the Markdown preview and offer
// to reveal the folder. All the work is src/core/report; this is the editor's glue.
import * as vscode from 'vscode';
import type { Alert } from '../core/detect/alert';
import type { DetectionSettings } from '../core/detect/settings';
import { generateLabReport } from '../core/report';
import type { ScenarioRecords } from '../core/scenarios/records';
import { type ReportRange, lastRunsRange, parseUserTime } from '../core/report/ranges';
import type { WrittenReport } from '../core/report/writer';
import { COMMANDS } from './commandIds';
import { inOperation } from './commandFailure';
import type { LabSession } from './labSession';
import { registerCommand } from './registerCommand';
import { readReportLanguage } from './settings';
import { formatDateTime, formatTime, t } from '../core/l10n';

export const GENERATE_REPORT_COMMAND = COMMANDS.generateReport;

export interface ReportCommandDeps {
  lab: LabSession;
  records: ScenarioRecords;
  /** Alerts the editor raised (in memory and stored). */
  alertHistory(): Alert[];
  detection(): DetectionSettings;
}

/** Optional argument: a range (unix ms) that skips the quick pick (e.g. from a finished scenario's message). */
export type ReportCommandArg = ReportRange;

const HOUR = 3_600_000;

async function askRange(deps: ReportCommandDeps): Promise<ReportCommandArg | undefined> {
  const now = Date.now();
  const app = deps.lab.model.find((s) => s.service === 'app');
  const sessionStart = app?.startedAt ? Date.parse(app.startedAt) : undefined;
  const last = lastRunsRange(await deps.records.list(), now);
  type Item = vscode.QuickPickItem & { range?: ReportCommandArg; custom?: boolean };
  const session = t('$(history) This lab session');
  const lastRuns = t('$(beaker) The last run of each scenario');
  const items: Item[] = [
    sessionStart
      ? { label: session, description: t('since the lab started, {0}', formatDateTime(sessionStart)), range: { from: sessionStart, to: now } }
      : { label: session, description: t('the lab is not running: nothing to cover'), range: undefined },
    { label: t('$(clock) The last hour'), range: { from: now - HOUR, to: now } },
    last
      ? { label: lastRuns, description: `${formatTime(last.from)} – ${formatTime(last.to)}`, range: last }
      : { label: lastRuns, description: t('no scenario has run yet') },
    { label: t('$(calendar) A custom range…'), custom: true },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: t('Generate Lab Report'), placeHolder: t('Which time range should the report cover?') });
  if (!pick) return undefined;
  if (pick.custom) {
    const from = await vscode.window.showInputBox({
      title: t('Generate Lab Report: from'),
      prompt: t('Start: "YYYY-MM-DD HH:MM" (local time), an ISO time with zone, or "HH:MM" today'),
      value: new Date(now - HOUR).toISOString(),
      ignoreFocusOut: true,
      validateInput: (input) => (parseUserTime(input) === undefined ? t('Not a time: use 2026-11-29 14:05, 2026-11-29T14:05:00Z or 14:05') : undefined),
    });
    if (from === undefined) return undefined;
    const fromMs = parseUserTime(from)!;
    const to = await vscode.window.showInputBox({
      title: t('Generate Lab Report: to'),
      prompt: t('End (same forms); must be after the start'),
      value: new Date(now).toISOString(),
      ignoreFocusOut: true,
      validateInput: (input) => {
        const ms = parseUserTime(input);
        if (ms === undefined) return t('Not a time: use 2026-11-29 14:05, 2026-11-29T14:05:00Z or 14:05');
        return ms <= fromMs ? t('The end must be after the start') : undefined;
      },
    });
    if (to === undefined) return undefined;
    return { from: fromMs, to: parseUserTime(to)! };
  }
  if (!pick.range) {
    void vscode.window.showInformationMessage(t('Monitoring Lab: {0}.', pick.description ?? t('no range')));
    return undefined;
  }
  return pick.range;
}

export interface ReportCommandHandle {
  /** Fires when a report was written (before it opens in the preview). */
  onDidWrite: vscode.Event<WrittenReport>;
}

export function registerReportCommand(context: vscode.ExtensionContext, deps: ReportCommandDeps): ReportCommandHandle {
  const wrote = new vscode.EventEmitter<WrittenReport>();
  context.subscriptions.push(
    wrote,
    registerCommand(GENERATE_REPORT_COMMAND, async (arg?: unknown) => {
      const given = arg as Partial<ReportCommandArg> | undefined;
      const range =
        typeof given?.from === 'number' && typeof given?.to === 'number' && given.to > given.from ? { from: given.from, to: given.to } : await askRange(deps);
      if (!range) return;
      const lang = readReportLanguage();
      const config = deps.lab.config();
      await inOperation(t('the report'), async () => {
        const result = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: t('Monitoring Lab: Generating the lab report'), cancellable: true },
          async (progress, token) => {
            const abort = new AbortController();
            token.onCancellationRequested(() => abort.abort());
            return generateLabReport({
              config,
              docker: deps.lab.connection.docker,
              records: await deps.records.list(),
              alertHistory: deps.alertHistory(),
              detection: deps.detection(),
              range,
              lang,
              formats: ['md', 'html'],
              signal: abort.signal,
              onProgress: (message) => progress.report({ message }),
            });
          },
        );
        const { written, model } = result;
        wrote.fire(written);
        if (written.markdown) await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(written.markdown));
        const missing = [model.sources.elasticsearch, model.sources.prometheus].filter((p) => !p.ok).length;
        const reveal = t('Reveal in Folder');
        const openHtml = t('Open HTML');
        const choice = await vscode.window.showInformationMessage(
          missing === 2
            ? t('Lab report written; Elasticsearch and Prometheus were not readable (the report marks what is missing).')
            : missing
              ? t('Lab report written; one data source was not readable (the report marks what is missing).')
              : t('Lab report written.'),
          reveal,
          openHtml,
        );
        if (choice === reveal) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(written.markdown ?? written.dir));
        if (choice === openHtml && written.html) await vscode.env.openExternal(vscode.Uri.file(written.html));
      });
    }),
  );
  return { onDidWrite: wrote.event };
}
