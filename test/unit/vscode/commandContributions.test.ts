// package.json and the code agree on commands: activate() (with a stand-in 'vscode') registers exactly the commands
// package.json contributes, all through the one wrapper, and every menu, palette entry, keybinding and welcome link
// names one of them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type FakeVscode, fakeContext, installFakeVscode, uninstallFakeVscode } from './fakeVscode';
import { localizedPackageJson } from '../packageManifest';

const repoRoot = path.resolve(__dirname, '../../../..');
interface Contributes {
  commands: Array<{ command: string; title: string }>;
  menus: Record<string, Array<{ command?: string; submenu?: string }>>;
  keybindings?: Array<{ command: string }>;
  viewsWelcome?: Array<{ contents: string }>;
  views: Record<string, Array<{ id: string }>>;
}
// As VS Code hands it to the extension (context.extension.packageJSON): the %key% texts are package.nls.json's.
const pkg = localizedPackageJson() as { contributes: Contributes };
const contributed = pkg.contributes.commands.map((c) => c.command);

describe('vscode/commands: package.json contributes exactly what activate() registers', function () {
  this.timeout(20_000);
  let fake: FakeVscode;
  let context: Record<string, unknown>;
  let ids: typeof import('../../../src/vscode/commandIds');

  before(() => {
    fake = installFakeVscode(pkg);
    context = fakeContext(pkg);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const extension = require('../../../src/extension') as typeof import('../../../src/extension');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ids = require('../../../src/vscode/commandIds') as typeof import('../../../src/vscode/commandIds');
    extension.activate(context as never);
  });

  after(() => {
    for (const d of (context.subscriptions as Array<{ dispose(): void }>).splice(0)) {
      try {
        d.dispose();
      } catch {
        // A stand-in object may not dispose cleanly; the test is over.
      }
    }
    uninstallFakeVscode();
  });

  it('registers every contributed command, and nothing else', () => {
    assert.deepEqual([...fake.registered.keys()].sort(), [...contributed].sort());
  });

  it('registers only through the wrapper: no other file calls commands.registerCommand', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (e.name.endsWith('.ts')) files.push(full);
      }
    };
    walk(path.join(repoRoot, 'src'));
    assert.ok(files.length > 50, 'src was not read');
    const direct = files.filter((f) => /commands\s*\.\s*registerCommand\b/.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(repoRoot, f));
    assert.deepEqual(direct, [path.join('src', 'vscode', 'registerCommand.ts')]);
  });

  it('names each registered command once in the typed ids (COMMANDS and the scenario descriptors)', () => {
    assert.deepEqual([...ids.ALL_COMMAND_IDS].sort(), [...fake.registered.keys()].sort());
    assert.equal(new Set(ids.ALL_COMMAND_IDS).size, ids.ALL_COMMAND_IDS.length, 'an id is listed twice');
  });

  it('contributes each command once, with a title', () => {
    assert.equal(new Set(contributed).size, contributed.length);
    for (const c of pkg.contributes.commands) assert.ok(c.title.trim(), `${c.command} has no title`);
  });

  it('registers through the wrapper: a failing handler becomes one message and one log line, not a rejected command', async () => {
    // Stop All Scenarios without a reachable engine (the stand-in settings name no lab folder): it must fail visibly.
    fake.shown.length = 0;
    fake.log.length = 0;
    const handler = fake.registered.get(ids.COMMANDS.openInBrowser)!;
    await handler({ service: 'node-exporter' });
    assert.equal(fake.shown.length, 1, JSON.stringify(fake.shown));
    assert.equal(fake.shown[0]!.severity, 'error');
    assert.equal(fake.shown[0]!.text, 'Monitoring Lab: Open in Browser failed: node-exporter has no web page to open.');
    const lines = fake.log.filter((l) => l.includes('command monitoringLab.openInBrowser'));
    assert.equal(lines.length, 1, fake.log.join('\n'));
    assert.match(lines[0]!, /^error command monitoringLab\.openInBrowser failed in \d+ ms: Error: node-exporter has no web page/);
  });

  it('logs a successful invocation as done, with its duration', async () => {
    fake.log.length = 0;
    await fake.registered.get(ids.COMMANDS.showAlertEvidence)!();
    assert.deepEqual(
      fake.log.filter((l) => l.includes('command ')).map((l) => l.replace(/\d+ ms/, 'N ms')),
      ['info command monitoringLab.alerts.showEvidence done in N ms'],
    );
  });

  it('every menu, palette entry, keybinding and welcome link names a contributed command or a view focus', () => {
    const views = Object.values(pkg.contributes.views)
      .flat()
      .map((v) => `${v.id}.focus`);
    const known = new Set([...contributed, ...views]);
    const named: string[] = [];
    for (const [menu, entries] of Object.entries(pkg.contributes.menus)) for (const e of entries) if (e.command) named.push(`${menu}: ${e.command}`);
    for (const k of pkg.contributes.keybindings ?? []) named.push(`keybindings: ${k.command}`);
    for (const w of pkg.contributes.viewsWelcome ?? []) for (const m of w.contents.matchAll(/\(command:([\w.]+)/g)) named.push(`viewsWelcome: ${m[1]}`);
    assert.ok(named.length > 20, 'the menus were not read');
    const unknown = named.filter((n) => !known.has(n.split(': ')[1]!));
    assert.deepEqual(unknown, []);
    for (const id of Object.values(ids.VIEW_FOCUS_COMMANDS)) assert.ok(views.includes(id), `${id} is not the focus command of a contributed view`);
  });

  it('the Stack view shows Start or Stop, never both; Kibana and Grafana commands only in the full profile', () => {
    const title = pkg.contributes.menus['view/title'] as Array<{ command: string; when: string }>;
    assert.match(title.find((e) => e.command === ids.COMMANDS.start)!.when, /(^|&& )!monitoringLab\.running($| &&)/);
    assert.match(title.find((e) => e.command === ids.COMMANDS.stop)!.when, /(^|&& )monitoringLab\.running($| &&)/);
    const all = Object.entries(pkg.contributes.menus).flatMap(([menu, entries]) =>
      entries.map((e) => ({ menu, ...(e as { command: string; when?: string }) })),
    );
    for (const id of [ids.COMMANDS.openKibanaDiscover, ids.COMMANDS.openGrafana, ids.COMMANDS.copyGrafanaPassword]) {
      const entries = all.filter((e) => e.command === id);
      assert.ok(
        entries.some((e) => e.menu === 'commandPalette'),
        `${id} has no palette entry`,
      );
      for (const e of entries) assert.match(e.when ?? '', /monitoringLab\.profile == full/, `${e.menu}: ${id}`);
    }
  });
});
