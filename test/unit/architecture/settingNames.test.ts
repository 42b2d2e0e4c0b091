// Every string in src that names a `monitoringLab.…` id names something that exists: a setting of the schema (or a
// section of settings), a command, a view, a webview panel, or one of the few other ids listed below. A message
// that tells the user to change a setting therefore always names one the Settings editor shows.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import { SETTING_IDS, isSettingId } from '../../../src/core/config/settingsSchema';

const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** Ids that are neither settings nor contributed by package.json, each with what it is. */
const OTHER_IDS: Record<string, string> = {
  'monitoringLab.running': 'context key (src/vscode/labSession.ts)',
  'monitoringLab.profile': 'context key, and the setting it mirrors',
  'monitoringLab.labState': 'context key (src/vscode/labSession.ts)',
  'monitoringLab.engineUnreachable': 'context key',
  'monitoringLab.settingsInvalid': 'context key',
  'monitoringLab.walkthrough': "prefix of the walkthrough's context keys (src/vscode/walkthroughProgress.ts)",
  'monitoringLab.scenarioRecords': 'globalState key',
  'monitoringLab.grafanaAdminPassword': 'SecretStorage key',
  'monitoringLab.secret': "prefix of attach mode's SecretStorage keys (src/vscode/attachCredentials.ts)",
  'monitoringLab.status': 'status bar item id',
  'monitoringLab.alert.active': 'tree item contextValue',
  'monitoringLab.alert.cleared': 'tree item contextValue',
};

function listTs(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listTs(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every `monitoringLab.x.y` inside a string or template literal (comments do not count). */
function namedIds(file: string): Array<{ id: string; line: number }> {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: Array<{ id: string; line: number }> = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      for (const match of node.text.matchAll(/monitoringLab\.[A-Za-z][\w.-]*/g)) {
        found.push({ id: match[0].replace(/[.-]+$/, ''), line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function contributedIds(): Set<string> {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    activationEvents?: string[];
    contributes: {
      commands?: Array<{ command: string }>;
      views?: Record<string, Array<{ id: string }>>;
      viewsContainers?: Record<string, Array<{ id: string }>>;
    };
  };
  const ids = new Set<string>();
  for (const c of pkg.contributes.commands ?? []) ids.add(c.command);
  for (const views of Object.values(pkg.contributes.views ?? {})) for (const v of views) ids.add(v.id).add(`${v.id}.focus`);
  for (const containers of Object.values(pkg.contributes.viewsContainers ?? {})) for (const c of containers) ids.add(c.id);
  for (const event of pkg.activationEvents ?? []) if (event.startsWith('onWebviewPanel:')) ids.add(event.slice('onWebviewPanel:'.length));
  return ids;
}

describe('architecture: names of settings in src', () => {
  it('every monitoringLab.… string names an existing setting, command, view or listed id', () => {
    const contributed = contributedIds();
    const known = (id: string) => isSettingId(id) || SETTING_IDS.some((s) => s.startsWith(`${id}.`)) || contributed.has(id) || id in OTHER_IDS;
    const files = listTs(path.join(REPO_ROOT, 'src'));
    const unknown = files.flatMap((file) =>
      namedIds(file)
        .filter(({ id }) => !known(id))
        .map(({ id, line }) => `${path.relative(REPO_ROOT, file)}:${line} ${id}`),
    );
    assert.deepEqual(unknown, [], 'not a setting of src/core/config/settingsSchema.ts (nor a command, view or id listed in this test)');
  });

  it('the scan finds the names it must judge (a message naming a removed setting would be caught)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlab-names-'));
    try {
      const probe = path.join(dir, 'probe.ts');
      fs.writeFileSync(
        probe,
        "// monitoringLab.inAComment\nconst m = `the folder (setting monitoringLab.labDirectory)`;\nconst p = 'monitoringLab.ports.app';\nconst t = `${m} monitoringLab.secrets.adminToken.`;\n",
      );
      assert.deepEqual(
        namedIds(probe).map((f) => f.id),
        ['monitoringLab.labDirectory', 'monitoringLab.ports.app', 'monitoringLab.secrets.adminToken'],
      );
      assert.equal(isSettingId('monitoringLab.labDirectory'), false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
