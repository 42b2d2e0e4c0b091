// src/core must never import 'vscode', not even through another module: the CLI and plain-node tests
// depend on it. Proven by bundling every core file with 'vscode' made unresolvable.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const repoRoot = path.resolve(__dirname, '../../../..');

function listTs(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listTs(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Bundles the entries; every package is external except 'vscode', which fails the build if reached. */
async function bundleWithoutVscode(entryPoints: string[]): Promise<esbuild.BuildResult> {
  return esbuild.build({
    entryPoints,
    bundle: true,
    write: false,
    platform: 'node',
    outdir: path.join(os.tmpdir(), 'mlab-core-check'),
    logLevel: 'silent',
    plugins: [
      {
        name: 'forbid-vscode',
        setup(build) {
          build.onResolve({ filter: /^vscode$/ }, (args) => ({
            errors: [{ text: `src/core must not import 'vscode' (imported by ${path.relative(repoRoot, args.importer)})` }],
          }));
          // Other packages stay external: only our own module graph matters here.
          build.onResolve({ filter: /^[^./]/ }, (args) => ({ path: args.path, external: true }));
        },
      },
    ],
  });
}

describe('architecture: src/core is free of the editor', () => {
  it('bundles every src/core file with vscode unresolvable', async () => {
    const entries = listTs(path.join(repoRoot, 'src/core'));
    assert.ok(entries.length > 0, 'src/core has no TypeScript files');
    const result = await bundleWithoutVscode(entries);
    assert.equal(result.errors.length, 0);
  });

  it('the check itself fails on a module that reaches vscode indirectly', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlab-arch-'));
    try {
      fs.writeFileSync(path.join(dir, 'editor.ts'), "import * as vscode from 'vscode';\nexport const w = vscode.window;\n");
      fs.writeFileSync(path.join(dir, 'core.ts'), "import { w } from './editor';\nexport const x = w;\n");
      await assert.rejects(bundleWithoutVscode([path.join(dir, 'core.ts')]), /must not import 'vscode'/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
