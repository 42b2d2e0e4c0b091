// The scenario commands: one per descriptor in src/core/scenarios/catalog.ts, each asking for the descriptor's
// parameters (within their bounds), running it with progress and cancel, and telling the result in one message.
// Failures are told by the command wrapper (src/vscode/registerCommand.ts).
import * as vscode from 'vscode';
import { scenarioTarget } from '../core/lab';
import {
  type ParamSpec,
  type ParamValue,
  type Prepared,
  SCENARIOS,
  type ScenarioDescriptor,
  type ScenarioCommandId,
  type TargetLimits,
  defaultParams,
  dependsOnTarget,
  limitOf,
} from '../core/scenarios/catalog';
import { parseWholeNumber } from '../core/scenarios/params';
import type { ScenarioOutcomeSummary, ScenarioRunner, ScenarioTarget } from '../core/scenarios/scenarioRunner';
import type { ScenarioProgress } from '../core/scenarios/httpScenarios';
import { COMMANDS } from './commandIds';
import { inOperation, UserCancelledError } from './commandFailure';
import type { LabSession } from './labSession';
import { registerCommand, reportFailure } from './registerCommand';
import { readMemoryCapMb } from './settings';
import { t } from '../core/l10n';

/** An input box for a whole number within bounds; undefined when the user backs out. */
async function askNumber(title: string, prompt: string, value: number, min: number, max: number): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    prompt: t('{0} ({1}–{2})', prompt, min, max),
    value: String(value),
    ignoreFocusOut: true,
    validateInput: (input) => {
      try {
        const n = parseWholeNumber(prompt, input);
        return n < min || n > max ? t('{0} must be from {1} to {2}', prompt, min, max) : undefined;
      } catch (err) {
        return (err as Error).message;
      }
    },
  });
  return text === undefined ? undefined : Number(text.trim());
}

/** "Run with defaults" or "Customize…"; undefined when dismissed. */
async function defaultsOrCustom(title: string, defaultsLabel: string): Promise<'defaults' | 'custom' | undefined> {
  const pick = await vscode.window.showQuickPick(
    [
      { label: `$(play) ${defaultsLabel}`, value: 'defaults' as const },
      { label: t('$(settings-gear) Customize…'), value: 'custom' as const },
    ],
    { title, placeHolder: t('Run the exercise as written, or choose the parameters') },
  );
  return pick?.value;
}

function countsText(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length ? entries.map(([k, v]) => `${k} ×${v}`).join(', ') : t('no responses');
}

/** The result line: HTTP scenarios count answers by status; stress runs (counts: seconds, exit code) say how long they ran. */
export function outcomeText(summary: Pick<ScenarioOutcomeSummary, 'cancelled' | 'counts'>): string {
  const { seconds, exitCode, ...rest } = summary.counts;
  if (seconds !== undefined && Object.keys(rest).length === 0) {
    // A cancelled run's process is killed by the cancel itself (137): that exit code says nothing to the user.
    return !summary.cancelled && exitCode !== undefined && exitCode !== 0
      ? t('ran {0} s (the stress process exited with code {1})', seconds, exitCode)
      : t('ran {0} s', seconds);
  }
  return countsText(summary.counts);
}

/** Asks one parameter; undefined when the user backs out. `current` holds the values chosen so far. */
async function askParam(
  d: ScenarioDescriptor,
  p: ParamSpec<Record<string, ParamValue>>,
  current: Record<string, ParamValue>,
  limits: TargetLimits | undefined,
): Promise<ParamValue | undefined> {
  const title = d.title;
  const l = limits ?? { engineCpus: 1, memoryCapMb: Number.MAX_SAFE_INTEGER };
  switch (p.type) {
    case 'number':
      return askNumber(title, p.label, current[p.key] as number, limitOf(p.min, l), limitOf(p.max, l));
    case 'names': {
      const names = await vscode.window.showInputBox({
        title,
        prompt: p.label,
        value: (current[p.key] as string[]).join(', '),
        validateInput: (input) => {
          try {
            d.validate({ ...current, [p.key]: input.split(',') }, l);
            return undefined;
          } catch (err) {
            return (err as Error).message;
          }
        },
      });
      return names === undefined ? undefined : names.split(',');
    }
    case 'flag': {
      const no = t('No');
      const answer = await vscode.window.showQuickPick([no, p.yes], { title, placeHolder: p.question });
      return answer === undefined ? undefined : answer === p.yes;
    }
  }
}

/** The panel a scenario's result offers to open. */
const RESULT_PANELS = { 'security-events': { label: () => t('Open Security Events'), command: COMMANDS.openSecurityEvents } } as const;

