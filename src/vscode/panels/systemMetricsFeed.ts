// System Metrics: host CPU and memory from Prometheus (query_range over the window the page chose: 5 min, 15 min,
// 1 h or "this scenario run", at a step giving 300–600 points where the scrape interval allows), per-container CPU
// and memory from the stack's one stats sampler, scenario markers for both, and for the host charts the High CPU /
// High memory thresholds and the moments those alerts fired.
// No 'vscode' here: the host passes `post`, so the feed is unit-tested with fakes.
import type { AnnotationWords, ChartWindowKey, TimeRange } from '../../core/charts';
import { t } from '../../core/l10n';
import { DEFAULT_CHART_WINDOW, LONGEST_WINDOW_MS, alertMoments, firstSampleTime, resolveWindow, ruleThresholds, stepSecondsFor } from '../../core/charts';
import { hostCpuBusy, hostMemoryUsed } from '../../core/metrics/promql';
import { CommonToHost, CommonToPage, type Point, type ScenarioMarker, type SourceStatus } from '../../shared/panelProtocol';
import {
  type ContainerSeries,
  type ContainersChartMessage,
  type HostChartMessage,
  type MetricsWindow,
  SystemMetricsToHost,
  SystemMetricsToPage,
} from '../../shared/systemMetricsProtocol';
import { ContainerHistory } from './containerHistory';
import type { PanelDeps } from './panelDeps';
import type { PanelFeed } from './panelFeed';
import type { PollOutcome, Timers } from './poller';
import { Poller } from './poller';
import { toMarker } from './scenarioMarkers';
import { ratioSeriesToPercentPoints } from './seriesPoints';
import { sameStatus, statusForError, stoppedStatus } from './sourceStatus';
import { defined } from '../../shared/defined';

export interface MetricsFeedOptions {
  deps: Pick<PanelDeps, 'prometheus' | 'records' | 'stats' | 'scrapeIntervalSeconds' | 'detection' | 'alerts'>;
  post(message: SystemMetricsToPage): void;
  log(line: string): void;
  now?: () => number;
  timers?: Timers;
  /** The window shown until the page picks another (a restored panel: the page's saved choice). */
  window?: ChartWindowKey;
  /**
   * A look-back reaching an alert's evidence (Show Evidence): shown as the 'evidence' window, ending now, until the
   * page picks a window. Ignored when not longer than the default window.
   */
  windowMs?: number;
  /** The alert's evidence range to highlight on the host charts (Show Evidence). */
  focus?: { from: number; to: number };
  targetPoints?: number;
  /** Containers: post at most this often, whatever the sampler's pace. */
  containerPostIntervalMs?: number;
}

/** The default window's length; an evidence look-back shorter than this needs no special window. */
export const METRICS_WINDOW_MS = 15 * 60_000;
/** How far back "this scenario run" looks for a run. */
export const RUN_LOOKBACK_MS = 24 * 60 * 60_000;
/** Container points sent per series at most (a 1 h window of 5 s slots is thinned to this). */
export const CONTAINER_MAX_SENT_POINTS = 450;

type HostChart = HostChartMessage;

/** The charts' threshold and alert labels in the user's language (read at each poll: the language can change). */
export function annotationWords(): AnnotationWords {
  return {
    alertAbove: (percent, forSeconds) => (forSeconds ? t('alert above {0} % for {1} s', percent, forSeconds) : t('alert above {0} %', percent)),
    clearsBelow: (percent) => t('clears below {0} %', percent),
    fired: (title) => t('{0} fired', title),
  };
}
type ContainersChart = ContainersChartMessage;

