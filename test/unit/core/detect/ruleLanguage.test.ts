// Rule titles and describe() texts follow the language in use (the report, the status bar and the CLI show them):
// an Indonesian report no longer carries English evidence lines.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { bruteForceRule } from '../../../../src/core/detect/rules/bruteForce';
import { containerDownRule } from '../../../../src/core/detect/rules/containerDown';
import { sustainedMetricRule } from '../../../../src/core/detect/rules/sustainedMetric';
import { DEFAULT_DETECTION_SETTINGS } from '../../../../src/core/detect/settings';
import { describeEvaluationError } from '../../../../src/core/detect/evaluationError';
import { LogStoreUnreachableError } from '../../../../src/core/logs/logStore';
import { useLanguage } from '../../../../src/core/l10n';
import { FakeLogs, T0 } from './fakes';

const BUNDLES = path.resolve(__dirname, '../../../../../l10n');
const window = { from: T0, to: T0 + 60_000 };

describe('core/detect: rule texts in the language in use', () => {
  afterEach(() => useLanguage('en'));

  it('brute force: the same rule object speaks English, then Indonesian once the language switches', () => {
    const rule = bruteForceRule(DEFAULT_DETECTION_SETTINGS.bruteForce, new FakeLogs(), 1000);
    const m = {
      value: 30,
      subjects: [
        { name: '203.0.113.7', value: 30 },
        { name: '198.51.100.2', value: 25 },
      ],
      window,
    };
    assert.equal(rule.title, 'Brute-force login attempts');
    assert.equal(rule.describe(m), '30 failed logins from 203.0.113.7, 25 from 198.51.100.2 within 60 s (threshold 20)');
    assert.equal(useLanguage('id', BUNDLES).language, 'id');
    assert.equal(rule.title, 'Percobaan login brute force');
    assert.equal(rule.describe(m), '30 login gagal dari 203.0.113.7, 25 dari 198.51.100.2 dalam 60 s (ambang 20)');
  });

  it('high CPU, container down and an unreachable source: whole Indonesian sentences, decimals with a comma', () => {
    useLanguage('id', BUNDLES);
    const cpu = sustainedMetricRule(
      { id: 'high-cpu', title: 'High CPU', what: 'host CPU busy', ratioQuery: 'x' },
      DEFAULT_DETECTION_SETTINGS.highCpu,
      { queryRange: async () => [] },
      5,
      1000,
    );
    assert.equal(cpu.title, 'Beban CPU tinggi');
    assert.match(
      cpu.describe({ value: 93.5, clearValue: 91.2, subjects: [], window }),
      /^kesibukan CPU host ≥ 93,5 % selama \d+ s \(ambang \d+ %\), sekarang 91,2 %$/,
    );
    const down = containerDownRule(() => [], 1000);
    assert.equal(down.describe({ value: 1, subjects: [{ name: 'app', value: 1, detail: 'exited' }], window }), 'app berhenti');
    assert.equal(
      describeEvaluationError({ source: 'Docker engine' }, new LogStoreUnreachableError('x')).reason,
      'tidak dapat mengevaluasi: engine Docker tidak dapat dihubungi',
    );
  });
});
