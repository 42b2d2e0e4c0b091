// No text a user reads in the editor layer bypasses the catalogue: a string or template literal with letters in a
// place the user sees it (a message and its buttons, a prompt, a quick pick item, a tree item, the status bar, a
// page's element text) must come through t() (in a page: from the host's string table). The catalogue test then
// checks every t() sentence has its Indonesian. Read with the TypeScript compiler API: comments and log lines
// (output channel, console) are not looked at.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../../..');
const SCANNED = ['src/vscode', 'src/extension.ts', 'media/webview', 'src/cli.ts', 'src/cli'];

/** Properties of an object literal whose value is shown (VS Code's items and options, a page's attributes). */
const SHOWN_PROPERTIES = new Set([
  'title',
  'prompt',
  'placeHolder',
  'label',
  'description',
  'detail',
  'tooltip',
  'message',
  'placeholder',
  'aria-label',
  'emptyText',
  'note',
]);
/** Properties whose assignment shows text (tree items, status bar items, webview panels, page elements). */
const SHOWN_ASSIGNMENTS = new Set(['text', 'tooltip', 'description', 'label', 'textContent', 'title', 'message']);
const MESSAGE_FUNCTIONS = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage']);
/** The pages' element builders (media/webview/common/dom.ts): string children become visible text. */
const ELEMENT_BUILDERS = new Set(['h', 's']);

/**
 * Literals in a shown place that are not sentences, each with why (file relative to the repository, exact text).
 * Codicon-only text ("$(play)") needs no entry: codicons are stripped before looking for letters.
 */
const ALLOWED: Record<string, string> = {
  // 'src/vscode/file.ts|exact text': 'why it is not a sentence (an id, a CSS class name…)',
  'src/cli.ts|[report] …': "a progress tag before the report's own (translated) progress line, like the stack's [phase] tags",
  'src/cli.ts|monitoring-lab: …\n\n…': 'the program name before a (translated) message, as every CLI prints it',
  'src/cli.ts|monitoring-lab: …': 'the program name before a (translated) message, as every CLI prints it',
  'src/cli.ts|JUnit: …': 'the name of the file format, then a path',
  'src/cli.ts|monitoring-lab: warning: …; using English': 'the bundle could not be read, so this line cannot be translated',
};
const allowancesUsed = new Set<string>();

export interface Bypass {
  file: string;
  line: number;
  text: string;
  where: string;
}

const hasWords = (text: string) => /[A-Za-z]/.test(text.replace(/\$\([a-z0-9~-]+\)/g, ''));

/**
 * The literals an expression may evaluate to, looking through ?:, ??, ||, +, parentheses, `as`, arrays and the
 * file's constants (`const RETRY = 'Retry'` used as a button); a call (t(), any function) is not a literal.
 */
function literalsOf(node: ts.Expression, constants: ReadonlyMap<string, ts.Expression>, depth = 0): Array<{ node: ts.Node; text: string }> {
  if (depth > 5) return [];
  const inner = (e: ts.Expression) => literalsOf(e, constants, depth + 1);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [{ node, text: node.text }];
  if (ts.isTemplateExpression(node))
    return [
      { node, text: [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('…') },
      ...node.templateSpans.flatMap((s) => inner(s.expression)),
    ];
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node)) return inner(node.expression);
  if (ts.isConditionalExpression(node)) return [...inner(node.whenTrue), ...inner(node.whenFalse)];
  if (
    ts.isBinaryExpression(node) &&
    [ts.SyntaxKind.PlusToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(node.operatorToken.kind)
  ) {
    return [...inner(node.left), ...inner(node.right)];
  }
  if (ts.isArrayLiteralExpression(node)) return node.elements.flatMap((e) => (ts.isSpreadElement(e) ? inner(e.expression) : inner(e)));
  if (ts.isIdentifier(node)) {
    const value = constants.get(node.text);
    return value ? inner(value) : [];
  }
  return [];
}

