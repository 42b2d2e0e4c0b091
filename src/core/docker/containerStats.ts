// CPU % and memory from the Engine API's stats, computed the way the Docker CLI does (`docker stats`),
// for cgroup v1 and v2. Pure, so the arithmetic is unit-tested against recorded samples.

/** The subset of a stats sample these functions read. */
export interface EngineStats {
  read?: string;
  cpu_stats?: CpuStats;
  precpu_stats?: CpuStats;
  memory_stats?: {
    usage?: number;
    limit?: number;
    stats?: Record<string, number | undefined>;
  };
}

interface CpuStats {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] };
  system_cpu_usage?: number;
  online_cpus?: number;
}

/**
 * CPU % across all CPUs (200 % = two cores busy), like the Docker CLI: the container's CPU time delta
 * over the host's CPU time delta, times the number of online CPUs. 0 when there is no previous sample.
 */
export function cpuPercent(stats: EngineStats): number {
  const cpu = stats.cpu_stats;
  const pre = stats.precpu_stats;
  const total = cpu?.cpu_usage?.total_usage;
  const preTotal = pre?.cpu_usage?.total_usage;
  const system = cpu?.system_cpu_usage;
  const preSystem = pre?.system_cpu_usage;
  if (total === undefined || preTotal === undefined || system === undefined || preSystem === undefined) return 0;
  const cpuDelta = total - preTotal;
  const systemDelta = system - preSystem;
  // cgroup v2 and newer engines report online_cpus; cgroup v1 on old engines only the per-CPU list.
  const cpus = cpu?.online_cpus || cpu?.cpu_usage?.percpu_usage?.length || 1;
  if (systemDelta <= 0 || cpuDelta < 0) return 0;
  return (cpuDelta / systemDelta) * cpus * 100;
}

/**
 * Memory in use, like the Docker CLI: usage minus the inactive page cache, which the kernel can drop
 * (`total_inactive_file` on cgroup v1, `inactive_file` on cgroup v2).
 */
export function memoryUsageBytes(stats: EngineStats): number {
  const mem = stats.memory_stats;
  const usage = mem?.usage ?? 0;
  const s = mem?.stats ?? {};
  const inactive = s.total_inactive_file ?? s.inactive_file;
  return inactive !== undefined && inactive < usage ? usage - inactive : usage;
}

export function memoryLimitBytes(stats: EngineStats): number {
  return stats.memory_stats?.limit ?? 0;
}
