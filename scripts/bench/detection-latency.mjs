// Runs the detection-latency benchmark: bundles detection-latency.ts (strict TS, type-checked by
// detection-latency.tsconfig.json) with esbuild into out/bench/ and runs it with the same arguments.
//   node scripts/bench/detection-latency.mjs [--runs 10] [--app URL --es URL --index NAME]
// Without --app/--es it starts its own lab on the test bed (needs DOCKER_HOST: source "$(bash testbed/bed.sh env)").
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outfile = path.join(root, 'out', 'bench', 'detection-latency.js');
await esbuild.build({
  entryPoints: [path.join(root, 'scripts', 'bench', 'detection-latency.ts')],
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
const result = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