/** The file's `const name = <expression>` declarations (any scope; a shadowed name is looked at too, which errs on the side of flagging). */
function constantsOf(source: ts.SourceFile): Map<string, ts.Expression> {
  const constants = new Map<string, ts.Expression>();
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclarationList(node) && node.flags & ts.NodeFlags.Const) {
      for (const d of node.declarations) if (ts.isIdentifier(d.name) && d.initializer && !constants.has(d.name.text)) constants.set(d.name.text, d.initializer);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return constants;
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** console.log/error/warn(…) or process.stdout/stderr.write(…). */
function isTerminalOutput(call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const target = callee.expression.getText();
  return (
    (target === 'console' && ['log', 'error', 'warn'].includes(callee.name.text)) || (/^process\.std(out|err)$/.test(target) && callee.name.text === 'write')
  );
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

/** Every user-facing literal with letters in `source` that does not go through t(). */
export function findBypasses(fileName: string, text: string): Bypass[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const constants = constantsOf(source);
  const found: Bypass[] = [];
  const flag = (expr: ts.Expression, where: string) => {
    for (const lit of literalsOf(expr, constants)) {
      if (!hasWords(lit.text)) continue;
      if (ALLOWED[`${fileName}|${lit.text}`] !== undefined) {
        allowancesUsed.add(`${fileName}|${lit.text}`);
        continue;
      }
      found.push({ file: fileName, line: source.getLineAndCharacterOfPosition(lit.node.getStart()).line + 1, text: lit.text, where });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      if (name && MESSAGE_FUNCTIONS.has(name))
        node.arguments.forEach((a, i) => !ts.isObjectLiteralExpression(a) && flag(a, i === 0 ? `${name} message` : `${name} button`));
      if (name === 'showQuickPick' && node.arguments[0]) flag(node.arguments[0], 'quick pick item');
      // The CLI prints for people through console.log/error/warn and process.stdout/stderr.write.
      if (name && fileName.startsWith('src/cli') && isTerminalOutput(node)) node.arguments.forEach((a) => flag(a, `${name} text`));
      if (name && ELEMENT_BUILDERS.has(name)) node.arguments.slice(2).forEach((a) => flag(a, `${name}() child text`));
    }
    if (ts.isNewExpression(node) && calleeName(node) === 'TreeItem' && node.arguments?.[0]) flag(node.arguments[0], 'new TreeItem label');
    if (ts.isPropertyAssignment(node)) {
      const name = propertyName(node.name);
      if (name && SHOWN_PROPERTIES.has(name)) flag(node.initializer, `${name}: property`);
    }
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      SHOWN_ASSIGNMENTS.has(node.left.name.text)
    ) {
      flag(node.right, `.${node.left.name.text} =`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function sourceFiles(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (fs.statSync(full).isFile()) return [full];
  return fs
    .readdirSync(full, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? sourceFiles(path.join(entry, e.name)) : /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path.join(full, e.name)] : [],
    );
}

describe('l10n: no user-facing string in the editor layer bypasses the catalogue', () => {
  it('finds every kind of bypass it looks for, and none that goes through t() (the check itself)', () => {
    const sample = [
      "vscode.window.showInformationMessage('Lab started.');",
      "vscode.window.showErrorMessage(t('Lab failed.'), 'Retry');",
      "void vscode.window.showWarningMessage(`Reset ${name}?`, { modal: true }, t('Reset'));",
      "vscode.window.showQuickPick(['No', p.yes], { title: t('Pick'), placeHolder: 'Choose one' });",
      "const item = new vscode.TreeItem('Recent runs');",
      "new vscode.TreeItem(t('Recent runs'));",
      "item.tooltip = ok ? 'Click me' : t('Or me');",
      'status.text = `$(beaker) ${label}`;',
      "status.text = '$(play)';",
      "el.textContent = count + ' shown';",
      "const items = [{ label: '$(history) This session', description: t('since {0}', x) }, { label: '$(clock)' }];",
      "h('button', { class: 'primary', 'aria-label': 'Start it' }, 'Start the lab');",
      "h('p', { class: 'muted' }, strings.noData);",
      "output.info('this is a log line');",
      "const SHOW_ALERTS = 'Show Alerts';",
      "const openTargets = t('Open Prometheus Targets');",
      'void vscode.window.showWarningMessage(message, openTargets, SHOW_ALERTS);',
      "console.log('Lab is up'); console.error(t('Lab failed')); process.stderr.write(`warning: ${x}`);",
    ].join('\n');
    const found = findBypasses('src/cli/sample.ts', sample).map((b) => `${b.line} ${b.where}: ${b.text}`);
    assert.deepEqual(found, [
      '1 showInformationMessage message: Lab started.',
      '2 showErrorMessage button: Retry',
      '3 showWarningMessage message: Reset …?',
      '4 quick pick item: No',
      '4 placeHolder: property: Choose one',
      '5 new TreeItem label: Recent runs',
      '7 .tooltip =: Click me',
      '10 .textContent =:  shown',
      '11 label: property: $(history) This session',
      '12 h() child text: Start the lab',
      '12 aria-label: property: Start it',
      '15 showWarningMessage button: Show Alerts',
      '18 log text: Lab is up',
      '18 write text: warning: …',
    ]);
  });

  it('src/vscode, src/extension.ts, media/webview and the CLI say nothing to the user outside t() or the page string tables', () => {
    const bypasses = SCANNED.flatMap(sourceFiles).flatMap((file) =>
      findBypasses(path.relative(ROOT, file).split(path.sep).join('/'), fs.readFileSync(file, 'utf8')),
    );
    assert.deepEqual(
      bypasses.map((b) => `${b.file}:${b.line} (${b.where}) ${JSON.stringify(b.text)}`),
      [],
      "wrap the sentence in t() (add its Indonesian to l10n/bundle.l10n.id.json), take it from the page's string table, or allow it in ALLOWED with the reason",
    );
    assert.deepEqual(
      Object.keys(ALLOWED).filter((k) => !allowancesUsed.has(k)),
      [],
      'allowed exceptions the code no longer has',
    );
  });
});
