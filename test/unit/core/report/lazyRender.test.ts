// The report's renderers are a bundle of their own (dist/lazy/reportRender.js, from src/core/report/render.ts), which
// carries a copy of every module they import. A copy of a module with process state would be a second, unconfigured
// one: the renderers take their sentences from the stateless l10n/translate.ts (tIn), never from l10n/index.ts
// (t(), whose language useLanguage() sets for the process). The chart and scenario modules the charts borrow do
// import l10n/index.ts, for functions the renderers never call (the bundler drops them).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../../../..');

/** The files a module loads at run time (type-only imports are erased), followed through relative imports: file → its imports. */
function runtimeGraph(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (rel: string) => {
    if (seen.has(rel)) return;
    const imports: string[] = [];
    seen.set(rel, imports);
    const source = ts.createSourceFile(rel, fs.readFileSync(path.join(ROOT, rel), 'utf8'), ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      let specifier: ts.Expression | undefined;
      if (ts.isImportDeclaration(statement)) {
        const clause = statement.importClause;
        const typeOnly =
          clause?.isTypeOnly ||
          (clause &&
            !clause.name &&
            clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly));
        if (!typeOnly) specifier = statement.moduleSpecifier;
      } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) specifier = statement.moduleSpecifier;
      if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
      const base = path.join(path.dirname(rel), specifier.text);
      const file = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(path.join(ROOT, f)));
      assert.ok(file, `${rel}: cannot resolve ${specifier.text}`);
      imports.push(file.split(path.sep).join('/'));
      visit(file.split(path.sep).join('/'));
    }
  };
  visit(entry);
  return seen;
}

describe("report: the renderers' own bundle", () => {
  const graph = runtimeGraph('src/core/report/render.ts');

  it('the renderers say their sentences through tIn (l10n/translate.ts), never through the process-wide t() (l10n/index.ts)', () => {
    const reportModules = [...graph.keys()].filter((f) => f.startsWith('src/core/report/'));
    assert.deepEqual(reportModules.sort(), [
      'src/core/report/charts.ts',
      'src/core/report/document.ts',
      'src/core/report/escape.ts',
      'src/core/report/html.ts',
      'src/core/report/markdown.ts',
      'src/core/report/render.ts',
    ]);
    for (const file of ['src/core/report/document.ts', 'src/core/report/html.ts', 'src/core/report/markdown.ts'])
      assert.ok(graph.get(file)!.includes('src/core/l10n/translate.ts'), `${file} imports ${graph.get(file)!.join(', ')}`);
    const statefulImporters = [...graph].filter(([f, imports]) => imports.includes('src/core/l10n/index.ts') && /^src\/core\/(report|l10n)\//.test(f));
    assert.deepEqual(statefulImporters, []);
    assert.deepEqual(graph.get('src/core/l10n/translate.ts'), [], 'translate.ts imports nothing of the project');
  });
});
