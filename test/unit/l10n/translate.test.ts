// tIn(lang, …): the catalogue in a language chosen per call (the lab report's), whatever the process speaks. Same
// bundle and the same formatting as t() (@vscode/l10n), checked sentence by sentence against it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { t, useLanguage } from '../../../src/core/l10n';
import { formatMessage, messageParts, tIn } from '../../../src/core/l10n/translate';

const ROOT = path.resolve(__dirname, '../../../..');
const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.id.json'), 'utf8')) as Record<string, string>;
const names = (s: string) => [...new Set([...s.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!))];

describe('l10n: tIn, the catalogue in a language chosen per call', () => {
  afterEach(() => useLanguage('en'));

  it('a translation carries exactly the markup its English sentence has: the report trusts sentences as text (only values are escaped)', () => {
    // What would turn a sentence into a link, an image, HTML, code or emphasis in report.md or the editor's Markdown.
    const marks = ['<', '>', '](', '![', '`', '*', '#', '|'];
    // (A key with a comment, "message/comment", has none of these in its comment.)
    for (const [key, value] of Object.entries(bundle)) {
      for (const mark of marks) assert.equal(value.split(mark).length, key.split(mark).length, `${JSON.stringify(mark)} in ${JSON.stringify(value)}`);
    }
  });

  for (const lang of ['en', 'id'] as const) {
    it(`${lang}: every sentence of the bundle comes out as t() says it in ${lang}, with named, positional and no values`, () => {
      assert.equal(useLanguage(lang).language, lang);
      let checked = 0;
      for (const key of Object.keys(bundle)) {
        const named = Object.fromEntries(names(key).map((n, i) => [n, i % 2 ? i : `<${n} {0}>`]));
        const positional = names(key).map((n, i) => (i % 2 ? i : `<${n}>`));
        assert.equal(tIn(lang, key, named), t(key, named), key);
        assert.equal(tIn(lang, key, ...positional), t(key, ...positional), key);
        assert.equal(tIn(lang, key), t(key), key);
        const slash = key.lastIndexOf('/');
        if (slash > 0) {
          const form = { message: key.slice(0, slash), comment: key.slice(slash + 1), args: named };
          assert.equal(tIn(lang, form), t(form), key);
        }
        checked++;
      }
      assert.ok(checked > 600, `${checked} sentences`);
      // The Indonesian is the bundle's, not the English key.
      if (lang === 'id') assert.equal(tIn('id', 'Evidence'), bundle['Evidence']);
    });
  }

  it("follows its own argument, not the process's language, both ways", () => {
    useLanguage('en');
    assert.equal(tIn('id', '{0} of {1} shown', 3, 7), '3 dari 7 ditampilkan');
    assert.equal(t('{0} of {1} shown', 3, 7), '3 of 7 shown');
    useLanguage('id');
    assert.equal(tIn('en', '{0} of {1} shown', 3, 7), '3 of 7 shown');
    assert.equal(t('{0} of {1} shown', 3, 7), '3 dari 7 ditampilkan');
  });

  it('a sentence with a comment has its own translation: the same English, another key', () => {
    assert.equal(tIn('id', { message: 'none', comment: 'report: an empty list or cell' }), 'tidak ada');
    assert.equal(tIn('id', 'none'), bundle['none']);
    assert.notEqual(bundle['none'], 'tidak ada');
    assert.equal(tIn('en', { message: 'none', comment: 'report: an empty list or cell' }), 'none');
  });

  it('fills placeholders as @vscode/l10n does: a missing value leaves the placeholder, a value is never read again', () => {
    assert.equal(formatMessage('{a} and {b}', { a: '{b}' }), '{b} and {b}');
    assert.equal(formatMessage('{0} of {1}', ['x']), 'x of {1}');
    assert.equal(formatMessage('{a}', {}), '{a}');
    assert.equal(formatMessage('{n} s', { n: 0 }), '0 s');
    assert.equal(t('{a} and {b}', { a: '{b}' }), '{b} and {b}');
  });

  it('gives the pieces apart: the template text, and each value (so a renderer escapes them differently)', () => {
    assert.deepEqual(messageParts('a {x} b {y} `c`', { x: '<1>' }), [{ text: 'a ' }, { value: '<1>' }, { text: ' b {y} `c`' }]);
    assert.deepEqual(messageParts('{x}{x}', { x: '' }), [{ value: '' }, { value: '' }]);
    assert.deepEqual(messageParts('plain', {}), [{ text: 'plain' }]);
  });
});
