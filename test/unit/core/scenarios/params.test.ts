import * as assert from 'node:assert/strict';
import {
  DEFAULTS,
  ScenarioParamError,
  memoryCapMegabytes,
  parseWholeNumber,
  validateBruteForce,
  validateCpuStress,
  validateErrorBurst,
  validateMemoryPressure,
} from '../../../../src/core/scenarios/params';

describe('core/scenarios/params', () => {
  it('the brute-force default is the exercise: 30 failed logins', () => {
    assert.equal(DEFAULTS.bruteForce.count, 30);
    assert.deepEqual(validateBruteForce(DEFAULTS.bruteForce), DEFAULTS.bruteForce);
  });

  it('count 1–10,000 and concurrency 1–64 are enforced with messages naming the field', () => {
    const base = DEFAULTS.bruteForce;
    assert.throws(() => validateBruteForce({ ...base, count: 0 }), /count must be a whole number from 1 to 10000 \(got 0\)/);
    assert.throws(() => validateBruteForce({ ...base, count: 10_001 }), ScenarioParamError);
    assert.throws(() => validateBruteForce({ ...base, count: 2.5 }), ScenarioParamError);
    assert.throws(() => validateBruteForce({ ...base, concurrency: 65 }), /concurrency must be a whole number from 1 to 64/);
    assert.equal(validateBruteForce({ ...base, count: 10_000, concurrency: 64 }).count, 10_000);
  });

  it('usernames are trimmed, blanks dropped, and at least one is required', () => {
    assert.deepEqual(validateBruteForce({ ...DEFAULTS.bruteForce, usernames: [' alice ', '', 'bob'] }).usernames, ['alice', 'bob']);
    assert.throws(() => validateBruteForce({ ...DEFAULTS.bruteForce, usernames: ['  '] }), /give 1 to 1000 names \(got 0\)/);
    assert.throws(() => validateBruteForce({ ...DEFAULTS.bruteForce, usernames: ['x'.repeat(257)] }), /longer than 256/);
  });

  it('durations are 1–600 s; CPU workers at most twice the engine CPUs', () => {
    assert.throws(() => validateCpuStress({ workers: 2, durationSeconds: 601 }, 2), /duration \(s\) must be a whole number from 1 to 600/);
    assert.throws(() => validateCpuStress({ workers: 5, durationSeconds: 10 }, 2), /workers must be a whole number from 1 to 4/);
    assert.deepEqual(validateCpuStress({ workers: 4, durationSeconds: 600 }, 2), { workers: 4, durationSeconds: 600 });
    assert.throws(() => validateErrorBurst({ count: 20, spreadSeconds: -1 }), ScenarioParamError);
  });

  it('memory is capped by the setting and by half the engine memory', () => {
    const GiB = 1024 ** 3;
    assert.equal(memoryCapMegabytes(2048, 24 * GiB), 2048);
    assert.equal(memoryCapMegabytes(2048, 2 * GiB), 1024);
    assert.throws(() => validateMemoryPressure({ megabytes: 1025, durationSeconds: 10 }, 1024), /memory \(MB\) must be a whole number from 16 to 1024/);
    assert.equal(validateMemoryPressure({ megabytes: 256, durationSeconds: 10 }, 1024).megabytes, 256);
  });

  it('a setting that is not a number ("abc", NaN, Infinity) never removes the memory bound: 1 TiB is refused', () => {
    const GiB = 1024 ** 3;
    const TiB_MB = 1024 * 1024;
    for (const bad of ['abc' as unknown as number, Number.NaN, Number.POSITIVE_INFINITY, -5, 10.5]) {
      const cap = memoryCapMegabytes(bad, 24 * GiB);
      assert.equal(cap, 2048, `setting ${String(bad)} counts as the default 2048`);
      assert.throws(() => validateMemoryPressure({ megabytes: TiB_MB, durationSeconds: 10 }, cap), /memory \(MB\) must be a whole number from 16 to 2048/);
    }
    assert.equal(memoryCapMegabytes(2048, Number.NaN), 16, 'an engine reporting no memory allows only the minimum');
  });

  it('a NaN limit is refused, not compared (every comparison with NaN is false)', () => {
    assert.throws(() => validateMemoryPressure({ megabytes: 1024 * 1024, durationSeconds: 10 }, Number.NaN), /memory \(MB\) has no usable bounds/);
    assert.throws(() => validateCpuStress({ workers: 10_000, durationSeconds: 10 }, Number.NaN), /workers has no usable bounds/);
  });

  it('parses typed numbers strictly', () => {
    assert.equal(parseWholeNumber('count', ' 30 '), 30);
    for (const bad of ['', '3e1', '-1', '30x', '1.5']) assert.throws(() => parseWholeNumber('count', bad), /count must be a whole number/);
  });
});
