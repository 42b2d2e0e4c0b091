// Every scenario, one descriptor each: what it is called, its parameters (defaults and bounds), how it runs, how
// the Scenarios view describes it, the colour of its chart markers and which detection rule it causes. The editor's
// commands and view, the chart markers, alert attribution and the CLI's `scenario` subcommand all read this list,
// so adding a scenario is one descriptor here plus its command in package.json.
// No 'vscode' here; the editor-only parts (prompts, buttons) are built from these fields by src/vscode.
import type { RuleId } from '../detect/rule';
import {
  BOUNDS,
  DEFAULTS,
  type BruteForceParams,
  type CpuStressParams,
  type ErrorBurstParams,
  type MemoryPressureParams,
  type ScenarioKind,
  validateBruteForce,
  validateCpuStress,
  validateErrorBurst,
  validateMemoryPressure,
} from './params';
import type { ScenarioOutcomeSummary, ScenarioRunOptions, ScenarioRunner, ScenarioTarget } from './scenarioRunner';
import { t } from '../l10n';

/** What defaults and bounds may depend on: the running lab's engine (known once the target is resolved). */
export interface TargetLimits {
  engineCpus: number;
  memoryCapMb: number;
}

/** A number, or one that depends on the engine. */
export type Limit = number | ((limits: TargetLimits) => number);

/**
 * When the editor asks for a parameter: on every run, only after "Customize…", or never (the default is used;
 * the CLI can still set it when it has a flag).
 */
export type Ask = 'always' | 'custom' | 'never';

interface ParamBase<P> {
  key: keyof P & string;
  /** The editor's prompt; also the parameter's name in messages ("failed logins", "duration (s)"). */
  label: string;
  ask: Ask;
  /** The CLI flag (without "--"); none: the CLI cannot set it. */
  cliFlag?: string;
}

export interface NumberParam<P> extends ParamBase<P> {
  type: 'number';
  default: Limit;
  min: Limit;
  max: Limit;
  /** How the CLI usage shows the default when it depends on the engine ("<CPUs>"). */
  cliDefault?: string;
}

/** A comma-separated list of names (the editor's input box and the CLI flag alike). */
export interface NamesParam<P> extends ParamBase<P> {
  type: 'names';
  default: readonly string[];
}

/** Yes or no; the CLI flag takes no value. */
export interface FlagParam<P> extends ParamBase<P> {
  type: 'flag';
  default: boolean;
  /** The editor's quick pick: its placeholder and the "yes" item ("No" is the other). */
  question: string;
  yes: string;
}

export type ParamSpec<P> = NumberParam<P> | NamesParam<P> | FlagParam<P>;
export type ParamValue = number | string[] | boolean;

/** The chart-marker colour: a theme colour in the live panels (`--vscode-charts-<tone>`), a fixed one in reports. */
export interface MarkerStyle {
  tone: 'orange' | 'yellow';
  /** The report's SVG charts (no theme there). */
  colour: string;
}

/** What a record kind means to the charts and the detection rules; exactly one descriptor per kind carries it. */
export interface KindTraits {
  /** The marker label ("Brute force (completed)") and the report's name for runs of this kind. */
  label: string;
  marker: MarkerStyle;
  /** The rule whose alerts a run of this kind causes (alert attribution). */
  rule: RuleId;
}

/** Something done before the run (e.g. the lockout switched on), with a way to undo it. */
export interface Prepared {
  /** Said to the user before the run starts. */
  message: string;
  undo?: { label: string; run: () => Promise<unknown>; done: string };
}

