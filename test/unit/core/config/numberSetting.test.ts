// The one numeric-setting check: finite, whole where meant, in range; a bad value becomes the default and a
// message naming the setting (exact id) and the default. The rules match package.json's schema.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  MEMORY_CAP_SETTING,
  NUMBER_SETTING_RULES,
  NumberSettingRule,
  PORT_SETTING_RULES,
  numberSettingProblem,
  resolveNumberSetting,
} from '../../../../src/core/config';
import { DEFAULT_DETECTION_SETTINGS, SETTINGS_PREFIX } from '../../../../src/core/detect/settings';

const REPO_ROOT = path.resolve(__dirname, '../../../../..');
type Property = { type?: string; default?: unknown; minimum?: number; maximum?: number };
const properties = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, Property> } } })
  .contributes.configuration.properties;

describe('core/config/numberSetting', () => {
  it('"abc" for the memory cap: the default, and a message naming the setting and the default', () => {
    assert.deepEqual(resolveNumberSetting(MEMORY_CAP_SETTING, 'abc'), {
      value: 2048,
      problem: 'monitoringLab.scenarios.memoryCapMb must be a whole number from 16 to 65536 (got "abc"); using the default 2048',
    });
  });

  it('rejects NaN, ±Infinity, fractions where whole numbers are meant, out-of-range values, numeric strings, booleans and objects', () => {
    const port = PORT_SETTING_RULES.elasticsearch;
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 9200.5, 0, 65536, -1, '9200', true, {}, []]) {
      const resolved = resolveNumberSetting(port, bad);
      assert.equal(resolved.value, 9200, `value for ${String(bad)}`);
      assert.match(resolved.problem ?? '', /^monitoringLab\.ports\.elasticsearch must be a whole number from 1 to 65535 \(got .+\); using the default 9200$/, String(bad));
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

  it('every rule matches package.json (id, type, default, minimum, maximum)', () => {
    for (const rule of NUMBER_SETTING_RULES) {
      const p = properties[rule.id];
      assert.ok(p, `${rule.id} is declared in package.json`);
      assert.equal(p.type, rule.integer ? 'integer' : 'number', `${rule.id} type`);
      assert.equal(p.default, rule.default, `${rule.id} default`);
      assert.equal(p.minimum, rule.min, `${rule.id} minimum`);
      assert.equal(p.maximum, rule.max, `${rule.id} maximum`);
    }
  });

  it('every numeric setting in package.json is validated: by a rule here, or by core/detect (detection.*)', () => {
    const detectionLeaves = new Set<string>();
    const walk = (obj: object, prefix: string) => {
      for (const [k, v] of Object.entries(obj)) {
        if (typeof v === 'object' && v !== null) walk(v, `${prefix}${k}.`);
        else detectionLeaves.add(`${SETTINGS_PREFIX}.${prefix}${k}`);
      }
    };
    walk(DEFAULT_DETECTION_SETTINGS, '');
    const covered = new Set(NUMBER_SETTING_RULES.map((r) => r.id));
    for (const [id, p] of Object.entries(properties)) {
      if (p.type !== 'number' && p.type !== 'integer') continue;
      assert.ok(covered.has(id) || detectionLeaves.has(id), `${id} is numeric but no validation rule covers it`);
    }
  });
});
