import * as assert from 'node:assert/strict';
import { SettingProblemReporter } from '../../../src/vscode/settingProblems';

describe('vscode/settingProblems', () => {
  it('tells each problem once, again when it changes, and again after the setting was fixed and broken again', () => {
    const shown: string[] = [];
    const reporter = new SettingProblemReporter((id, problem) => shown.push(`${id}: ${problem}`));
    const bad = { id: 'monitoringLab.scenarios.memoryCapMb', problem: 'monitoringLab.scenarios.memoryCapMb must be … (got "abc"); using the default 2048' };
    reporter.update([bad, { id: 'monitoringLab.ports.app' }]);
    reporter.update([bad]);
    assert.equal(shown.length, 1, 'settings are read before every operation: one warning, not one per read');
    reporter.update([{ ...bad, problem: 'monitoringLab.scenarios.memoryCapMb must be … (got "xyz"); using the default 2048' }]);
    assert.equal(shown.length, 2);
    reporter.update([{ id: bad.id }]);
    reporter.update([bad]);
    assert.equal(shown.length, 3);
    assert.match(shown[0]!, /^monitoringLab\.scenarios\.memoryCapMb: .*using the default 2048$/);
  });
});