export class SystemMetricsFeed implements PanelFeed<SystemMetricsToHost> {
  private readonly hostPoller: Poller;
  /** Kept for the longest window, so switching to it shows what was sampled while the panel was visible. */
  private readonly history = new ContainerHistory(LONGEST_WINDOW_MS, LONGEST_WINDOW_MS / 5000);
  private readonly now: () => number;
  private window: MetricsWindow;
  /** The 'evidence' window's look-back. */
  private evidenceMs: number | undefined;
  /** The evidence range highlighted on the host charts. */
  private focus: { from: number; to: number } | undefined;
  /** The host charts' last range (the containers' "this scenario run" range follows it). */
  private range: TimeRange | undefined;
  private status: SourceStatus = { type: CommonToPage.Status, state: 'loading' };
  private lastHost: HostChart | undefined;
  private markers: ScenarioMarker[] = [];
  private statsSubscription: { dispose(): void } | undefined;
  private lastContainerPost = 0;
  private warnedManySeries = false;
  private disposed = false;

  constructor(private readonly options: MetricsFeedOptions) {
    this.now = options.now ?? Date.now;
    this.evidenceMs = options.windowMs !== undefined && options.windowMs > METRICS_WINDOW_MS ? options.windowMs : undefined;
    this.window = this.evidenceMs !== undefined ? 'evidence' : (options.window ?? DEFAULT_CHART_WINDOW);
    this.focus = options.focus;
    // Polling faster than Prometheus scrapes only re-reads the same samples.
    const intervalMs = Math.max(5, options.deps.scrapeIntervalSeconds) * 1000;
    this.hostPoller = new Poller(
      () => this.pollHost(),
      intervalMs,
      (err) => this.options.log(`System Metrics: poll failed unexpectedly: ${String(err)}`),
      options.timers,
    );
  }

  onReady(): void {
    this.options.post(this.status);
    if (this.lastHost) this.options.post(this.lastHost);
    this.options.post(this.containersMessage());
  }

  onMessage(message: SystemMetricsToHost): void {
    if (message.type === CommonToHost.Ready) this.onReady();
    else if (message.type === CommonToHost.Action && message.action === 'retry') this.hostPoller.runNow();
    else if (message.type === SystemMetricsToHost.SetWindow) this.setWindow(message.window);
  }

  /**
   * Highlights an alert's evidence range on the host charts (an open panel asked again by Show Evidence); a range
   * older than the window shown switches to the 'evidence' window reaching a minute before it.
   */
  setFocus(focus: { from: number; to: number }): void {
    this.focus = focus;
    const shownFrom = this.range?.from ?? this.now() - METRICS_WINDOW_MS;
    if (focus.from < shownFrom) {
      this.evidenceMs = this.now() - focus.from + 60_000;
      this.window = 'evidence';
      this.range = undefined;
    }
    this.hostPoller.runNow();
  }

