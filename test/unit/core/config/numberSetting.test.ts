// The one numeric-setting check: finite, whole where meant, in range; a bad value becomes the default and a
// message naming the setting (exact id) and the default. The rules are the settings schema's (settingsSchema.test.ts
// checks the schema against package.json).
import * as assert from 'node:assert/strict';
import type { NumberSettingRule } from '../../../../src/core/config';
import { MEMORY_CAP_SETTING, PORT_SETTING_RULES, numberRule, numberSettingProblem, resolveNumberSetting } from '../../../../src/core/config';

describe('core/config/numberSetting', () => {
  it('"abc" for the memory cap: the default, and a message naming the setting and the default', () => {
    assert.deepEqual(resolveNumberSetting(MEMORY_CAP_SETTING, 'abc'), {
      value: 2048,
      problem: 'monitoringLab.scenarios.memoryCapMb must be a whole number from 16 to 65536 (got "abc"); using the default 2048',
    });
  });

  it('rejects NaN, ±Infinity, fractions where whole numbers are meant, out-of-range values, numeric strings, booleans and objects', () => {
    const port = PORT_SETTING_RULES.elasticsearch;
    // The objects as {} and [] in the messages, not [object Object] and an empty string.
    const show = (value: number | string | boolean | object) => (typeof value === 'object' ? JSON.stringify(value) : String(value));
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 9200.5, 0, 65536, -1, '9200', true, {}, []]) {
      const resolved = resolveNumberSetting(port, bad);
      assert.equal(resolved.value, 9200, `value for ${show(bad)}`);
      assert.match(
        resolved.problem ?? '',
        /^monitoringLab\.ports\.elasticsearch must be a whole number from 1 to 65535 \(got .+\); using the default 9200$/,
        show(bad),
      );
    }
  });

  it('accepts valid values and the unset value silently', () => {
    assert.deepEqual(resolveNumberSetting(PORT_SETTING_RULES.app, 18088), { value: 18088 });
    assert.deepEqual(resolveNumberSetting(PORT_SETTING_RULES.app, undefined), { value: 8088 });
    assert.deepEqual(resolveNumberSetting(PORT_SETTING_RULES.app, null), { value: 8088 });
    const fractional: NumberSettingRule = { id: 'x', default: 1, min: 0.5, max: 2, integer: false };
    assert.deepEqual(resolveNumberSetting(fractional, 1.5), { value: 1.5 });
    assert.equal(numberSettingProblem(fractional, 3), 'x must be a number from 0.5 to 2 (got 3)');
  });

  it('a rule whose own bounds or default are not usable is a programming error, not a silent pass', () => {
    assert.throws(() => resolveNumberSetting({ id: 'x', default: 1, min: 0, max: Number.NaN, integer: true }, 5), RangeError);
    assert.throws(() => resolveNumberSetting({ id: 'x', default: 100, min: 0, max: 10, integer: true }, 5), RangeError);
  });

  it('a rule is what the schema declares: id, default, bounds, whole numbers for "integer"', () => {
    assert.deepEqual(numberRule('monitoringLab.detection.logIntervalSeconds'), {
      id: 'monitoringLab.detection.logIntervalSeconds',
      default: 0.5,
      min: 0.2,
      max: 3600,
      integer: false,
    });
    assert.deepEqual(PORT_SETTING_RULES['node-exporter'], { id: 'monitoringLab.ports.nodeExporter', default: 9100, min: 1, max: 65535, integer: true });
  });
});
