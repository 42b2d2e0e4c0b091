// Builds the extension's entry bundle as the production build does, into a temporary folder, and prints what it
// holds as JSON: { bytes, packages (the node_modules packages bundled into it), inputs (every file in it), ... }. The unit test
// test/unit/architecture/entryBundle.test.ts keeps the Docker and Elasticsearch clients out of it, and its size
// under the activation budget; it also builds the panel pages' bundles and prints their sizes (each has a budget).
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_WEBVIEW_BUNDLE_BYTES, bundles } from './build-config.mjs';

/** Loads the bundle with a stub 'vscode' (every member a no-op proxy) and lists the modules it required. */
const LOADER = `
const Module = require('module');
// Every member the bundle reads is a class (it extends some at load), every property of those another such class.
const stub = () => new Proxy(class {}, { get: (t, p) => (p in t ? t[p] : stub()) });
const vscode = Object.fromEntries(JSON.parse(process.argv[2]).map((n) => [n, stub()]));
const realLoad = Module._load;
Module._load = function (request, parent, isMain) { return request === 'vscode' ? vscode : realLoad.call(this, request, parent, isMain); };
require(process.argv[1]);
console.log(JSON.stringify({ modules: Object.keys(require.cache).map((f) => require('path').basename(f)) }));
`;

/** Names the bundle reads from its `vscode` import(s): `<alias>.<Name>` where alias = ...require("vscode"). */
function vscodeNames(source) {
  const aliases = [...source.matchAll(/(?:var|let|const)\s+([\w$]+)\s*=\s*(?:[\w$]+\()?require\("vscode"\)\)?/g)].map((m) => m[1]);
  const names = new Set();
  for (const alias of aliases) {
    for (const m of source.matchAll(new RegExp(`(?<![\\w$.])${alias.replace(/\$/g, '\\$')}\\.([A-Za-z_$][\\w$]*)`, 'g'))) names.add(m[1]);
  }
  return [...names];
}

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
  // Load it as VS Code would (a stub 'vscode'), with no vendor bundles beside it: loading must not need them.
  const load = spawnSync(process.execPath, ['-e', LOADER, outfile, JSON.stringify(vscodeNames(fs.readFileSync(outfile, 'utf8')))], { encoding: 'utf8' });
  const loaded = load.status === 0 ? JSON.parse(load.stdout) : { error: load.stderr.trim().split('\n').slice(0, 3).join(' ') };
  // The panel pages' bundles, built as production builds them: each has the webview budget.
  const webviewConfig = bundles(true).find((b) => b.outdir === 'dist/webview');
  const webviewDir = path.join(dir, 'webview');
  await esbuild.build({ ...webviewConfig, outdir: webviewDir, logLevel: 'silent' });
  const webview = Object.fromEntries(
    fs
      .readdirSync(webviewDir)
      .filter((f) => f.endsWith('.js'))
      .map((f) => [f.replace(/\.js$/, ''), fs.statSync(path.join(webviewDir, f)).size]),
  );
  console.log(
    JSON.stringify({
      bytes: fs.statSync(outfile).size,
      packages: [...packages].sort(),
      // Files whose code is in the bundle (the metafile's inputs also list files read and then tree-shaken away).
      inputs: Object.values(result.metafile.outputs)
        .flatMap((o) => Object.entries(o.inputs).filter(([, i]) => i.bytesInOutput > 0))
        .map(([file]) => file)
        .sort(),
      external: [...new Set(external)].sort(),
      loaded,
      webview,
      maxWebviewBytes: MAX_WEBVIEW_BUNDLE_BYTES,
    }),
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