  /** Another window: re-query at once (the containers follow from the sampled history). */
  setWindow(window: ChartWindowKey): void {
    if (window === this.window) return;
    this.window = window;
    this.range = undefined;
    this.options.post(this.containersMessage());
    this.hostPoller.runNow();
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

  private containersMessage(): ContainersChart {
    const now = this.now();
    const services = this.history.series(now);
    const firstSample = firstSampleTime(services.flatMap((s) => [s.cpuPercent, s.memoryPercent]));
    // "This scenario run" follows the host charts' range; a fixed window ends now and starts at the first sample.
    const range = (this.window === 'run' || this.window === 'evidence') && this.range ? this.range : this.resolve(now, this.markers, firstSample);
    return {
      type: SystemMetricsToPage.Containers,
      from: range.from,
      to: range.to,
      available: this.options.deps.stats !== undefined,
      services: services.map((s) => inRange(s, range.from, range.to)),
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
    const window = this.window;
    const now = this.now();
    try {
      // The runs first: "this scenario run" needs them to know what to ask Prometheus for.
      const lookback = window === 'run' ? RUN_LOOKBACK_MS : Math.max(LONGEST_WINDOW_MS, this.evidenceMs ?? 0);
      const records = await this.options.deps.records.inRange(now - lookback, now);
      const markers = records.map(toMarker);
      const planned = this.resolve(now, markers, undefined, window);
      const stepSeconds = stepSecondsFor(planned.to - planned.from, scrape, this.options.targetPoints);
      // Align to the step so consecutive polls evaluate at the same instants and the line does not wobble.
      const end = Math.floor(planned.to / 1000 / stepSeconds) * stepSeconds;
      const start = Math.floor(planned.from / 1000 / stepSeconds) * stepSeconds;
      const query = { start, end, stepSeconds };
      const [cpu, memory] = await Promise.all([prometheus.queryRange(hostCpuBusy(scrape), query), prometheus.queryRange(hostMemoryUsed(), query)]);
      if (window !== this.window) return {}; // the page chose another window meanwhile: its own poll follows
      if (cpu.length > 1 && !this.warnedManySeries) {
        this.warnedManySeries = true;
        this.options.log(`System Metrics: ${cpu.length} Node Exporter series; showing the first (${JSON.stringify(cpu[0]?.labels)})`);
      }
      const cpuPoints = ratioSeriesToPercentPoints(cpu[0], stepSeconds);
      const memoryPoints = ratioSeriesToPercentPoints(memory[0], stepSeconds);
      // A lab younger than the window starts the axis at its first sample.
      const firstSample = firstSampleTime([cpuPoints, memoryPoints]);
      const range = this.resolve(now, markers, firstSample, window);
      this.range = range;
      this.markers = markers.filter((m) => m.start <= range.to && (m.end ?? range.to) >= range.from);
      const rules = this.options.deps.detection?.();
      const alerts = this.options.deps.alerts?.() ?? [];
      const words = annotationWords();
      this.lastHost = {
        type: SystemMetricsToPage.Host,
        from: range.from,
        to: range.to,
        window,
        stepMs: stepSeconds * 1000,
        startsAtFirstSample: range.startsAtFirstSample,
        ...(range.noRun ? { noRun: true } : {}),
        cpu: { points: cpuPoints },
        memory: { points: memoryPoints },
        markers: this.markers,
        thresholds: { cpu: ruleThresholds(rules?.highCpu, words), memory: ruleThresholds(rules?.highMemory, words) },
        alerts: {
          cpu: alertMoments(alerts, ['high-cpu'], range.from, range.to, words),
          memory: alertMoments(alerts, ['high-memory'], range.from, range.to, words),
        },
        ...(this.focus ? { focus: this.focus } : {}),
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

  /** The range of a window at `now`: the chart model's rules, or for 'evidence' the look-back ending now. */
  private resolve(now: number, runs: readonly ScenarioMarker[], firstSample: number | undefined, window: MetricsWindow = this.window): TimeRange {
    const context = { now, runs, ...defined({ firstSample }) };
    if (window !== 'evidence') return resolveWindow(window, context);
    const from = now - (this.evidenceMs ?? METRICS_WINDOW_MS);
    const starts = firstSample !== undefined && firstSample > from && firstSample < now;
    return { from: starts ? firstSample : from, to: now, startsAtFirstSample: starts };
  }

  private setStatus(status: SourceStatus): void {
    if (sameStatus(this.status, status)) return;
    this.status = status;
    this.options.post(status);
  }
}

/** A container's series cut to [from, to], thinned to CONTAINER_MAX_SENT_POINTS (gaps are always kept). */
function inRange(series: ContainerSeries, from: number, to: number): ContainerSeries {
  const cut = (points: Point[]): Point[] => {
    const inside = points.filter(([t]) => t >= from && t <= to);
    const every = Math.ceil(inside.length / CONTAINER_MAX_SENT_POINTS);
    return every <= 1 ? inside : inside.filter(([, v], i) => v === null || i % every === 0 || i === inside.length - 1);
  };
  return { ...series, cpuPercent: cut(series.cpuPercent), memoryPercent: cut(series.memoryPercent), memoryUsed: cut(series.memoryUsed) };
}
