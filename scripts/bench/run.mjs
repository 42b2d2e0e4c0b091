// Runs a benchmark: bundles scripts/bench/<name>.ts (type-checked by scripts/bench/tsconfig.json) with esbuild
// into out/bench/ and runs it with the remaining arguments. Benchmarks print numbers; they are not tests.
//   node scripts/bench/run.mjs <name> [args…]     e.g. node scripts/bench/run.mjs ingest --events 5000
// Those that start a lab need the test bed: source "$(bash testbed/bed.sh env)".
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [name, ...args] = process.argv.slice(2);
const entry = name && path.join(root, 'scripts', 'bench', `${name}.ts`);
if (!entry || !fs.existsSync(entry)) {
  const known = fs
    .readdirSync(path.join(root, 'scripts', 'bench'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3));
  console.error(`usage: node scripts/bench/run.mjs <${known.join('|')}> [args…]`);
  process.exit(2);
}
const outfile = path.join(root, 'out', 'bench', `${name}.js`);
await esbuild.build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Packages load from node_modules as usual; only the project's own sources are bundled.
  packages: 'external',
  logLevel: 'warning',
  absWorkingDir: root,
});
const result = spawnSync(process.execPath, [outfile, ...args], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
