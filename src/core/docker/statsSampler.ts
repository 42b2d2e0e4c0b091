// The one stats sampler: live CPU and memory of the lab's containers, shared by the tree and the panels.
// It streams the Engine API's stats (one long-lived request per container, a sample per second) only
// while someone is subscribed, and hands out the latest sample per container at a fixed cadence.
import Docker from 'dockerode';
import { EngineStats, cpuPercent, memoryLimitBytes, memoryUsageBytes } from './containerStats';

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

export class StatsSampler implements StatsSource {
  private readonly listeners = new Set<SamplesListener>();
  private readonly streams = new Map<string, { service: string; stream: NodeJS.ReadableStream & { destroy?(): void } }>();
  private readonly latest = new Map<string, ContainerSample>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private targets: StatsTarget[] = [];

  constructor(
    private readonly docker: Docker,
    private readonly emitEveryMs = 2000,
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

  /** Opens streams for new targets and closes those of containers that went away. */
  private reconcile(): void {
    const wanted = new Map(this.targets.map((t) => [t.containerId, t.service]));
    for (const id of [...this.streams.keys()]) if (!wanted.has(id)) this.close(id);
    for (const [id, service] of wanted) if (!this.streams.has(id)) void this.open(id, service);
  }

  private async open(containerId: string, service: string): Promise<void> {
    let stream: NodeJS.ReadableStream & { destroy?(): void };
    try {
      stream = (await this.docker.getContainer(containerId).stats({ stream: true })) as unknown as typeof stream;
    } catch {
      return; // Container gone or stopped: the next setTargets() reconciles.
    }
    if (this.listeners.size === 0 || !this.targets.some((t) => t.containerId === containerId)) {
      stream.destroy?.();
      return;
    }
    this.streams.set(containerId, { service, stream });
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) this.record(containerId, service, line);
      }
    });
    const ended = () => {
      if (this.streams.get(containerId)?.stream === stream) this.streams.delete(containerId);
      this.latest.delete(containerId);
    };
    stream.on('end', ended);
    stream.on('error', ended);
  }

  private record(containerId: string, service: string, line: string): void {
    let stats: EngineStats;
    try {
      stats = JSON.parse(line) as EngineStats;
    } catch {
      return;
    }
    this.latest.set(containerId, {
      service,
      containerId,
      cpuPercent: cpuPercent(stats),
      memoryBytes: memoryUsageBytes(stats),
      memoryLimitBytes: memoryLimitBytes(stats),
      time: stats.read ? Date.parse(stats.read) : Date.now(),
    });
  }

  private close(containerId: string): void {
    this.streams.get(containerId)?.stream.destroy?.();
    this.streams.delete(containerId);
    this.latest.delete(containerId);
  }
}
