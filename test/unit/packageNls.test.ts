// package.json's texts in English and Indonesian: every user-visible string of the contributions is a %key%
// reference, each key is in package.nls.json and package.nls.id.json (and neither holds a key package.json does not
// use), the Indonesian texts keep their placeholders and command links, the Indonesian walkthrough media exist, and
// the package ships all of it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MANIFEST_LANGUAGES, REPO_ROOT, type Nls, localize, nlsFile, rawPackageJson, readNls, referenceKey, references } from './packageManifest';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string };
}
interface Contributes {
  commands: Array<{ title: string; category?: string }>;
  viewsContainers: Record<string, Array<{ title: string }>>;
  views: Record<string, Array<{ name: string; contextualTitle?: string }>>;
  viewsWelcome: Array<{ contents: string }>;
  walkthroughs: Array<{ id: string; title: string; description: string; steps: Step[] }>;
  configuration: Array<{ title: string; properties: Record<string, Record<string, unknown>> }>;
}

const pkg = rawPackageJson() as { description: string; contributes: Contributes };
const nls: Record<(typeof MANIFEST_LANGUAGES)[number], Nls> = { en: readNls('en'), id: readNls('id') };
const used = new Set(references(pkg).map((r) => r.key));

/** Every text of package.json a user sees (VS Code shows them in its UI), with where it is. */
function userVisibleTexts(): Array<[string, unknown]> {
  const c = pkg.contributes;
  const texts: Array<[string, unknown]> = [['description', pkg.description]];
  c.commands.forEach((x, i) => texts.push([`commands[${i}].title`, x.title], [`commands[${i}].category`, x.category]));
  for (const [where, list] of Object.entries(c.viewsContainers)) list.forEach((x, i) => texts.push([`viewsContainers.${where}[${i}].title`, x.title]));
  for (const [where, list] of Object.entries(c.views)) {
    list.forEach((x, i) =>
      texts.push(
        [`views.${where}[${i}].name`, x.name],
        ...(x.contextualTitle !== undefined ? [[`views.${where}[${i}].contextualTitle`, x.contextualTitle] as [string, unknown]] : []),
      ),
    );
  }
  c.viewsWelcome.forEach((x, i) => texts.push([`viewsWelcome[${i}].contents`, x.contents]));
  for (const w of c.walkthroughs) {
    texts.push([`walkthroughs.${w.id}.title`, w.title], [`walkthroughs.${w.id}.description`, w.description]);
    for (const s of w.steps)
      texts.push([`${w.id}.${s.id}.title`, s.title], [`${w.id}.${s.id}.description`, s.description], [`${w.id}.${s.id}.media.markdown`, s.media.markdown]);
  }
  for (const section of c.configuration) {
    texts.push([`configuration ${section.title}`, section.title]);
    for (const [id, p] of Object.entries(section.properties)) {
      for (const field of ['description', 'markdownDescription', 'patternErrorMessage']) if (p[field] !== undefined) texts.push([`${id}.${field}`, p[field]]);
      ((p.enumDescriptions as unknown[] | undefined) ?? []).forEach((d, i) => texts.push([`${id}.enumDescriptions[${i}]`, d]));
      const additional = p.additionalProperties as { patternErrorMessage?: string } | undefined;
      if (additional?.patternErrorMessage !== undefined) texts.push([`${id}.additionalProperties.patternErrorMessage`, additional.patternErrorMessage]);
    }
  }
  return texts;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const commandLinks = (s: string) => [...s.matchAll(/\]\((command:[^)\s]+)\)/g)].map((m) => m[1]).sort();
const settingLinks = (s: string) => [...s.matchAll(/`#([\w.]+)#`/g)].map((m) => m[1]).sort();

/** Texts that are the same in both languages: product names, language names, words Indonesian borrows. */
const SAME_IN_INDONESIAN = new Set([
  'productName',
  'view.stack.name',
  'config.category.lab',
  'config.language.enumDescriptions.en',
  'config.language.enumDescriptions.id',
  'config.report.language.enumDescriptions.en',
  'config.report.language.enumDescriptions.id',
]);

