// Per-container CPU and memory history built from the stats sampler's batches, bounded in time and points.
// Samples are folded into fixed slots (window / maxPoints): a sampler that ticks every second still yields
// at most maxPoints points per series, and the latest sample in a slot wins.
import type { Point } from '../../shared/panelProtocol';
import type { ContainerSeries } from '../../shared/systemMetricsProtocol';
import type { ContainerSample } from '../../core/docker/statsSampler';

interface Slot {
  slot: number;
  time: number;
  cpuPercent: number | null;
  memoryPercent: number | null;
  memoryBytes: number | null;
}

interface ServiceHistory {
  slots: Slot[];
  memoryBytes: number;
  memoryLimitBytes: number;
}

export const CONTAINER_WINDOW_MS = 5 * 60_000;
export const CONTAINER_MAX_POINTS = 120;

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

export class ContainerHistory {
  private readonly services = new Map<string, ServiceHistory>();
  private readonly slotMs: number;

  constructor(
    readonly windowMs = CONTAINER_WINDOW_MS,
    readonly maxPoints = CONTAINER_MAX_POINTS,
  ) {
    this.slotMs = windowMs / maxPoints;
  }

  add(samples: readonly ContainerSample[]): void {
    for (const s of samples) {
      if (typeof s.service !== 'string' || !Number.isFinite(s.time)) continue;
      const history = this.services.get(s.service) ?? { slots: [], memoryBytes: 0, memoryLimitBytes: 0 };
      this.services.set(s.service, history);
      const slot = Math.floor(s.time / this.slotMs);
      const point: Slot = {
        slot,
        time: s.time,
        cpuPercent: finiteOrNull(s.cpuPercent),
        // A limit of 0 means "no limit" in Docker's stats: a percentage of it means nothing.
        memoryPercent: s.memoryLimitBytes > 0 ? finiteOrNull((s.memoryBytes / s.memoryLimitBytes) * 100) : null,
        memoryBytes: finiteOrNull(s.memoryBytes),
      };
      const last = history.slots[history.slots.length - 1];
      if (last && last.slot === slot) history.slots[history.slots.length - 1] = point;
      else if (!last || slot > last.slot) history.slots.push(point);
      else continue; // Out of order and older than what we have: drop rather than re-sort.
      history.memoryBytes = s.memoryBytes;
      history.memoryLimitBytes = s.memoryLimitBytes;
    }
  }

  /** Forgets points older than the window, and services with nothing left. */
  prune(now: number): void {
    const oldest = now - this.windowMs;
    for (const [service, history] of this.services) {
      history.slots = history.slots.filter((p) => p.time >= oldest).slice(-this.maxPoints);
      if (history.slots.length === 0) this.services.delete(service);
    }
  }

  series(now: number): ContainerSeries[] {
    this.prune(now);
    return [...this.services.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([service, h]) => ({
        service,
        cpuPercent: withSlotGaps(h.slots, this.slotMs, (p) => p.cpuPercent),
        memoryPercent: withSlotGaps(h.slots, this.slotMs, (p) => p.memoryPercent),
        memoryUsed: withSlotGaps(h.slots, this.slotMs, (p) => p.memoryBytes),
        memoryBytes: h.memoryBytes,
        memoryLimitBytes: h.memoryLimitBytes,
      }));
  }
}

/** Points, with a gap where slots were skipped for more than two slots (the sampler was paused or the container stopped). */
function withSlotGaps(slots: readonly Slot[], slotMs: number, value: (s: Slot) => number | null): Point[] {
  const points: Point[] = [];
  slots.forEach((s, i) => {
    const previous = slots[i - 1];
    if (previous && s.slot - previous.slot > 2) points.push([previous.time + slotMs, null]);
    points.push([s.time, value(s)]);
  });
  return points;
}
