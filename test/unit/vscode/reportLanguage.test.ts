// The report's language: monitoringLab.report.language when it names one; its default 'auto' follows
// monitoringLab.language, whose own 'auto' follows VS Code's display language (no Indonesian pack exists, so 'id'
// is chosen by the setting).
import * as assert from 'node:assert/strict';
import { type FakeVscode, installFakeVscode, uninstallFakeVscode } from './fakeVscode';

describe('vscode/settings: readReportLanguage', () => {
  let fake: FakeVscode;
  let readReportLanguage: () => string;
  const values: Record<string, unknown> = {};

  before(() => {
    fake = installFakeVscode({});
    Object.assign(fake.module.workspace as Record<string, unknown>, {
      getConfiguration: () => ({ get: (key: string, fallback?: unknown) => (key in values ? values[key] : fallback) }),
    });
    // A fresh copy bound to this stand-in (another test may have loaded the module with its own).
    const file = require.resolve('../../../src/vscode/settings');
    delete require.cache[file];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ({ readReportLanguage } = require(file) as typeof import('../../../src/vscode/settings'));
  });

  after(() => {
    delete require.cache[require.resolve('../../../src/vscode/settings')];
    uninstallFakeVscode();
  });

  const env = (language: string) => Object.assign(fake.module.env as Record<string, unknown>, { language });
  const given = (settings: Record<string, unknown>) => {
    for (const key of Object.keys(values)) delete values[key];
    Object.assign(values, settings);
  };

  it("unset: follows VS Code's display language (English here, Indonesian with an Indonesian one)", () => {
    given({});
    env('en');
    assert.equal(readReportLanguage(), 'en');
    env('id');
    assert.equal(readReportLanguage(), 'id');
  });

  it("'auto' follows monitoringLab.language, and its 'auto' the display language", () => {
    env('en');
    given({ 'monitoringLab.report.language': 'auto', 'monitoringLab.language': 'id' });
    assert.equal(readReportLanguage(), 'id');
    given({ 'monitoringLab.report.language': 'auto', 'monitoringLab.language': 'auto' });
    assert.equal(readReportLanguage(), 'en');
    env('id-ID');
    assert.equal(readReportLanguage(), 'id');
  });

  it('a language set for the report wins over monitoringLab.language; a value that is no language counts as auto', () => {
    env('en');
    given({ 'monitoringLab.report.language': 'en', 'monitoringLab.language': 'id' });
    assert.equal(readReportLanguage(), 'en');
    given({ 'monitoringLab.report.language': 'id', 'monitoringLab.language': 'en' });
    assert.equal(readReportLanguage(), 'id');
    given({ 'monitoringLab.report.language': 'fr', 'monitoringLab.language': 'id' });
    assert.equal(readReportLanguage(), 'id');
  });
});
