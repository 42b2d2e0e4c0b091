// System Metrics: host CPU and memory from Prometheus (query_range over the last 15 minutes, ~90 points),
// per-container CPU and memory from the stack's one stats sampler, and scenario markers for both.
// No 'vscode' here: the host passes `post`, so the feed is unit-tested with fakes.
import { hostCpuBusy, hostMemoryUsed, stepForRange } from '../../core/metrics/promql';
import { CommonToHost, CommonToPage, type ScenarioMarker, type SourceStatus } from '../../shared/panelProtocol';
import { type ContainersChartMessage, type HostChartMessage, type SystemMetricsToHost, SystemMetricsToPage } from '../../shared/systemMetricsProtocol';
import { ContainerHistory } from './containerHistory';
import type { PanelDeps } from './panelDeps';
import type { PanelFeed } from './panelFeed';
import { PollOutcome, Poller, Timers } from './poller';
import { toMarker } from './scenarioMarkers';
import { ratioSeriesToPercentPoints } from './seriesPoints';
import { sameStatus, statusForError, stoppedStatus } from './sourceStatus';

export interface MetricsFeedOptions {
  deps: Pick<PanelDeps, 'prometheus' | 'records' | 'stats' | 'scrapeIntervalSeconds'>;
  post(message: SystemMetricsToPage): void;
  log(line: string): void;
  now?: () => number;
  timers?: Timers;
  windowMs?: number;
  targetPoints?: number;
  /** Containers: post at most this often, whatever the sampler's pace. */
  containerPostIntervalMs?: number;
}

export const METRICS_WINDOW_MS = 15 * 60_000;
export const METRICS_TARGET_POINTS = 90;

export class SystemMetricsFeed implements PanelFeed<SystemMetricsToHost> {
  private readonly hostPoller: Poller;
  private readonly history = new ContainerHistory();
  private readonly now: () => number;
  private readonly windowMs: number;
  private status: SourceStatus = { type: CommonToPage.Status, state: 'loading' };
  private lastHost: HostChartMessage | undefined;
  private markers: ScenarioMarker[] = [];
  private statsSubscription: { dispose(): void } | undefined;
  private lastContainerPost = 0;
  private warnedManySeries = false;
  private disposed = false;

  constructor(private readonly options: MetricsFeedOptions) {
    this.now = options.now ?? Date.now;
    this.windowMs = options.windowMs ?? METRICS_WINDOW_MS;
    // Polling faster than Prometheus scrapes only re-reads the same samples.
    const intervalMs = Math.max(5, options.deps.scrapeIntervalSeconds) * 1000;
    this.hostPoller = new Poller(() => this.pollHost(), intervalMs, (err) => this.options.log(`System Metrics: poll failed unexpectedly: ${String(err)}`), options.timers);
  }

  onReady(): void {
    this.options.post(this.status);
    if (this.lastHost) this.options.post(this.lastHost);
    this.options.post(this.containersMessage());
  }

  onMessage(message: SystemMetricsToHost): void {
    if (message.type === CommonToHost.Ready) this.onReady();
    else if (message.type === CommonToHost.Action && message.action === 'retry') this.hostPoller.runNow();
  }

  setVisible(visible: boolean): void {
    if (this.disposed) return;
    if (visible) {
      this.hostPoller.start();
      this.subscribeStats();
    } else {
      this.hostPoller.stop();
      this.statsSubscription?.dispose();
      this.statsSubscription = undefined;
    }
  }

  /** Closes the stats subscription and stops the Prometheus poller for good (the panel is gone). */
  dispose(): void {
    // Release first, then mark disposed: setVisible() ignores calls after dispose, so the other order would
    // leave the stats streams and the poller running after the panel closed.
    this.setVisible(false);
    this.disposed = true;
  }

  private subscribeStats(): void {
    const stats = this.options.deps.stats;
    if (!stats || this.statsSubscription) return;
    this.statsSubscription = stats.subscribe((samples) => {
      this.history.add(samples);
      const now = this.now();
      if (now - this.lastContainerPost < (this.options.containerPostIntervalMs ?? 1000)) return;
      this.lastContainerPost = now;
      this.options.post(this.containersMessage());
    });
  }

  private containersMessage(): ContainersChartMessage {
    const to = this.now();
    return {
      type: SystemMetricsToPage.Containers,
      from: to - this.history.windowMs,
      to,
      available: this.options.deps.stats !== undefined,
      services: this.history.series(to),
      markers: this.markers,
    };
  }

  private async pollHost(): Promise<PollOutcome> {
    const prometheus = this.options.deps.prometheus();
    if (!prometheus) {
      this.setStatus(stoppedStatus('Prometheus'));
      return {};
    }
    const scrape = this.options.deps.scrapeIntervalSeconds;
    const to = this.now();
    const from = to - this.windowMs;
    const stepSeconds = stepForRange(this.windowMs / 1000, this.options.targetPoints ?? METRICS_TARGET_POINTS, scrape);
    // Align to the step so consecutive polls evaluate at the same instants and the line does not wobble.
    const end = Math.floor(to / 1000 / stepSeconds) * stepSeconds;
    const range = { start: end - this.windowMs / 1000, end, stepSeconds };
    try {
      const [cpu, memory, records] = await Promise.all([
        prometheus.queryRange(hostCpuBusy(scrape), range),
        prometheus.queryRange(hostMemoryUsed(), range),
        this.options.deps.records.inRange(from, to),
      ]);
      if (cpu.length > 1 && !this.warnedManySeries) {
        this.warnedManySeries = true;
        this.options.log(`System Metrics: ${cpu.length} Node Exporter series; showing the first (${JSON.stringify(cpu[0]?.labels)})`);
      }
      this.markers = records.map(toMarker);
      this.lastHost = {
        type: SystemMetricsToPage.Host,
        from,
        to,
        cpu: { points: ratioSeriesToPercentPoints(cpu[0], stepSeconds) },
        memory: { points: ratioSeriesToPercentPoints(memory[0], stepSeconds) },
        markers: this.markers,
      };
      this.setStatus({ type: CommonToPage.Status, state: 'ready' });
      this.options.post(this.lastHost);
      // Containers get the fresh markers (and their time axis moves on) even if the sampler is quiet.
      this.options.post(this.containersMessage());
    } catch (err) {
      const status = statusForError('Prometheus', err);
      if (!sameStatus(this.status, status)) this.options.log(`System Metrics: ${status.state}: ${status.detail ?? ''}`);
      this.setStatus(status);
    }
    return {};
  }

  private setStatus(status: SourceStatus): void {
    if (sameStatus(this.status, status)) return;
    this.status = status;
    this.options.post(status);
  }
}