export function registerScenarioCommands(context: vscode.ExtensionContext, lab: LabSession, runner: ScenarioRunner): void {
  /** The running lab as a target; LabNotRunningError (told with a Start button) when it is not running. */
  const target = (): Promise<ScenarioTarget> => scenarioTarget(lab.connection.docker, lab.config(), readMemoryCapMb());
  const limitsOf = (tgt: ScenarioTarget): TargetLimits => ({ engineCpus: tgt.engineCpus, memoryCapMb: tgt.memoryCapMb });

  /** Runs one scenario with progress and cancel and tells the outcome in one message; failures go to the wrapper. */
  const run = async (d: ScenarioDescriptor, tgt: ScenarioTarget, params: Record<string, ParamValue>, prepared: Prepared | undefined): Promise<void> => {
    const title = d.title;
    const startedAt = Date.now();
    const summary = await inOperation(title, async () =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: t('Monitoring Lab: {0}', title), cancellable: true },
        async (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          let last = 0;
          const onProgress = (p: ScenarioProgress) => {
            const percent = p.total ? (100 * p.done) / p.total : 0;
            progress.report({ increment: percent - last, message: `${p.done}/${p.total}${Object.keys(p.counts).length ? ` — ${countsText(p.counts)}` : ''}` });
            last = percent;
          };
          // The runner validates the parameters (a ScenarioParamError names the field and its range).
          return d.run(runner, tgt, params, { signal: abort.signal, onProgress });
        },
      ),
    );
    // One result message per run (a second one beside it is easily missed): what the scenario adds (a sentence,
    // its undo and its panel) goes into the same message, its buttons before the report's.
    const extra = d.resultText?.(summary, params);
    const actions = new Map<string, () => Promise<unknown>>();
    if (prepared?.undo) actions.set(prepared.undo.label, prepared.undo.run);
    if (d.resultPanel) {
      const panel = RESULT_PANELS[d.resultPanel];
      actions.set(panel.label(), () => Promise.resolve(vscode.commands.executeCommand(panel.command)));
    }
    // The report of this run: from two minutes before it (the baseline) to when the button is pressed, so an
    // alert raised after the run ended is in it too.
    actions.set(t('Generate Lab Report'), () =>
      Promise.resolve(vscode.commands.executeCommand(COMMANDS.generateReport, { from: startedAt - 120_000, to: Date.now() })),
    );
    const result = summary.cancelled ? t('{0} cancelled: {1}.', title, outcomeText(summary)) : t('{0} finished: {1}.', title, outcomeText(summary));
    const text = extra ? `${result} ${extra}` : result;
    void vscode.window
      .showInformationMessage(text, ...actions.keys())
      .then(async (choice) => {
        if (choice) await actions.get(choice)?.();
      })
      .then(undefined, (err: unknown) => reportFailure(err, title));
  };

  /** Asks what the descriptor asks (the target first when a bound depends on the engine), then runs it. */
  const runScenario = async (d: ScenarioDescriptor): Promise<void> => {
    const asked = (mode: 'defaults' | 'custom') => d.params.filter((p) => p.ask === 'always' || (p.ask === 'custom' && mode === 'custom'));
    let mode: 'defaults' | 'custom' = 'defaults';
    if (d.defaultsLabel) {
      const picked = await defaultsOrCustom(d.title, d.defaultsLabel(defaultParams(d)));
      if (!picked) throw new UserCancelledError();
      mode = picked;
    }
    let tgt = asked(mode).some(dependsOnTarget) ? await target() : undefined;
    const params: Record<string, ParamValue> = defaultParams(d, tgt && limitsOf(tgt));
    for (const p of asked(mode)) {
      const value = await askParam(d, p, params, tgt && limitsOf(tgt));
      if (value === undefined) throw new UserCancelledError();
      params[p.key] = value;
    }
    tgt ??= await target();
    const prepared = d.prepare ? await d.prepare(tgt) : undefined;
    if (prepared) void vscode.window.showInformationMessage(prepared.message);
    await run(d, tgt, params, prepared);
  };

  for (const d of SCENARIOS) context.subscriptions.push(registerCommand(d.command as ScenarioCommandId, () => runScenario(d)));

  context.subscriptions.push(
    registerCommand(COMMANDS.stopAllScenarios, async () => {
      const stopped = await runner.stopAll(lab.connection.docker, lab.config().projectName);
      void vscode.window.showInformationMessage(
        stopped === 1
          ? t('Stopped 1 running scenario; scenario containers removed.')
          : stopped
            ? t('Stopped {0} running scenarios; scenario containers removed.', stopped)
            : t('No scenario was running; leftover scenario containers (if any) removed.'),
      );
    }),
  );
}
