// Bundles the extension and the CLI with esbuild.
// Why one script: the extension (dist/extension.js) and the CLI (dist/cli.js) must share every line of
// src/core, so both are bundled from the same sources with the same options; only the entry differs.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const production = process.argv.includes('--production');

/** Options every Node-side bundle shares. */
const nodeBundle = {
  bundle: true,
  platform: 'node',
  // Desktop VS Code's extension host is Node 20 (Electron); code-server's is newer. Target the oldest.
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  // ssh2 (pulled in by docker-modem for ssh:// hosts) tries optional native add-ons inside try/catch;
  // leave them unresolved so the bundle stays pure JS and ssh2 falls back to its JS implementation.
  external: ['cpu-features', './crypto/build/Release/sshcrypto.node'],
  absWorkingDir: root,
};

/**
 * The panel pages (media/webview/<panel>/main.ts): browser scripts, one per panel, written to dist/webview/
 * and loaded by the webviews under their CSP nonce. Type-checked by media/webview/tsconfig.json.
 */
const webviewBundle = {
  bundle: true,
  platform: 'browser',
  // Webviews run in the editor's own Chromium (Electron 32+ for VS Code 1.95).
  target: 'es2022',
  format: 'iife',
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  absWorkingDir: root,
  entryPoints: { securityEvents: 'media/webview/securityEvents/main.ts', systemMetrics: 'media/webview/systemMetrics/main.ts' },
  outdir: 'dist/webview',
};

const builds = [
  { ...nodeBundle, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: [...nodeBundle.external, 'vscode'] },
  { ...nodeBundle, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  webviewBundle,
];

const started = Date.now();
// A production build has no maps: drop any a dev build left, so they cannot end up shipped or stale.
if (production && fs.existsSync(path.join(root, 'dist'))) {
  for (const f of fs.readdirSync(path.join(root, 'dist'), { withFileTypes: true })) {
    if (f.isFile() && f.name.endsWith('.map')) fs.rmSync(path.join(root, 'dist', f.name));
  }
}
await Promise.all(builds.map((b) => esbuild.build(b)));
console.log(`esbuild: ${builds.map((b) => b.outfile ?? `${b.outdir}/*.js`).join(', ')} (${production ? 'production' : 'dev'}) in ${Date.now() - started} ms`);
