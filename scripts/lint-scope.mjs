// Rewrites .lint-scope as the list of files that ESLint and Prettier pass today (`node scripts/lint-scope.mjs`).
// npm run lint (scripts/lint.sh) checks only those, strictly, until the mass fix (scripts/lint-fix.sh) makes every
// file pass; then .lint-scope becomes the single line `.` and this script is no longer needed.
// Run it after merging work that touched listed files, to drop files that no longer pass (and add ones that do).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import * as prettier from 'prettier';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const HEADER = `# Paths ESLint and Prettier check in \`npm run lint\` (scripts/lint.sh): one file, folder or glob a line.
# Today: the files that already pass both (written by \`node scripts/lint-scope.mjs\`). After the mass fix
# (scripts/lint-fix.sh, then the findings it cannot fix), replace the whole list with the single line: .
`;

const git = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
if (git.status !== 0) throw new Error(git.stderr);
const files = git.stdout.split('\n').filter((f) => f && fs.existsSync(path.join(root, f)));

const eslint = new ESLint({ cwd: root });
const linted = new Set();
const dirty = new Set();
for (const result of await eslint.lintFiles(['.'])) {
  const file = path.relative(root, result.filePath);
  linted.add(file);
  if (result.errorCount + result.warningCount > 0) dirty.add(file);
}

const formatted = new Set();
for (const file of files) {
  const full = path.join(root, file);
  const info = await prettier.getFileInfo(full, { ignorePath: path.join(root, '.prettierignore') });
  if (info.ignored || !info.inferredParser) continue;
  formatted.add(file);
  const options = await prettier.resolveConfig(full);
  if (!(await prettier.check(fs.readFileSync(full, 'utf8'), { ...options, filepath: full }))) dirty.add(file);
}

const clean = [...new Set([...linted, ...formatted])].filter((f) => !dirty.has(f)).sort();
fs.writeFileSync(path.join(root, '.lint-scope'), HEADER + clean.join('\n') + '\n');
console.log(`.lint-scope: ${clean.length} files pass; ${dirty.size} do not yet (of ${linted.size} linted, ${formatted.size} formatted)`);