/** A step around the run failed (not the run itself): its message says which step. */
export class ScenarioStepError extends Error {}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the list holds descriptors of different parameter types
export interface ScenarioDescriptor<P extends object = Record<string, any>> {
  /** Stable name; also the CLI's (`monitoring-lab scenario <cli>`). */
  cli: string;
  /** What its runs are recorded as (markers, attribution and the report go by the kind). */
  kind: ScenarioKind;
  /** The editor command that runs it (contributed in package.json). */
  command: `monitoringLab.${string}`;
  /** Progress and result title in the editor. */
  title: string;
  /** The Scenarios view's row: label, codicon, and a detail built from the defaults. */
  view: { label: string; icon: string; detail(defaults: P): string };
  /** Present on exactly one descriptor per kind (a variant such as the mitigation demo records as its base kind). */
  traits?: KindTraits;
  params: ReadonlyArray<ParamSpec<P>>;
  /** Offer "Run: <this>" or "Customize…" first (the parameters asked 'custom' come only after Customize…). */
  defaultsLabel?(defaults: P): string;
  /** Throws ScenarioParamError naming the field and its range. */
  validate(params: P, limits: TargetLimits): P;
  run(runner: ScenarioRunner, target: ScenarioTarget, params: P, options: ScenarioRunOptions): Promise<ScenarioOutcomeSummary>;
  prepare?(target: ScenarioTarget): Promise<Prepared>;
  /** A sentence the result adds (e.g. what the lockout blocked). */
  resultText?(summary: ScenarioOutcomeSummary, params: P): string;
  /** The panel that shows what the run did, offered as a button with the result. */
  resultPanel?: 'security-events';
  /** One line for the CLI usage when the parameters alone do not say it. */
  cliHelp?: string;
}

const duration = <P>(key: keyof P & string, defaultSeconds: number): NumberParam<P> => ({
  key,
  type: 'number',
  get label() {
    return t('duration (s)');
  },
  ask: 'always',
  cliFlag: 'duration',
  default: defaultSeconds,
  min: BOUNDS.durationSeconds.min,
  max: BOUNDS.durationSeconds.max,
});

const bruteForce = {
  cli: 'brute-force',
  kind: 'brute-force',
  command: 'monitoringLab.simulateBruteForce',
  title: 'Simulate Brute Force',
  view: {
    get label() {
      return t('Brute force');
    },
    icon: 'key',
    detail: (d) => t('{0} rapid failed logins', d.count),
  },
  traits: { label: 'Brute force', marker: { tone: 'orange', colour: '#d9534f' }, rule: 'brute-force' },
  defaultsLabel: (d) => t('Run: {0} rapid failed logins as "{1}"', d.count, d.usernames[0] ?? ''),
  params: [
    {
      key: 'count',
      type: 'number',
      get label() {
        return t('failed logins');
      },
      ask: 'custom',
      cliFlag: 'count',
      default: DEFAULTS.bruteForce.count,
      min: BOUNDS.count.min,
      max: BOUNDS.count.max,
    },
    {
      key: 'concurrency',
      type: 'number',
      get label() {
        return t('requests at once');
      },
      ask: 'custom',
      cliFlag: 'concurrency',
      default: DEFAULTS.bruteForce.concurrency,
      min: BOUNDS.concurrency.min,
      max: BOUNDS.concurrency.max,
    },
    {
      key: 'delayMs',
      type: 'number',
      get label() {
        return t('pause between requests (ms)');
      },
      ask: 'custom',
      cliFlag: 'delay-ms',
      default: DEFAULTS.bruteForce.delayMs,
      min: BOUNDS.delayMs.min,
      max: BOUNDS.delayMs.max,
    },
    {
      key: 'usernames',
      type: 'names',
      get label() {
        return t('User names, comma-separated (one = brute force, several = password spraying)');
      },
      ask: 'custom',
      cliFlag: 'users',
      default: DEFAULTS.bruteForce.usernames,
    },
    {
      key: 'finalCorrectPassword',
      type: 'flag',
      get label() {
        return t('end with one correct login');
      },
      ask: 'custom',
      cliFlag: 'final-correct',
      default: false,
      get question() {
        return t('Finish with the correct password?');
      },
      get yes() {
        return t('Yes: end with one correct login');
      },
    },
  ],
  validate: (p) => validateBruteForce(p),
  run: (runner, target, params, options) => runner.bruteForce(target, params, options),
} satisfies ScenarioDescriptor<BruteForceParams>;

