// Engine load while the lab idles: requests per minute the extension's engine side sends, counted by a proxy on
// the engine socket (the fault tests' EngineProxy), with the watcher and stats sampler wired as the editor wires
// them. Two phases on one running lab (the health checks' exec events keep flowing all along):
//   hidden   every Monitoring Lab view and panel hidden: the events stream only (detection needs it), no reconcile,
//            no stats                                                     goal: 0 requests per minute
//   visible  the Stack view shown: the events stream, the 60 s safety reconcile, live stats for the tree
//                                                                          goal: ≤ 2 requests per minute
// A stream's opening counts as a request; the streams held open (events, stats) are reported beside the figure.
//   node scripts/bench/run.mjs engine-idle [--minutes N]     (needs the test bed: source "$(bash testbed/bed.sh env)")
import * as path from 'node:path';
import { median, percentile, readFlags, recordFigure, runBench, sleep, until } from './common';
import { EngineProxy } from '../../test/integration/fixtures/engineProxy';
import { startTestLab } from '../../test/integration/fixtures/lab';
import { StackStatusReader, expectedServices, readerPatches, type ServiceStatus } from '../../src/core/stack/engine/status';
import { StackWatcher } from '../../src/core/stack/engine/watcher';
import { StatsSampler } from '../../src/core/docker/statsSampler';

/** Requests that are not streams, per minute, and the streams open at the end of each minute. */
async function countMinutes(proxy: EngineProxy, minutes: number, label: string): Promise<{ perMinute: number[]; streams: number[] }> {
  const perMinute: number[] = [];
  const streams: number[] = [];
  for (let m = 0; m < minutes; m++) {
    const before = proxy.counts();
    await sleep(60_000);
    const during = proxy.countsSince(before);
    // Every request counts, a stream's opening included (a reopened events stream is a request too).
    const requests = Object.values(during).reduce((n, v) => n + v, 0);
    perMinute.push(requests);
    streams.push(proxy.stats.openStreams);
    process.stdout.write(`${label} minute ${m + 1}: ${requests} request(s) ${JSON.stringify(during)}; ${proxy.stats.openStreams} stream(s) open\n`);
  }
  return { perMinute, streams };
}

async function main(): Promise<void> {
  const f = readFlags(process.argv.slice(2), { minutes: 'number' }, '--minutes N (per phase, default 3)');
  const minutes = f.minutes ?? 3;
  if (!(minutes >= 1 && minutes <= 10)) throw new Error('--minutes must be 1..10');
  process.stderr.write('starting a lab on the test bed…\n');
  const lab = await startTestLab('bench-idle', { stackSourceDir: path.join(process.cwd(), 'resources', 'stack') });
  const proxy = await EngineProxy.start(EngineProxy.upstreamFromEnv());
  const abandon = () => void lab.teardown().finally(() => process.exit(130));
  process.once('SIGINT', abandon);
  process.once('SIGTERM', abandon);
  const client = proxy.docker();
  const reader = new StackStatusReader(client, lab.config.projectName, expectedServices(lab.config));
  let latest: ServiceStatus[] = [];
  const sampler = new StatsSampler(client);
  let statsSubscription: { dispose(): void } | undefined;
  const watcher = new StackWatcher<ServiceStatus[]>({
    docker: client,
    projectName: lab.config.projectName,
    read: () => reader.readAll(),
    patches: readerPatches(() => reader),
    onChange: (model) => {
      latest = model;
      sampler.setTargets(model.filter((s) => s.state === 'running' && s.containerId).map((s) => ({ containerId: s.containerId!, service: s.service })));
    },
    isStale: (model) => model.some((s) => s.stale),
    reconcile: false,
  });
  try {
    watcher.start();
    await until(
      () => latest.length > 0 && latest.every((s) => s.state === 'running' && s.health !== 'starting'),
      120_000,
      'every service running and past its start period',
    );
    await sleep(2000);
    const hidden = await countMinutes(proxy, minutes, 'hidden');

    // The Stack view becomes visible: the editor turns the reconcile on and subscribes to live stats.
    watcher.setReconcile(true);
    statsSubscription = sampler.subscribe(() => undefined);
    await sleep(5000); // the stats streams open
    const visible = await countMinutes(proxy, minutes, 'visible');

    const figure = (id: string, what: string, samples: number[], goalMax: number, streams: number[]) => {
      const sorted = [...samples].sort((a, b) => a - b);
      const p95 = percentile(sorted, 95);
      recordFigure({
        id,
        figure: what,
        unit: 'requests/min',
        median: median(sorted),
        p95,
        samples: sorted.length,
        goal: `p95 ≤ ${goalMax} requests/min`,
        met: p95 <= goalMax,
        command: `node scripts/bench/run.mjs engine-idle --minutes ${minutes}`,
        note: `long-lived streams open: ${[...new Set(streams)].join('/')} (events${id.endsWith('visible') ? ' + one stats stream per running container' : ''})`,
      });
    };
    figure('engine-idle.hidden', 'engine requests per minute, lab idle, every Monitoring Lab view hidden', hidden.perMinute, 0, hidden.streams);
    figure(
      'engine-idle.visible',
      'engine requests per minute, lab idle, Stack view visible (safety reconcile + live stats)',
      visible.perMinute,
      2,
      visible.streams,
    );
  } finally {
    statsSubscription?.dispose();
    watcher.stop();
    await proxy.stop();
    await lab.teardown();
  }
}

runBench(main);
