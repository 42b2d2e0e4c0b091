// `npm run bench`: runs every benchmark on the test bed and writes docs/benchmarks.md from what they measured
// (figure, goal, median, p95, samples, command, machine, date). The page is generated, never typed by hand.
//   npm run bench                 all of them (about 15 minutes on 2 cores; brings the test bed up)
//   npm run bench -- --only tail-latency,extension-load
//   node scripts/bench/all.mjs --record report FILE   records figures a benchmark already wrote (MLAB_BENCH_RESULTS=FILE)
// Each benchmark records its figures through scripts/bench/common.ts recordFigure (start-time.sh writes the same
// JSON lines); a benchmark that fails is listed as failed, with its last lines, and the others still run.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
process.chdir(root);

const BENCHES = [
  { name: 'extension-load', cmd: ['node', 'scripts/bench/run.mjs', 'extension-load'], needsBed: false, before: ['npm', 'run', '-s', 'package'] },
  { name: 'tail-latency', cmd: ['node', 'scripts/bench/run.mjs', 'tail-latency'], needsBed: true },
  { name: 'detection-latency', cmd: ['node', 'scripts/bench/run.mjs', 'detection-latency'], needsBed: true },
  { name: 'ingest', cmd: ['node', 'scripts/bench/run.mjs', 'ingest'], needsBed: true },
  { name: 'engine-idle', cmd: ['node', 'scripts/bench/run.mjs', 'engine-idle'], needsBed: true },
  { name: 'start-time', cmd: ['bash', 'scripts/bench/start-time.sh'], needsBed: true },
  { name: 'report', cmd: ['node', 'scripts/bench/run.mjs', 'report'], needsBed: true },
];

const recordArg = process.argv.indexOf('--record');
const recorded = recordArg >= 0 ? { name: process.argv[recordArg + 1], file: process.argv[recordArg + 2] } : undefined;
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg >= 0 ? new Set((process.argv[onlyArg + 1] ?? '').split(',').filter(Boolean)) : undefined;
if (only)
  for (const n of only)
    if (!BENCHES.some((b) => b.name === n)) {
      console.error(`unknown benchmark ${n} (known: ${BENCHES.map((b) => b.name).join(', ')})`);
      process.exit(2);
    }
const selected = recorded ? BENCHES.filter((b) => b.name === recorded.name) : BENCHES.filter((b) => !only || only.has(b.name));
if (recorded && selected.length !== 1) {
  console.error(`--record needs a benchmark name (${BENCHES.map((b) => b.name).join(', ')}) and a results file`);
  process.exit(2);
}

