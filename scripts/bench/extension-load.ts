// How long loading dist/extension.js takes (module evaluation only: what every activation pays before activate()
// runs), in fresh Node processes with a stand-in `vscode` module. Build first: npm run package (minified, as
// shipped) or npm run build (dev).
//   node scripts/bench/run.mjs extension-load [--runs 15] [--bundle dist/extension.js]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { median, percentile, readFlags, recordFigure, runBench } from './common';

/** The child: a `vscode` stand-in whose every member is a class (the bundle extends some at load), then the bundle. */
const CHILD = `
const Module = require('module');
const stub = () => new Proxy(class {}, { get: (t, p) => (p in t ? t[p] : stub()) });
const names = JSON.parse(process.env.VSCODE_NAMES);
const vscode = Object.fromEntries(names.map((n) => [n, stub()]));
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
const t0 = process.hrtime.bigint();
require(process.env.BUNDLE);
process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6));
`;

/** Names the bundle reads from its `vscode` import(s): `<alias>.<Name>` where alias = ...require("vscode"). */
function vscodeNames(source: string): string[] {
  const aliases = [...source.matchAll(/(?:var|let|const)\s+([\w$]+)\s*=\s*(?:[\w$]+\()?require\("vscode"\)\)?/g)].map((m) => m[1]!);
  const names = new Set<string>();
  for (const alias of aliases) {
    for (const m of source.matchAll(new RegExp(`(?<![\\w$.])${alias.replace(/\$/g, '\\$')}\\.([A-Za-z_$][\\w$]*)`, 'g'))) names.add(m[1]!);
  }
  return [...names];
}

runBench(() => {
  const f = readFlags(process.argv.slice(2), { runs: 'number', bundle: 'string' }, '--runs N, --bundle FILE');
  const runs = f.runs ?? 15;
  if (!(Number.isInteger(runs) && runs >= 1 && runs <= 100)) throw new Error('--runs must be a whole number 1..100');
  const bundle = path.resolve(f.bundle ?? 'dist/extension.js');
  if (!fs.existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run package (or npm run build) first`);
  const source = fs.readFileSync(bundle, 'utf8');
  const names = vscodeNames(source);
  if (names.length === 0) throw new Error(`found no vscode members in ${bundle}`);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const child = spawnSync(process.execPath, ['-e', CHILD], {
      env: { ...process.env, BUNDLE: bundle, VSCODE_NAMES: JSON.stringify(names) },
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`loading ${bundle} failed:\n${child.stderr}`);
    times.push(Number(child.stdout));
  }
  times.sort((a, b) => a - b);
  const kb = Math.round(fs.statSync(bundle).size / 1024);
  console.log(`extension-load: ${path.relative(process.cwd(), bundle)} (${kb} KB), ${runs} fresh processes, Node ${process.versions.node}`);
  console.log(
    `  load (require → module evaluated): median ${median(times).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms`,
  );
  const command = `node scripts/bench/run.mjs extension-load --runs ${runs}${f.bundle ? ` --bundle ${f.bundle}` : ''}`;
  const bytes = fs.statSync(bundle).size;
  recordFigure({
    id: 'extension-load.size',
    figure: `${path.relative(process.cwd(), bundle)} size (production build: npm run package)`,
    unit: 'KiB',
    median: Math.round(bytes / 1024),
    samples: 1,
    goal: '≤ 300 KiB',
    met: bytes <= 300 * 1024,
    command: 'npm run package',
  });
  for (const file of fs.readdirSync(path.join(path.dirname(bundle), 'webview')).filter((n) => n.endsWith('.js'))) {
    const size = fs.statSync(path.join(path.dirname(bundle), 'webview', file)).size;
    recordFigure({
      id: `webview-size.${file.replace(/\.js$/, '')}`,
      figure: `dist/webview/${file} size (production build)`,
      unit: 'KiB',
      median: Math.round(size / 1024),
      samples: 1,
      goal: '≤ 150 KiB',
      met: size <= 150 * 1024,
      command: 'npm run package',
    });
  }
  recordFigure({
    id: 'extension-load.time',
    figure: 'loading dist/extension.js in a fresh Node process (what activation pays before activate())',
    unit: 'ms',
    median: Math.round(median(times) * 10) / 10,
    p95: Math.round(percentile(times, 95) * 10) / 10,
    samples: runs,
    goal: 'median ≤ 30 ms',
    met: median(times) <= 30,
    command,
  });
});
