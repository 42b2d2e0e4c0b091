// Scenario commands: each asks for its parameters (defaults are the exercise's), validates them with
// src/core's rules, runs with a cancellable progress notification and reports what happened.
import * as vscode from 'vscode';
import { LabNotRunningError, scenarioTarget } from '../core/lab';
import {
  BOUNDS,
  BruteForceParams,
  DEFAULTS,
  ScenarioParamError,
  parseWholeNumber,
  validateBruteForce,
} from '../core/scenarios/params';
import { ScenarioOutcomeSummary, ScenarioRunner, ScenarioTarget } from '../core/scenarios/scenarioRunner';
import { ScenarioProgress } from '../core/scenarios/httpScenarios';
import { LabSession } from './labSession';
import { GENERATE_REPORT_COMMAND } from './reportCommand';
import { readMemoryCapMb } from './settings';

/** An input box for a whole number within bounds; undefined when the user backs out. */
async function askNumber(title: string, prompt: string, value: number, min: number, max: number): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    prompt: `${prompt} (${min}–${max})`,
    value: String(value),
    ignoreFocusOut: true,
    validateInput: (t) => {
      try {
        const n = parseWholeNumber(prompt, t);
        return n < min || n > max ? `${prompt} must be from ${min} to ${max}` : undefined;
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
      { label: '$(settings-gear) Customize…', value: 'custom' as const },
    ],
    { title, placeHolder: 'Run the exercise as written, or choose the parameters' },
  );
  return pick?.value;
}

function countsText(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length ? entries.map(([k, v]) => `${k} ×${v}`).join(', ') : 'no responses';
}

/** The result line: HTTP scenarios count answers by status; stress runs say how long they ran. */
function outcomeText(summary: ScenarioOutcomeSummary): string {
  const { seconds, exitCode, ...rest } = summary.counts;
  if ((summary.kind === 'cpu-stress' || summary.kind === 'memory-pressure') && seconds !== undefined && Object.keys(rest).length === 0) {
    // A cancelled run's process is killed by the cancel itself (137): that exit code says nothing to the user.
    return `ran ${seconds} s${!summary.cancelled && exitCode !== undefined && exitCode !== 0 ? ` (the stress process exited with code ${exitCode})` : ''}`;
  }
  return countsText(summary.counts);
}

/** What a scenario adds to its result message: a sentence and buttons, each with what it does. */
type ResultFollowUp = (summary: ScenarioOutcomeSummary) => { text: string; actions: Record<string, () => Promise<void>> };

