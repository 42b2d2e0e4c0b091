// Builds the extension's entry bundle as the production build does, into a temporary folder, and prints what it
// holds as JSON: { bytes, packages } (the node_modules packages bundled into it). The unit test
// test/unit/architecture/entryBundle.test.ts keeps the Docker and Elasticsearch clients out of it, and its size
// under the activation budget.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundles } from './build-config.mjs';

const entry = bundles(true).find((b) => b.outfile === 'dist/extension.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlab-entry-'));
try {
  const outfile = path.join(dir, 'extension.js');
  const result = await esbuild.build({ ...entry, outfile, metafile: true, logLevel: 'silent' });
  const packages = new Set();
  for (const input of Object.keys(result.metafile.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    if (m) packages.add(m[1]);
  }
  const external = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
  console.log(JSON.stringify({ bytes: fs.statSync(outfile).size, packages: [...packages].sort(), external: [...new Set(external)].sort() }));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
