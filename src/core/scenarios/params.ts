// Scenario parameters, their defaults and their hard bounds. Validation happens here, once, for the
// editor's input boxes and the CLI's flags alike; messages name the field and the allowed range.
import { MEMORY_CAP_SETTING, resolveNumberSetting } from '../config/numberSetting';
import { t } from '../l10n';

export type ScenarioKind = 'brute-force' | 'error-burst' | 'cpu-stress' | 'memory-pressure';

export interface BruteForceParams {
  /** Failed logins to send (the exercise: 30). */
  count: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Pause between one worker's requests, ms. */
  delayMs: number;
  /** One name = brute force; several = password spraying (round-robin). */
  usernames: string[];
  /** Finish with one correct login (the demo password), as a successful attacker would. */
  finalCorrectPassword: boolean;
}

export interface ErrorBurstParams {
  count: number;
  /** Requests are spread evenly over this many seconds. */
  spreadSeconds: number;
}

export interface CpuStressParams {
  workers: number;
  durationSeconds: number;
}

export interface MemoryPressureParams {
  megabytes: number;
  durationSeconds: number;
}

export const BOUNDS = {
  count: { min: 1, max: 10_000 },
  concurrency: { min: 1, max: 64 },
  delayMs: { min: 0, max: 60_000 },
  durationSeconds: { min: 1, max: 600 },
  spreadSeconds: { min: 0, max: 600 },
  usernames: { min: 1, max: 1000, maxLength: 256 },
  megabytes: { min: 16 },
} as const;

export const DEFAULTS = {
  bruteForce: { count: 30, concurrency: 4, delayMs: 0, usernames: ['admin'], finalCorrectPassword: false } satisfies BruteForceParams,
  errorBurst: { count: 20, spreadSeconds: 5 } satisfies ErrorBurstParams,
  cpuDurationSeconds: 60,
  memory: { megabytes: 512, durationSeconds: 60 } satisfies MemoryPressureParams,
};

export class ScenarioParamError extends Error {}

const MESSAGES = {
  noBound: (name: string, min: number, max: number) => t('{0} has no usable bounds ({1} to {2}): the limit itself is invalid', name, min, max),
};

function integerIn(name: string, value: number, min: number, max: number): number {
  // A NaN bound makes every comparison false: without this, `value > NaN` would let any value through.
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw new ScenarioParamError(MESSAGES.noBound(name, min, max));
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ScenarioParamError(t('{0} must be a whole number from {1} to {2} (got {3})', name, min, max, value));
  }
  return value;
}

export function validateBruteForce(p: BruteForceParams): BruteForceParams {
  integerIn(t('count'), p.count, BOUNDS.count.min, BOUNDS.count.max);
  integerIn(t('concurrency'), p.concurrency, BOUNDS.concurrency.min, BOUNDS.concurrency.max);
  integerIn(t('delay (ms)'), p.delayMs, BOUNDS.delayMs.min, BOUNDS.delayMs.max);
  const names = p.usernames.map((u) => u.trim()).filter((u) => u.length > 0);
  if (names.length < BOUNDS.usernames.min || names.length > BOUNDS.usernames.max) {
    throw new ScenarioParamError(t('usernames: give 1 to {0} names (got {1})', BOUNDS.usernames.max, names.length));
  }
  const long = names.find((u) => u.length > BOUNDS.usernames.maxLength);
  if (long) throw new ScenarioParamError(t('usernames: "{0}…" is longer than {1} characters', long.slice(0, 20), BOUNDS.usernames.maxLength));
  return { ...p, usernames: names };
}

export function validateErrorBurst(p: ErrorBurstParams): ErrorBurstParams {
  integerIn(t('count'), p.count, BOUNDS.count.min, BOUNDS.count.max);
  integerIn(t('spread (s)'), p.spreadSeconds, BOUNDS.spreadSeconds.min, BOUNDS.spreadSeconds.max);
  return p;
}

/** Workers are capped at twice the engine's CPUs: enough to saturate, not enough to wedge the engine. */
export function validateCpuStress(p: CpuStressParams, engineCpus: number): CpuStressParams {
  integerIn(t('workers'), p.workers, 1, Math.max(1, 2 * engineCpus));
  integerIn(t('duration (s)'), p.durationSeconds, BOUNDS.durationSeconds.min, BOUNDS.durationSeconds.max);
  return p;
}

/**
 * Memory is capped by a setting and by the engine: at most half of the engine's memory, so the
 * container's limit (allocation + headroom) cannot take the machine down. A setting that is not a valid
 * number (the editor reports it) counts as its default; an engine that reports no memory allows the minimum.
 */
export function memoryCapMegabytes(settingCapMb: number, engineMemoryBytes: number): number {
  const setting = resolveNumberSetting(MEMORY_CAP_SETTING, settingCapMb).value;
  const engineMb = Number.isFinite(engineMemoryBytes) && engineMemoryBytes > 0 ? Math.floor(engineMemoryBytes / 2 / 1024 / 1024) : 0;
  return Math.max(BOUNDS.megabytes.min, Math.min(setting, engineMb));
}

export function validateMemoryPressure(p: MemoryPressureParams, capMb: number): MemoryPressureParams {
  integerIn(t('memory (MB)'), p.megabytes, BOUNDS.megabytes.min, capMb);
  integerIn(t('duration (s)'), p.durationSeconds, BOUNDS.durationSeconds.min, BOUNDS.durationSeconds.max);
  return p;
}

/** Parses a whole number typed by a person ("30", " 30 "); anything else is a clear error. */
export function parseWholeNumber(name: string, text: string): number {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) throw new ScenarioParamError(t('{0} must be a whole number (got "{1}")', name, text));
  return Number(trimmed);
}
