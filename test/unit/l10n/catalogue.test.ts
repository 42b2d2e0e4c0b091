// The string catalogue: every sentence the code passes to t() has its Indonesian translation in
// l10n/bundle.l10n.id.json, the bundle holds no sentence the code no longer says, and each translation keeps the
// placeholders of its English sentence (a lost "{0}" would drop a number from the message).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { formatNumber, resolveLanguage, t, useLanguage } from '../../../src/core/l10n';

const ROOT = path.resolve(__dirname, '../../../..');
const SCANNED = ['src', 'media/webview'];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Every t('…') / l10n.t('…') call's sentence, with where it is; a t() whose first argument is not a literal is listed apart. */
export function catalogueKeys(): { keys: Map<string, string>; dynamic: string[] } {
  const keys = new Map<string, string>();
  const dynamic: string[] = [];
  for (const file of SCANNED.flatMap((d) => sourceFiles(path.join(ROOT, d)))) {
    if (file.endsWith(path.join('core', 'l10n', 'index.ts'))) continue;
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const isT =
          (ts.isIdentifier(callee) && callee.text === 't') ||
          (ts.isPropertyAccessExpression(callee) &&
            callee.name.text === 't' &&
            ts.isIdentifier(callee.expression) &&
            /^(l10n|vscode\.l10n)$/.test(callee.expression.text));
        if (isT) {
          const first = node.arguments[0];
          const where = `${path.relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
          if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
            if (!keys.has(first.text)) keys.set(first.text, where);
          } else dynamic.push(where);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { keys, dynamic };
}

const placeholders = (s: string) => [...s.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]).sort();

describe('l10n: the string catalogue', () => {
  const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.id.json'), 'utf8')) as Record<string, string>;
  const { keys, dynamic } = catalogueKeys();

  it('every t() call passes its sentence as a literal (the catalogue can only check what it can read)', () => {
    assert.deepEqual(dynamic, []);
  });

  it('every sentence the code says has an Indonesian translation', () => {
    const missing = [...keys].filter(([k]) => typeof bundle[k] !== 'string' || bundle[k]!.trim() === '').map(([k, where]) => `${where}: ${JSON.stringify(k)}`);
    assert.deepEqual(missing, []);
  });

  it('the Indonesian bundle holds no sentence the code no longer says', () => {
    assert.deepEqual(
      Object.keys(bundle).filter((k) => !keys.has(k)),
      [],
    );
  });

  it("each translation keeps its sentence's placeholders", () => {
    const broken = Object.entries(bundle)
      .filter(([k, v]) => JSON.stringify(placeholders(k)) !== JSON.stringify(placeholders(v)))
      .map(([k, v]) => `${k} → ${v}`);
    assert.deepEqual(broken, []);
  });

  it('switches language for the whole process: Indonesian from the bundle, English without one; numbers through Intl', () => {
    const [sentence, translation] = Object.entries(bundle)[0] ?? [];
    try {
      assert.equal(useLanguage('id', path.join(ROOT, 'l10n')).language, 'id');
      if (sentence) assert.equal(t(sentence, ...placeholders(sentence).map(() => 'X')), translation!.replace(/\{[A-Za-z0-9_]+\}/g, 'X'));
      assert.equal(formatNumber(1234.5, 1), '1.234,5');
      useLanguage('en');
      if (sentence) assert.equal(t(sentence, ...placeholders(sentence).map(() => 'X')), sentence.replace(/\{[A-Za-z0-9_]+\}/g, 'X'));
      assert.equal(formatNumber(1234.5, 1), '1,234.5');
    } finally {
      useLanguage('en');
    }
  });

  it('resolves the language: the setting wins; auto follows the locale (id, id-ID, in, id_ID.UTF-8); anything else is English', () => {
    assert.equal(resolveLanguage('id', 'en-US'), 'id');
    assert.equal(resolveLanguage('en', 'id'), 'en');
    for (const locale of ['id', 'id-ID', 'in', 'id_ID.UTF-8']) assert.equal(resolveLanguage('auto', locale), 'id', locale);
    for (const locale of ['en-US', 'de', 'idx', undefined, '']) assert.equal(resolveLanguage('auto', locale), 'en', String(locale));
  });

  it('a missing bundle falls back to English and says which file', () => {
    const outcome = useLanguage('id', path.join(ROOT, 'no-such-folder'));
    assert.equal(outcome.language, 'en');
    assert.match(outcome.problem ?? '', /bundle\.l10n\.id\.json/);
  });
});