export function registerScenarioCommands(context: vscode.ExtensionContext, lab: LabSession, runner: ScenarioRunner): void {

  /** Resolves the running lab as a target, or says the lab is not running and offers to start it. */
  const target = async (): Promise<ScenarioTarget | undefined> => {
    try {
      return await scenarioTarget(lab.connection.docker, lab.config(), readMemoryCapMb());
    } catch (err) {
      if (err instanceof LabNotRunningError) {
        const choice = await vscode.window.showWarningMessage(`Monitoring Lab: ${err.message} Start it first.`, 'Start Monitoring Lab');
        if (choice) await vscode.commands.executeCommand('monitoringLab.start');
        return undefined;
      }
      void vscode.window.showErrorMessage(`Monitoring Lab: ${(err as Error).message}`);
      return undefined;
    }
  };

  /** Runs one scenario with progress and cancel; reports the outcome; errors become one message. */
  const run = async (
    title: string,
    body: (signal: AbortSignal, onProgress: (p: ScenarioProgress) => void) => Promise<ScenarioOutcomeSummary>,
    after?: ResultFollowUp,
  ): Promise<ScenarioOutcomeSummary | undefined> => {
    const startedAt = Date.now();
    try {
      const summary = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Monitoring Lab: ${title}`, cancellable: true },
        async (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          let last = 0;
          return body(abort.signal, (p) => {
            const percent = p.total ? (100 * p.done) / p.total : 0;
            progress.report({ increment: percent - last, message: `${p.done}/${p.total}${Object.keys(p.counts).length ? ` — ${countsText(p.counts)}` : ''}` });
            last = percent;
          });
        },
      );
      const verb = summary.cancelled ? 'cancelled' : 'finished';
      // One result message per run (a second one beside it is easily missed): what the scenario's own follow-up
      // adds goes into the same message, its buttons before the report's.
      const extra = after?.(summary);
      const report = 'Generate Lab Report';
      const text = `${title} ${verb}: ${outcomeText(summary)}.${extra ? ` ${extra.text}` : ''}`;
      void vscode.window.showInformationMessage(text, ...(extra ? Object.keys(extra.actions) : []), report).then(async (choice) => {
        // The report of this run: from two minutes before it (the baseline) to when the button is pressed, so an
        // alert raised after the run ended is in it too.
        if (choice === report) await vscode.commands.executeCommand(GENERATE_REPORT_COMMAND, { from: startedAt - 120_000, to: Date.now() });
        else if (choice && extra) await extra.actions[choice]();
      }).then(undefined, (err: unknown) => void vscode.window.showErrorMessage(`Monitoring Lab: ${(err as Error).message}`));
      return summary;
    } catch (err) {
      const message = err instanceof ScenarioParamError ? err.message : `${title} failed: ${(err as Error).message}`;
      void vscode.window.showErrorMessage(`Monitoring Lab: ${message}`);
      return undefined;
    }
  };

  const register = (id: string, handler: () => Promise<unknown>) => context.subscriptions.push(vscode.commands.registerCommand(id, handler));

  register('monitoringLab.simulateBruteForce', async () => {
    const title = 'Simulate Brute Force';
    const mode = await defaultsOrCustom(title, `Run: ${DEFAULTS.bruteForce.count} rapid failed logins as "${DEFAULTS.bruteForce.usernames[0]}"`);
    if (!mode) return;
    let params: BruteForceParams = { ...DEFAULTS.bruteForce, usernames: [...DEFAULTS.bruteForce.usernames] };
    if (mode === 'custom') {
      const count = await askNumber(title, 'failed logins', params.count, BOUNDS.count.min, BOUNDS.count.max);
      if (count === undefined) return;
      const concurrency = await askNumber(title, 'requests at once', params.concurrency, BOUNDS.concurrency.min, BOUNDS.concurrency.max);
      if (concurrency === undefined) return;
      const delayMs = await askNumber(title, 'pause between requests (ms)', params.delayMs, BOUNDS.delayMs.min, BOUNDS.delayMs.max);
      if (delayMs === undefined) return;
      const names = await vscode.window.showInputBox({
        title,
        prompt: 'User names, comma-separated (one = brute force, several = password spraying)',
        value: params.usernames.join(', '),
        validateInput: (t) => {
          try {
            validateBruteForce({ ...params, usernames: t.split(',') });
            return undefined;
          } catch (err) {
            return (err as Error).message;
          }
        },
      });
      if (names === undefined) return;
      const final = await vscode.window.showQuickPick(['No', 'Yes: end with one correct login'], { title, placeHolder: 'Finish with the correct password?' });
      if (!final) return;
      params = { count, concurrency, delayMs, usernames: names.split(','), finalCorrectPassword: final.startsWith('Yes') };
    }
    const t = await target();
    if (!t) return;
    await run(title, (signal, onProgress) => runner.bruteForce(t, params, { signal, onProgress }));
  });

  register('monitoringLab.simulateErrors', async () => {
    const title = 'Simulate Application Errors';
    const count = await askNumber(title, 'requests to /error', DEFAULTS.errorBurst.count, BOUNDS.count.min, BOUNDS.count.max);
    if (count === undefined) return;
    const t = await target();
    if (!t) return;
    await run(title, (signal, onProgress) => runner.errorBurst(t, { count, spreadSeconds: DEFAULTS.errorBurst.spreadSeconds }, { signal, onProgress }));
  });

  register('monitoringLab.simulateCpuLoad', async () => {
    const title = 'Simulate High CPU Load';
    const t = await target();
    if (!t) return;
    // The exercise used as many busy workers as cores; at most twice the engine's CPUs.
    const workers = await askNumber(title, 'busy workers', t.engineCpus, 1, 2 * t.engineCpus);
    if (workers === undefined) return;
    const durationSeconds = await askNumber(title, 'duration (s)', DEFAULTS.cpuDurationSeconds, BOUNDS.durationSeconds.min, BOUNDS.durationSeconds.max);
    if (durationSeconds === undefined) return;
    await run(title, (signal, onProgress) => runner.cpuStress(t, { workers, durationSeconds }, { signal, onProgress }));
  });

  register('monitoringLab.simulateMemoryPressure', async () => {
    const title = 'Simulate Memory Pressure';
    const t = await target();
    if (!t) return;
    const megabytes = await askNumber(title, 'memory to allocate (MB)', Math.min(DEFAULTS.memory.megabytes, t.memoryCapMb), BOUNDS.megabytes.min, t.memoryCapMb);
    if (megabytes === undefined) return;
    const durationSeconds = await askNumber(title, 'duration (s)', DEFAULTS.memory.durationSeconds, BOUNDS.durationSeconds.min, BOUNDS.durationSeconds.max);
    if (durationSeconds === undefined) return;
    await run(title, (signal, onProgress) => runner.memoryPressure(t, { megabytes, durationSeconds }, { signal, onProgress }));
  });

  register('monitoringLab.stopAllScenarios', async () => {
    const stopped = await runner.stopAll(lab.connection.docker, lab.config().projectName);
    void vscode.window.showInformationMessage(stopped ? `Stopped ${stopped} running scenario(s); scenario containers removed.` : 'No scenario was running; leftover scenario containers (if any) removed.');
  });

  register('monitoringLab.mitigationDemo', async () => {
    const title = 'Mitigation Demo (lockout)';
    const t = await target();
    if (!t) return;
    try {
      const state = await t.app.setLockout({ enabled: true });
      void vscode.window.showInformationMessage(`Lockout on: ${state.threshold} failures per source within ${state.window_seconds} s, then 429.`);
    } catch (err) {
      void vscode.window.showErrorMessage(`Monitoring Lab: cannot switch the lockout on: ${(err as Error).message}`);
      return;
    }
    await run(title, (signal, onProgress) => runner.bruteForce(t, DEFAULTS.bruteForce, { signal, onProgress }), (summary) => {
      const blocked = summary.counts['429'] ?? 0;
      return {
        text: blocked > 0 ? `The lockout blocked ${blocked} of ${DEFAULTS.bruteForce.count} attempts (429), and logged each block.` : 'No attempt was blocked: check the app\'s lockout settings.',
        actions: {
          'Turn Lockout Off': async () => { await t.app.setLockout({ enabled: false }); },
          'Open Security Events': async () => { await vscode.commands.executeCommand('monitoringLab.openSecurityEvents'); },
        },
      };
    });
  });
}