const env = { ...process.env };
if (!recorded && selected.some((b) => b.needsBed)) {
  execFileSync('bash', ['testbed/bed.sh', 'up'], { stdio: 'inherit' });
  const envFile = execFileSync('bash', ['testbed/bed.sh', 'env'], { encoding: 'utf8' }).trim();
  for (const line of fs.readFileSync(envFile, 'utf8').split('\n')) {
    const m = /^(?:export\s+)?([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2].replace(/^["']|["']$/g, '');
  }
}
if (!recorded) execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });

const machine = {
  cores: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
  node: process.version,
  loadBefore: os.loadavg(),
};
const runs = [];
const figures = [];
if (recorded) {
  const loadNow = os.loadavg()[0];
  for (const line of fs.readFileSync(recorded.file, 'utf8').split('\n').filter(Boolean))
    figures.push({ ...JSON.parse(line), bench: recorded.name, machine: `${machine.cores} cores, load ${loadNow.toFixed(1)} when recorded` });
  runs.push({ name: recorded.name, ok: true, seconds: 0, loadBefore: loadNow, tail: [] });
}
for (const bench of recorded ? [] : selected) {
  const started = Date.now();
  if (bench.before) execFileSync(bench.before[0], bench.before.slice(1), { stdio: 'inherit' });
  const loadBefore = os.loadavg()[0];
  const results = path.join(os.tmpdir(), `mlab-bench-${process.pid}-${bench.name}.ndjson`);
  fs.writeFileSync(results, '');
  const run = spawnSync(bench.cmd[0], bench.cmd.slice(1), { env: { ...env, MLAB_BENCH_RESULTS: results }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  process.stdout.write(run.stdout ?? '');
  process.stderr.write(run.stderr ?? '');
  const machineNow = `${machine.cores} cores, load ${loadBefore.toFixed(1)} before`;
  for (const line of fs.readFileSync(results, 'utf8').split('\n').filter(Boolean))
    figures.push({ ...JSON.parse(line), bench: bench.name, machine: machineNow });
  fs.rmSync(results, { force: true });
  runs.push({
    name: bench.name,
    ok: run.status === 0,
    seconds: Math.round((Date.now() - started) / 1000),
    loadBefore,
    tail: `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n').slice(-5),
  });
}

// Figures of benchmarks not run this time are kept from the page's previous version (with their own dates).
const out = path.join(root, 'docs', 'benchmarks.md');
const previous = fs.existsSync(out) ? readPrevious(fs.readFileSync(out, 'utf8')) : [];
const measuredAt = new Date().toISOString();
const current = figures.map((f) => ({ ...f, measuredAt }));
// A benchmark that ran replaces all its figures; the others' stay as they were measured.
const kept = previous.filter((p) => !selected.some((b) => b.name === p.bench));
const all = [...current, ...kept].sort((a, b) => a.id.localeCompare(b.id));
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, render(all, runs, machine));
console.log(`\nwrote ${path.relative(root, out)}: ${current.length} figures measured now, ${kept.length} kept from before`);
const failed = runs.filter((r) => !r.ok);
if (failed.length) {
  console.error(`benchmarks that failed: ${failed.map((r) => r.name).join(', ')}`);
  process.exit(1);
}

function fmt(value, unit) {
  if (value === undefined || value === null) return '–';
  if (unit === 'ratio') return Number(value).toFixed(2);
  const v = Number(value);
  // Two significant digits below 10 (0.96 ms of CPU per event must not read "1 ms"), else one decimal.
  return `${Math.abs(v) < 10 ? Number(v.toPrecision(2)) : Math.round(v * 10) / 10} ${unit}`;
}

function esc(text) {
  return String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');
}

function render(figures, runs, machine) {
  const lines = [
    '# Benchmarks',
    '',
    '<!-- Generated by `npm run bench` (scripts/bench/all.mjs). Do not edit by hand: run it again. -->',
    '',
    `Measured on the test bed (private dockerd, stand-in images, real Elasticsearch, Prometheus, Node Exporter): ${machine.cores} cores (${esc(machine.cpu)}), ${machine.memoryGiB} GiB, Node ${machine.node}.`,
    'Benchmarks are numbers, not tests; a goal that is not met is shown as such. Median and p95 use the nearest rank.',
    '',
    '| figure | goal | median | p95 | samples | met | machine | measured | command |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...figures.map(
      (f) =>
        `| ${esc(f.figure)}${f.note ? ` (${esc(f.note)})` : ''} | ${esc(f.goal ?? '–')} | ${fmt(f.median, f.unit)} | ${fmt(f.p95, f.unit)} | ${f.samples} | ${f.met === undefined ? '–' : f.met ? 'yes' : '**no**'} | ${esc(f.machine)} | ${esc(f.measuredAt)} | \`${esc(f.command)}\` |`,
    ),
    '',
    '## Runs',
    '',
    ...runs.map(
      (r) =>
        `- ${r.name}: ${r.ok ? 'ok' : '**failed**'} in ${r.seconds} s (1-minute load average before: ${r.loadBefore.toFixed(1)})${r.ok ? '' : ` — ${esc(r.tail.join(' / '))}`}`,
    ),
    '',
    '<!-- figures: ' + JSON.stringify(figures) + ' -->',
    '',
  ];
  return lines.join('\n');
}

function readPrevious(text) {
  const m = /<!-- figures: (.*) -->/.exec(text);
  try {
    return m ? JSON.parse(m[1]) : [];
  } catch {
    return [];
  }
}