const errorBurst = {
  cli: 'errors',
  kind: 'error-burst',
  command: 'monitoringLab.simulateErrors',
  title: 'Simulate Application Errors',
  view: {
    get label() {
      return t('Application errors');
    },
    icon: 'bug',
    detail: (d) => t('{0} requests to /error', d.count),
  },
  traits: { label: 'Error burst', marker: { tone: 'orange', colour: '#f0ad4e' }, rule: 'error-burst' },
  params: [
    {
      key: 'count',
      type: 'number',
      get label() {
        return t('requests to /error');
      },
      ask: 'always',
      cliFlag: 'count',
      default: DEFAULTS.errorBurst.count,
      min: BOUNDS.count.min,
      max: BOUNDS.count.max,
    },
    {
      key: 'spreadSeconds',
      type: 'number',
      get label() {
        return t('spread (s)');
      },
      ask: 'never',
      cliFlag: 'spread',
      default: DEFAULTS.errorBurst.spreadSeconds,
      min: BOUNDS.spreadSeconds.min,
      max: BOUNDS.spreadSeconds.max,
    },
  ],
  validate: (p) => validateErrorBurst(p),
  run: (runner, target, params, options) => runner.errorBurst(target, params, options),
} satisfies ScenarioDescriptor<ErrorBurstParams>;

const cpuStress = {
  cli: 'cpu',
  kind: 'cpu-stress',
  command: 'monitoringLab.simulateCpuLoad',
  title: 'Simulate High CPU Load',
  view: {
    get label() {
      return t('High CPU load');
    },
    icon: 'flame',
    detail: (d) => t('busy workers for {0} s', d.durationSeconds),
  },
  traits: { label: 'CPU stress', marker: { tone: 'yellow', colour: '#5b8def' }, rule: 'high-cpu' },
  params: [
    // The exercise used as many busy workers as cores; at most twice the engine's CPUs.
    {
      key: 'workers',
      type: 'number',
      get label() {
        return t('busy workers');
      },
      ask: 'always',
      cliFlag: 'workers',
      default: (l) => l.engineCpus,
      min: 1,
      max: (l) => 2 * l.engineCpus,
      cliDefault: '<CPUs>',
    },
    duration('durationSeconds', DEFAULTS.cpuDurationSeconds),
  ],
  validate: (p, l) => validateCpuStress(p, l.engineCpus),
  run: (runner, target, params, options) => runner.cpuStress(target, params, options),
} satisfies ScenarioDescriptor<CpuStressParams>;

const memoryPressure = {
  cli: 'memory',
  kind: 'memory-pressure',
  command: 'monitoringLab.simulateMemoryPressure',
  title: 'Simulate Memory Pressure',
  view: {
    get label() {
      return t('Memory pressure');
    },
    icon: 'server',
    detail: (d) => t('{0} MB for {1} s', d.megabytes, d.durationSeconds),
  },
  traits: { label: 'Memory pressure', marker: { tone: 'yellow', colour: '#9b59b6' }, rule: 'high-memory' },
  params: [
    {
      key: 'megabytes',
      type: 'number',
      get label() {
        return t('memory to allocate (MB)');
      },
      ask: 'always',
      cliFlag: 'mb',
      default: (l) => Math.min(DEFAULTS.memory.megabytes, l.memoryCapMb),
      min: BOUNDS.megabytes.min,
      max: (l) => l.memoryCapMb,
      cliDefault: String(DEFAULTS.memory.megabytes),
    },
    duration('durationSeconds', DEFAULTS.memory.durationSeconds),
  ],
  validate: (p, l) => validateMemoryPressure(p, l.memoryCapMb),
  run: (runner, target, params, options) => runner.memoryPressure(target, params, options),
} satisfies ScenarioDescriptor<MemoryPressureParams>;

