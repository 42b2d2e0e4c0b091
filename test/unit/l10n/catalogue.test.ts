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

const isLiteral = (node: ts.Node | undefined): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral =>
  !!node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node));

/**
 * The bundle key of a sentence argument, as @vscode/l10n computes it: the literal sentence, or for
 * `{ message, comment }` the message and the comment joined by "/"; undefined when it is not written literally.
 */
export function sentenceKey(node: ts.Expression | undefined): string | undefined {
  if (isLiteral(node)) return node.text;
  if (!node || !ts.isObjectLiteralExpression(node)) return undefined;
  const property = (name: string) =>
    node.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name)?.initializer;
  const message = property('message');
  const comment = property('comment');
  if (!isLiteral(message)) return undefined;
  if (comment === undefined) return message.text;
  const parts = isLiteral(comment) ? [comment] : ts.isArrayLiteralExpression(comment) ? comment.elements : undefined;
  if (!parts?.every(isLiteral)) return undefined;
  const joined = parts.map((p) => (p as ts.StringLiteral).text).join('');
  return joined ? `${message.text}/${joined}` : message.text;
}

/**
 * Every sentence a file says, with its line: t('…') / l10n.t('…') (the process's language) and tIn(lang, '…')
 * (a language chosen per call, the lab report's), each also in the `{ message, comment }` form. A call whose
 * sentence is not a literal is listed apart.
 */
export function sentencesOf(fileName: string, text: string): { keys: Array<[string, number]>; dynamic: number[] } {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const keys: Array<[string, number]> = [];
  const dynamic: number[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isT =
        (ts.isIdentifier(callee) && callee.text === 't') ||
        (ts.isPropertyAccessExpression(callee) && callee.name.text === 't' && /^(l10n|vscode\.l10n)$/.test(callee.expression.getText()));
      const isTIn = ts.isIdentifier(callee) && callee.text === 'tIn';
      if (isT || isTIn) {
        const key = sentenceKey(node.arguments[isTIn ? 1 : 0]);
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        if (key === undefined) dynamic.push(line);
        else keys.push([key, line]);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { keys, dynamic };
}

/** Every sentence the code says (src/, the pages), with where it first is. */
export function catalogueKeys(): { keys: Map<string, string>; dynamic: string[] } {
  const keys = new Map<string, string>();
  const dynamic: string[] = [];
  for (const file of SCANNED.flatMap((d) => sourceFiles(path.join(ROOT, d)))) {
    if (file.endsWith(path.join('core', 'l10n', 'index.ts')) || file.endsWith(path.join('core', 'l10n', 'translate.ts'))) continue;
    const rel = path.relative(ROOT, file);
    const found = sentencesOf(rel, fs.readFileSync(file, 'utf8'));
    for (const [key, line] of found.keys) if (!keys.has(key)) keys.set(key, `${rel}:${line}`);
    dynamic.push(...found.dynamic.map((line) => `${rel}:${line}`));
  }
  return { keys, dynamic };
}

const placeholders = (s: string) => [...s.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]).sort();

describe('l10n: the string catalogue', () => {
  const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.id.json'), 'utf8')) as Record<string, string>;
  const { keys, dynamic } = catalogueKeys();

  it('every t() and tIn() call passes its sentence as a literal (the catalogue can only check what it can read)', () => {
    assert.deepEqual(dynamic, []);
  });

  it('reads every call shape: t(), l10n.t(), tIn(lang, …), each with a literal or { message, comment }', () => {
    const sample = [
      "t('Lab started.'); vscode.l10n.t('Open {0}', x); l10n.t({ message: 'Stop', comment: 'button' });",
      "tIn(lang, 'Range'); tIn(L, '{n} s', { n }); tIn(L, { message: 'none', comment: 'report: a cell', args: [] });",
      "tIn(L, { message: 'High CPU', comment: ['rule', ' name'] }); tIn(L, { message: 'Fired', comment: '' });",
      'tIn(L, sentence); t(`x ${y}`); tIn(L, { message: m, comment: "c" }); other(L, \'not a sentence\');',
    ].join('\n');
    assert.deepEqual(sentencesOf('sample.ts', sample), {
      keys: [
        ['Lab started.', 1],
        ['Open {0}', 1],
        ['Stop/button', 1],
        ['Range', 2],
        ['{n} s', 2],
        ['none/report: a cell', 2],
        ['High CPU/rule name', 3],
        ['Fired', 3],
      ],
      dynamic: [4, 4, 4],
    });
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