describe('package.json in English and Indonesian (package.nls.json, package.nls.id.json)', () => {
  it('every text a user sees is a %key% reference (a literal would show in English only)', () => {
    const texts = userVisibleTexts();
    assert.ok(texts.length > 150, `only ${texts.length} texts were found: the walk missed parts of package.json`);
    assert.deepEqual(
      texts.filter(([, text]) => referenceKey(text) === undefined).map(([where, text]) => `${where}: ${JSON.stringify(text)}`),
      [],
    );
  });

  for (const lang of MANIFEST_LANGUAGES) {
    it(`${nlsFile(lang)} has a text for every key package.json uses, and no key it does not use`, () => {
      const missing = [...used].filter((key) => typeof nls[lang][key] !== 'string' || nls[lang][key]!.trim() === '');
      assert.deepEqual(missing, [], `missing in ${nlsFile(lang)}`);
      assert.deepEqual(
        Object.keys(nls[lang]).filter((key) => !used.has(key)),
        [],
        `unused in ${nlsFile(lang)}`,
      );
    });
  }

  it("each Indonesian text keeps its English text's placeholders, command links and setting links", () => {
    for (const key of used) {
      const en = nls.en[key]!;
      const id = nls.id[key]!;
      assert.deepEqual(placeholders(id), placeholders(en), `${key}: placeholders`);
      assert.deepEqual(commandLinks(id), commandLinks(en), `${key}: command links`);
      assert.deepEqual(settingLinks(id), settingLinks(en), `${key}: setting links`);
    }
  });

  it('the Indonesian texts are translated, not copied', () => {
    const copied = [...used].filter((key) => !SAME_IN_INDONESIAN.has(key) && !key.endsWith('.media') && nls.id[key] === nls.en[key]);
    assert.deepEqual(copied, []);
    for (const key of SAME_IN_INDONESIAN) assert.ok(used.has(key), `${key} is listed as the same in Indonesian but package.json does not use it`);
  });

  it('every walkthrough step has its media in both languages: the Indonesian file exists, under media/walkthrough/id/, for the same step', () => {
    for (const w of pkg.contributes.walkthroughs) {
      for (const step of w.steps) {
        const key = referenceKey(step.media.markdown);
        assert.ok(key, `${step.id}: media.markdown is not a %key% reference, so it cannot differ per language`);
        const en = nls.en[key]!;
        const id = nls.id[key]!;
        assert.match(en, /^media\/walkthrough\/[\w-]+\.md$/, `${step.id}: English media`);
        assert.equal(id, en.replace(/^media\/walkthrough\//, 'media/walkthrough/id/'), `${step.id}: Indonesian media`);
        for (const file of [en, id]) assert.ok(fs.existsSync(path.join(REPO_ROOT, file)), `${step.id}: ${file} does not exist`);
        const enText = fs.readFileSync(path.join(REPO_ROOT, en), 'utf8');
        const idText = fs.readFileSync(path.join(REPO_ROOT, id), 'utf8');
        assert.notEqual(idText, enText, `${id} is not translated`);
        assert.deepEqual(commandLinks(idText), commandLinks(enText), `${id}: command links`);
      }
    }
    const idMedia = fs.readdirSync(path.join(REPO_ROOT, 'media', 'walkthrough', 'id'));
    const usedMedia = pkg.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => path.basename(nls.id[referenceKey(s.media.markdown)!]!)));
    assert.deepEqual(
      idMedia.filter((f) => !usedMedia.includes(f)),
      [],
      'Indonesian media no step uses',
    );
  });

  it('localizing resolves every reference: the manifest in Indonesian holds no %key% left', () => {
    const shown = localize(pkg, { ...nls.en, ...nls.id });
    assert.deepEqual(references(shown), []);
    assert.equal(
      (shown as typeof pkg).contributes.walkthroughs[0]!.steps.find((s) => s.id === 'startLab')!.media.markdown,
      'media/walkthrough/id/start-lab.md',
    );
  });

  it('the package ships the texts: .vscodeignore keeps package.nls*.json and the walkthrough media, check-vsix allows and requires them', () => {
    const ignore = fs.readFileSync(path.join(REPO_ROOT, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^!package\.nls\.json$/m);
    assert.match(ignore, /^!package\.nls\.\*\.json$/m);
    assert.match(ignore, /^!media\/walkthrough\/\*\*$/m);
    const check = fs.readFileSync(path.join(REPO_ROOT, 'scripts', 'check-vsix.mjs'), 'utf8');
    for (const file of ['extension/package.nls.json', 'extension/package.nls.id.json', 'extension/media/walkthrough/id/start-lab.md'])
      assert.ok(check.includes(`'${file}'`), `check-vsix does not require ${file}`);
  });
});