/** The brute force again with the app's lockout on: the 429s show the mitigation working. Records as a brute force. */
const mitigationDemo = {
  cli: 'mitigation',
  kind: 'brute-force',
  command: 'monitoringLab.mitigationDemo',
  title: 'Mitigation Demo (lockout)',
  view: {
    get label() {
      return t('Mitigation demo');
    },
    icon: 'shield',
    detail: (d) => t('lockout on, {0} failed logins again', d.count),
  },
  // The exercise's brute force as written: nothing to choose.
  params: bruteForce.params.map(({ cliFlag: _none, ...p }) => ({ ...p, ask: 'never' as const })) as ReadonlyArray<ParamSpec<BruteForceParams>>,
  validate: (p) => validateBruteForce(p),
  run: (runner, target, params, options) => runner.bruteForce(target, params, options),
  prepare: async (target) => {
    let state;
    try {
      state = await target.app.setLockout({ enabled: true });
    } catch (err) {
      throw new ScenarioStepError(t('cannot switch the lockout on: {0}', (err as Error).message));
    }
    return {
      message: t('Lockout on: {0} failures per source within {1} s, then 429.', state.threshold, state.window_seconds),
      undo: { label: t('Turn Lockout Off'), run: () => target.app.setLockout({ enabled: false }), done: t('Lockout off again.') },
    };
  },
  resultText: (summary, params) => {
    const blocked = summary.counts['429'] ?? 0;
    return blocked > 0
      ? t('The lockout blocked {0} of {1} attempts (429), and logged each block.', blocked, params.count)
      : t("No attempt was blocked: check the app's lockout settings.");
  },
  resultPanel: 'security-events',
  get cliHelp() {
    return t("turns the app's lockout on, runs the brute force, turns it off again");
  },
} satisfies ScenarioDescriptor<BruteForceParams>;

const LIST = [bruteForce, errorBurst, cpuStress, memoryPressure, mitigationDemo] as const;

/** Every scenario, in the order the Scenarios view and the CLI usage list them. */
export const SCENARIOS: readonly ScenarioDescriptor[] = LIST;

/** The editor commands that run scenarios (each descriptor names its own). */
export type ScenarioCommandId = (typeof LIST)[number]['command'];

export function scenarioByCli(name: string): ScenarioDescriptor | undefined {
  return SCENARIOS.find((s) => s.cli === name);
}

export function scenarioByCommand(command: string): ScenarioDescriptor | undefined {
  return SCENARIOS.find((s) => s.command === command);
}

/** The traits of a record kind; undefined for a kind no descriptor carries (a record from a newer or older version). */
export function kindTraits(kind: string): KindTraits | undefined {
  return SCENARIOS.find((s) => s.kind === kind && s.traits)?.traits;
}

/** The marker label of a kind (the kind itself when unknown). */
export function scenarioLabel(kind: string): string {
  return kindTraits(kind)?.label ?? kind;
}

/** The report's fixed colour for a kind's markers; undefined when unknown (the chart uses its fallback). */
export function scenarioColour(kind: string): string | undefined {
  return kindTraits(kind)?.marker.colour;
}

/** The kind whose runs cause the rule's alerts; none for rules no scenario causes (container down). */
export function kindForRule(rule: RuleId): ScenarioKind | undefined {
  return SCENARIOS.find((s) => s.traits?.rule === rule)?.kind;
}

export function limitOf(limit: Limit, limits: TargetLimits): number {
  return typeof limit === 'function' ? limit(limits) : limit;
}

/** Whether the parameter's default or bounds need the engine (then the editor resolves the target first). */
export function dependsOnTarget<P>(p: ParamSpec<P>): boolean {
  return p.type === 'number' && [p.default, p.min, p.max].some((l) => typeof l === 'function');
}

/** The defaults of every parameter, for an engine; without one, engine-dependent defaults read as 1 CPU / no cap. */
export function defaultParams<P extends object>(d: ScenarioDescriptor<P>, limits?: TargetLimits): P {
  const l = limits ?? { engineCpus: 1, memoryCapMb: Number.MAX_SAFE_INTEGER };
  return Object.fromEntries(d.params.map((p) => [p.key, p.type === 'number' ? limitOf(p.default, l) : p.type === 'names' ? [...p.default] : p.default])) as P;
}

/** Defaults overridden by what the user gave (CLI flags), validated against the engine's limits. */
export function buildParams(d: ScenarioDescriptor, limits: TargetLimits, given: Readonly<Record<string, ParamValue>>): Record<string, ParamValue> {
  return d.validate({ ...defaultParams(d, limits), ...given }, limits);
}
