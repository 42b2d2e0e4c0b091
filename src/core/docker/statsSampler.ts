// The one stats sampler: live CPU and memory of the lab's containers, shared by the tree and the panels.
// It streams the Engine API's stats (one long-lived request per container, a sample per second) only
// while someone is subscribed, and hands out the latest sample per container at a fixed cadence.
import type Docker from 'dockerode';
import { isGone } from './containers';
import type { EngineStats } from './containerStats';
import { cpuPercent, memoryLimitBytes, memoryUsageBytes } from './containerStats';
import { ndjsonReader } from './ndjson';
import { t } from '../l10n';

export interface ContainerSample {
  service: string;
  containerId: string;
  cpuPercent: number;
  memoryBytes: number;
  memoryLimitBytes: number;
  /** Unix ms. */
  time: number;
}

export interface StatsTarget {
  containerId: string;
  service: string;
}

export type SamplesListener = (samples: ContainerSample[]) => void;

export interface StatsSource {
  subscribe(listener: SamplesListener): { dispose(): void };
}

type StatsStream = NodeJS.ReadableStream & { destroy?(): void };

/** One watched container: `stream` is undefined while its stats request is still opening. */
interface StreamEntry {
  service: string;
  stream?: StatsStream;
}

/** Called with a sentence naming the container when a stats stream cannot be opened or fails. */
export type StatsProblemListener = (message: string, err: unknown) => void;

const MESSAGES = {
  openFailed: (service: string, id: string, err: unknown) => t('cannot read the stats of {0} (container {1}): {2}', service, id.slice(0, 12), errorText(err)),
  streamFailed: (service: string, id: string, err: unknown) =>
    t('the stats stream of {0} (container {1}) failed: {2}', service, id.slice(0, 12), errorText(err)),
};

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class StatsSampler implements StatsSource {
  private readonly listeners = new Set<SamplesListener>();
  private readonly streams = new Map<string, StreamEntry>();
  private readonly latest = new Map<string, ContainerSample>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private targets: StatsTarget[] = [];

  constructor(
    private readonly docker: Docker,
    private readonly emitEveryMs = 2000,
    /** Where real failures go (not a container that is gone: the next setTargets() reconciles that). */
    private readonly onProblem: StatsProblemListener = (message) => console.warn(`Monitoring Lab: ${message}`),
  ) {}

  /** The containers to watch (running ones); call again whenever the stack changes. */
  setTargets(targets: StatsTarget[]): void {
    this.targets = targets;
    if (this.listeners.size > 0) this.reconcile();
  }

  subscribe(listener: SamplesListener): { dispose(): void } {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return {
      dispose: () => {
        this.listeners.delete(listener);
        if (this.listeners.size === 0) this.stop();
      },
    };
  }

  /** Latest samples, one per watched container. */
  snapshot(): ContainerSample[] {
    return [...this.latest.values()];
  }

  dispose(): void {
    this.listeners.clear();
    this.stop();
  }

  private start(): void {
    this.reconcile();
    this.timer = setInterval(() => this.emit(), this.emitEveryMs);
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const id of [...this.streams.keys()]) this.close(id);
    this.latest.clear();
  }

  private emit(): void {
    const samples = this.snapshot();
    for (const listener of this.listeners) listener(samples);
  }

  /** Opens streams for new targets and closes those of containers that went away (or are still opening). */
  private reconcile(): void {
    const wanted = new Map(this.targets.map((t) => [t.containerId, t.service]));
    for (const id of [...this.streams.keys()]) if (!wanted.has(id)) this.close(id);
    for (const [id, service] of wanted) if (!this.streams.has(id)) void this.open(id, service);
  }

  private async open(containerId: string, service: string): Promise<void> {
    // Marked as opening before the request: a reconcile during the await sees it and opens no second stream.
    const entry: StreamEntry = { service };
    this.streams.set(containerId, entry);
    let stream: StatsStream;
    try {
      stream = (await this.docker.getContainer(containerId).stats({ stream: true })) as unknown as StatsStream;
    } catch (err) {
      if (this.streams.get(containerId) === entry) this.streams.delete(containerId);
      // A container that is gone (or being removed) is not a problem: the next setTargets() reconciles.
      if (!isGone(err)) this.onProblem(MESSAGES.openFailed(service, containerId, err), err);
      return;
    }
    if (this.streams.get(containerId) !== entry) {
      // Lost the race: closed (unsubscribed, or no longer a target) while opening, perhaps reopened since.
      stream.destroy?.();
      return;
    }
    entry.stream = stream;
    // A torn or non-JSON line is dropped: the next sample (a second later) replaces it.
    stream.on(
      'data',
      ndjsonReader<EngineStats>((stats) => this.record(containerId, service, stats)),
    );
    const ended = () => {
      if (this.streams.get(containerId) !== entry) return;
      this.streams.delete(containerId);
      this.latest.delete(containerId);
    };
    stream.on('end', ended);
    stream.on('error', (err: unknown) => {
      if (this.streams.get(containerId) === entry) this.onProblem(MESSAGES.streamFailed(service, containerId, err), err);
      ended();
    });
  }

  private record(containerId: string, service: string, stats: EngineStats): void {
    this.latest.set(containerId, {
      service,
      containerId,
      cpuPercent: cpuPercent(stats),
      memoryBytes: memoryUsageBytes(stats),
      memoryLimitBytes: memoryLimitBytes(stats),
      time: stats.read ? Date.parse(stats.read) : Date.now(),
    });
  }

  /** Destroys the stream; an entry still opening is dropped, and its stream is destroyed when it arrives. */
  private close(containerId: string): void {
    this.streams.get(containerId)?.stream?.destroy?.();
    this.streams.delete(containerId);
    this.latest.delete(containerId);
  }
}
