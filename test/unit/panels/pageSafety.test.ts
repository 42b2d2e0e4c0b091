// Static guards over the webview sources and stylesheet: they fail when someone reaches for innerHTML
// (log data is attacker-controlled) or hard-codes a colour (the panels must follow the theme).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../../..');

function filesUnder(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full, ext) : e.name.endsWith(ext) ? [full] : [];
  });
}

/** Source text without comments, so a comment that explains the rule does not trip it. */
function code(file: string): string {
  return fs
    .readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1');
}

describe('panels: page safety (static)', () => {
  const pageFiles = [...filesUnder(path.join(repoRoot, 'media/webview'), '.ts'), ...filesUnder(path.join(repoRoot, 'src/shared'), '.ts')];

  it('finds the page sources', () => {
    assert.ok(
      pageFiles.some((f) => f.endsWith(path.join('securityEvents', 'main.ts'))),
      pageFiles.join('\n'),
    );
  });

  it('never builds DOM from strings (innerHTML, outerHTML, insertAdjacentHTML, document.write, eval)', () => {
    const forbidden = /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\s*\(|new Function\s*\(|createContextualFragment)\b/;
    const offenders = pageFiles.filter((f) => forbidden.test(code(f))).map((f) => path.relative(repoRoot, f));
    assert.deepEqual(offenders, []);
  });

  it('the guard itself catches innerHTML', () => {
    const forbidden = /\b(innerHTML)\b/;
    assert.ok(forbidden.test('row.innerHTML = user;'));
  });

  it('uses theme variables only: no hex, rgb(), hsl() or named colours in the stylesheet', () => {
    const css = fs.readFileSync(path.join(repoRoot, 'media/panels.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    const literal = /#[0-9a-f]{3,8}\b|\b(rgba?|hsla?)\s*\(|:\s*(white|black|red|green|blue|gray|grey|yellow|orange)\b/i;
    const lines = css.split('\n').filter((l) => literal.test(l));
    assert.deepEqual(lines, []);
    assert.ok((css.match(/var\(--vscode-/g) ?? []).length > 20, 'expected theme variables throughout');
  });
});
