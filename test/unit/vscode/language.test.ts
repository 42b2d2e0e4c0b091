// monitoringLab.language in the editor: read at activation, resolved against VS Code's display language, applied
// to the one catalogue, and applied again on a change (re-rendering only when the language really switched).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { t, useLanguage } from '../../../src/core/l10n';
import { type FakeVscode, installFakeVscode, uninstallFakeVscode } from './fakeVscode';

const ROOT = path.resolve(__dirname, '../../../..');

describe('vscode: the language setting', () => {
  let fake: FakeVscode;
  let language: typeof import('../../../src/vscode/language');
  let setting: string | undefined;
  let listeners: Array<(e: { affectsConfiguration(section: string): boolean }) => void>;
  const env = () => fake.module.env as Record<string, unknown>;

  before(() => {
    fake = installFakeVscode({});
    const workspace = fake.module.workspace as Record<string, unknown>;
    workspace.getConfiguration = (section?: string) => ({
      get: (key: string, fallback?: unknown) => (section === 'monitoringLab' && key === 'language' && setting !== undefined ? setting : fallback),
    });
    workspace.onDidChangeConfiguration = (listener: (e: { affectsConfiguration(section: string): boolean }) => void) => {
      listeners.push(listener);
      return { dispose: () => undefined };
    };
    // Loaded fresh: another suite may have loaded it against its own fake 'vscode'.
    delete require.cache[require.resolve('../../../src/vscode/language')];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    language = require('../../../src/vscode/language') as typeof import('../../../src/vscode/language');
  });

  beforeEach(() => {
    setting = undefined;
    listeners = [];
    env().language = 'en';
  });

  after(() => {
    useLanguage('en');
    uninstallFakeVscode();
  });

  const context = (extensionPath = ROOT) => ({ extensionPath, subscriptions: [] as unknown[] }) as unknown as import('vscode').ExtensionContext;
  const change = (section: string) => listeners.forEach((l) => l({ affectsConfiguration: (s) => section === s || section.startsWith(`${s}.`) }));

  it("'id' speaks Indonesian at once; a change to 'en' switches back and re-renders once", () => {
    setting = 'id';
    let rerenders = 0;
    assert.equal(
      language.registerLanguage(
        context(),
        () => undefined,
        () => rerenders++,
      ),
      'id',
    );
    assert.equal(t('Retry'), 'Coba Lagi');
    setting = 'en';
    change('monitoringLab.language');
    assert.equal(t('Retry'), 'Retry');
    assert.equal(rerenders, 1);
  });

  it("a change that leaves the language as it was re-renders nothing; other extensions' settings are ignored", () => {
    setting = 'id';
    let rerenders = 0;
    language.registerLanguage(
      context(),
      () => undefined,
      () => rerenders++,
    );
    change('monitoringLab.profile');
    setting = 'en';
    change('editor.fontSize');
    assert.equal(rerenders, 0);
    assert.equal(t('Retry'), 'Coba Lagi');
  });

  it("'auto' follows VS Code's display language", () => {
    env().language = 'id';
    assert.equal(
      language.applyLanguage(ROOT, () => undefined),
      'id',
    );
    env().language = 'de';
    assert.equal(
      language.applyLanguage(ROOT, () => undefined),
      'en',
    );
  });

  it("in Indonesian a failure's button is shown translated and, pressed, does what it says", async () => {
    useLanguage('id', path.join(ROOT, 'l10n'));
    delete require.cache[require.resolve('../../../src/vscode/registerCommand')];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const commands = require('../../../src/vscode/registerCommand') as typeof import('../../../src/vscode/registerCommand');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { EngineUnreachableError } = require('../../../src/core/docker/client') as typeof import('../../../src/core/docker/client');
    commands.initCommands({ output: (fake.module.window as { createOutputChannel(): import('vscode').LogOutputChannel }).createOutputChannel() });
    fake.shown.length = 0;
    fake.executed.length = 0;
    fake.answer = 'Coba Lagi';
    const registration = commands.registerCommand('monitoringLab.refresh', () => {
      throw new EngineUnreachableError('Docker is not running', 'not-running');
    });
    try {
      await fake.registered.get('monitoringLab.refresh')!();
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(
        fake.shown.map((m) => m.items),
        [['Coba Lagi']],
      );
      assert.deepEqual(
        fake.executed.map((e) => e.id),
        ['monitoringLab.refresh'],
        'the Indonesian Retry button did not run Refresh',
      );
    } finally {
      fake.answer = undefined;
      registration.dispose();
    }
  });

  it('a missing bundle falls back to English and logs why', () => {
    setting = 'id';
    const lines: string[] = [];
    assert.equal(
      language.applyLanguage(path.join(ROOT, 'no-such-extension'), (line) => lines.push(line)),
      'en',
    );
    assert.equal(t('Retry'), 'Retry');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /bundle\.l10n\.id\.json/);
  });
});
