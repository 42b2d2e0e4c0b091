import * as assert from 'node:assert/strict';
import { SETTINGS_SCHEMA } from '../../../../src/core/config/settingsSchema';
import { DEFAULT_DETECTION_SETTINGS, DETECTION_SETTING_LEAVES, resolveDetectionSettings } from '../../../../src/core/detect/settings';

describe('core/detect settings', () => {
  it('defaults fire on the exercise (30 rapid failures) and are stricter than noise', () => {
    const bf = DEFAULT_DETECTION_SETTINGS.bruteForce;
    assert.ok(bf.threshold <= 30 && bf.threshold >= 10, `brute-force threshold ${bf.threshold}`);
    assert.ok(bf.clearBelow < bf.threshold);
    assert.equal(DEFAULT_DETECTION_SETTINGS.logIntervalSeconds, 0.5);
    assert.equal(DEFAULT_DETECTION_SETTINGS.metricIntervalSeconds, 5);
  });

  it('nothing given → the defaults, no problems', () => {
    assert.deepEqual(resolveDetectionSettings(undefined), { settings: DEFAULT_DETECTION_SETTINGS, problems: [] });
    assert.deepEqual(resolveDetectionSettings({}), { settings: DEFAULT_DETECTION_SETTINGS, problems: [] });
  });

  it('takes nested values the way the editor returns them for dotted setting names', () => {
    const { settings, problems } = resolveDetectionSettings({ bruteForce: { threshold: 60, windowSeconds: 30 }, highCpu: { abovePercent: 95 }, notify: 'all' });
    assert.deepEqual(problems, []);
    assert.deepEqual(settings.bruteForce, { enabled: true, threshold: 60, windowSeconds: 30, clearBelow: 10 });
    assert.equal(settings.highCpu.abovePercent, 95);
    assert.equal(settings.notify, 'all');
  });

  it('invalid values fall back to the default and name the setting', () => {
    const { settings, problems } = resolveDetectionSettings({
      bruteForce: { threshold: 0 },
      logIntervalSeconds: 'fast',
      notify: 'loud',
      errorBurst: { enabled: 'yes' },
    });
    assert.equal(settings.bruteForce.threshold, 20);
    assert.equal(settings.logIntervalSeconds, 0.5);
    assert.equal(settings.notify, 'critical');
    assert.equal(settings.errorBurst.enabled, true);
    assert.equal(problems.length, 4);
    assert.ok(
      problems.some((p) => /^monitoringLab\.detection\.logIntervalSeconds must be a number from 0\.2 to 3600 \(got "fast"\); using the default 0\.5$/.test(p)),
      problems.join('\n'),
    );
    assert.ok(
      problems.includes('monitoringLab.detection.bruteForce.threshold must be a whole number from 1 to 100000 (got 0); using the default 20'),
      problems.join('\n'),
    );
    assert.ok(
      problems.includes('monitoringLab.detection.notify must be "critical", "all" or "off" (got "loud"); using the default "critical"'),
      problems.join('\n'),
    );
  });

  it('a clear threshold above the fire threshold is clamped (no hysteresis band inverted)', () => {
    const { settings, problems } = resolveDetectionSettings({ bruteForce: { threshold: 8, clearBelow: 9 }, highMemory: { abovePercent: 70 } });
    assert.equal(settings.bruteForce.clearBelow, 8);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /bruteForce\.clearBelow \(9\) must not exceed/);
    // A lower fire threshold alone pulls the default clear threshold down with it, silently.
    assert.equal(settings.highMemory.clearBelowPercent, 70);
  });

  it("bounds and defaults are the schema's: the maximum of a count threshold is the one package.json declares", () => {
    assert.deepEqual(resolveDetectionSettings({ errorBurst: { threshold: 100_000, clearBelow: 100_000 } }).problems, []);
    const over = resolveDetectionSettings({ errorBurst: { threshold: 100_001 } });
    assert.equal(over.settings.errorBurst.threshold, SETTINGS_SCHEMA['monitoringLab.detection.errorBurst.threshold'].default);
    assert.deepEqual(over.problems, [
      'monitoringLab.detection.errorBurst.threshold must be a whole number from 1 to 100000 (got 100001); using the default 10',
    ]);
    assert.equal(DEFAULT_DETECTION_SETTINGS.highMemory.clearBelowPercent, SETTINGS_SCHEMA['monitoringLab.detection.highMemory.clearBelowPercent'].default);
    assert.deepEqual([...DETECTION_SETTING_LEAVES].sort(), leaves(DEFAULT_DETECTION_SETTINGS).sort(), 'one setting per field of DetectionSettings');
  });
});

function leaves(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? leaves(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
}
