// The lab report on a busy hour, measured on the test bed: a lite lab receives 20,000 failed logins, then the
// report of the last hour is generated N times (gather from Elasticsearch and Prometheus, render Markdown and HTML,
// export every event as NDJSON with search_after, hash every file). Prints the time per report and how much the
// process's memory grew while it ran (the export streams: memory must not grow with the number of events).
// Starts its own lite lab (needs DOCKER_HOST: source "$(bash testbed/bed.sh env)") and removes it afterwards.
//   node scripts/bench/run.mjs report [--events 20000] [--runs 5] [--concurrency 16]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_DETECTION_SETTINGS } from '../../src/core/detect/settings';
import { generateLabReport } from '../../src/core/report';
import { median, percentile, readFlags, recordFigure, runBench, sleep } from './common';

runBench(async () => {
  const f = readFlags(process.argv.slice(2), { events: 'number', runs: 'number', concurrency: 'number' }, '--events N, --runs N, --concurrency N');
  const events = f.events ?? 20_000;
  const runs = f.runs ?? 5;
  const concurrency = f.concurrency ?? 16;
  if (!(Number.isInteger(events) && events >= 1 && events <= 100_000)) throw new Error('--events must be 1..100000');
  if (!(Number.isInteger(runs) && runs >= 1 && runs <= 50)) throw new Error('--runs must be 1..50');
  const { startTestLab } = await import('../../test/integration/fixtures/lab');
  process.stderr.write('starting a lab on the test bed…\n');
  const lab = await startTestLab('bench-report', { stackSourceDir: path.join(process.cwd(), 'resources', 'stack') });
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mlab-bench-report-'));
  try {
    const logs = lab.logStore();
    const app = lab.app();
    const since = Date.now() - 1000;
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < events) {
          next++;
          await app.login(`bench-${next % 50}`, 'wrong');
        }
      }),
    );
    const deadline = Date.now() + 300_000;
    while ((await logs.count('failed-logins', { from: since }).catch(() => 0)) < events) {
      if (Date.now() > deadline) throw new Error(`not all ${events} events searchable after 300 s`);
      await sleep(500);
    }
    console.log(`${events} failed logins sent and searchable in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const times: number[] = [];
    const growth: number[] = [];
    let exported = 0;
    for (let i = 0; i < runs; i++) {
      global.gc?.();
      const base = process.memoryUsage().rss;
      let peak = base;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
      const t0 = Date.now();
      const now = Date.now();
      const { written } = await generateLabReport({
        config: lab.config,
        docker: lab.docker,
        records: [],
        detection: DEFAULT_DETECTION_SETTINGS,
        range: { from: now - 3_600_000, to: now },
        lang: 'en',
        formats: ['md', 'html'],
        outDir: path.join(out, `run-${i}`),
      });
      times.push(Date.now() - t0);
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      growth.push((peak - base) / 1024 / 1024);
      const ndjson = path.join(written.dir, 'events.ndjson');
      exported = fs.readFileSync(ndjson, 'utf8').split('\n').filter(Boolean).length;
      console.log(`run ${i + 1}: ${times.at(-1)} ms, memory +${growth.at(-1)!.toFixed(0)} MiB, ${exported} events exported`);
    }
    if (exported < events) throw new Error(`the report exported ${exported} events, fewer than the ${events} sent`);
    const t = [...times].sort((a, b) => a - b);
    const g = [...growth].sort((a, b) => a - b);
    const command = `node scripts/bench/run.mjs report --events ${events} --runs ${runs}`;
    recordFigure({
      id: 'report.time',
      figure: `lab report of the last hour (${events} events, Prometheus at 5 s scrapes): gather, Markdown + HTML, NDJSON export, manifest`,
      unit: 'ms',
      median: median(t),
      p95: percentile(t, 95),
      samples: runs,
      goal: 'median ≤ 3000 ms',
      met: median(t) <= 3000,
      command,
    });
    recordFigure({
      id: 'report.memory',
      figure: `memory growth of the process while writing that report (${exported} events exported with search_after)`,
      unit: 'KiB',
      median: Math.round(median(g) * 1024),
      p95: Math.round(percentile(g, 95) * 1024),
      samples: runs,
      command,
      note: 'resident set size, peak minus start, in KiB',
    });
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
    await lab.teardown();
  }
});
