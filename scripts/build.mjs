// Bundles the extension, its vendor bundles, the CLI and the panel pages with esbuild (configuration in
// scripts/build-config.mjs).
import * as esbuild from 'esbuild';
import path from 'node:path';
import fs from 'node:fs';
import { WEBVIEW_ASSETS, bundles, root } from './build-config.mjs';

const production = process.argv.includes('--production');
const builds = bundles(production);

const started = Date.now();
// A production build has no maps: drop any a dev build left, so they cannot end up shipped or stale.
if (production && fs.existsSync(path.join(root, 'dist'))) {
  for (const f of fs.readdirSync(path.join(root, 'dist'), { withFileTypes: true })) {
    if (f.isFile() && f.name.endsWith('.map')) fs.rmSync(path.join(root, 'dist', f.name));
  }
}
await Promise.all(builds.map((b) => esbuild.build(b)));
for (const asset of WEBVIEW_ASSETS) {
  fs.mkdirSync(path.dirname(path.join(root, asset.to)), { recursive: true });
  fs.copyFileSync(path.join(root, asset.from), path.join(root, asset.to));
}
console.log(`esbuild: ${builds.map((b) => b.outfile ?? `${b.outdir}/*.js`).join(', ')} (${production ? 'production' : 'dev'}) in ${Date.now() - started} ms`);
