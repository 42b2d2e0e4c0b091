import * as assert from 'node:assert/strict';
import { cpuPercent, memoryLimitBytes, memoryUsageBytes } from '../../../../src/core/docker/containerStats';

// Shapes as the Engine API returns them (trimmed): cgroup v1 (per-CPU list, total_inactive_file)
// and cgroup v2 (online_cpus, inactive_file).
const v1 = {
  read: '2026-11-27T10:00:01.000Z',
  cpu_stats: { cpu_usage: { total_usage: 3_000_000_000, percpu_usage: [1, 2] }, system_cpu_usage: 20_000_000_000 },
  precpu_stats: { cpu_usage: { total_usage: 2_000_000_000 }, system_cpu_usage: 18_000_000_000 },
  memory_stats: { usage: 300 * 2 ** 20, limit: 8 * 2 ** 30, stats: { total_inactive_file: 100 * 2 ** 20 } },
};
const v2 = {
  cpu_stats: { cpu_usage: { total_usage: 5_500_000_000 }, system_cpu_usage: 40_000_000_000, online_cpus: 4 },
  precpu_stats: { cpu_usage: { total_usage: 5_000_000_000 }, system_cpu_usage: 36_000_000_000 },
  memory_stats: { usage: 50 * 2 ** 20, limit: 2 ** 30, stats: { inactive_file: 10 * 2 ** 20 } },
};

describe('core/docker/containerStats', () => {
  it('cgroup v1: CPU % is cpuDelta/systemDelta × CPUs (from the per-CPU list) × 100', () => {
    assert.equal(cpuPercent(v1), (1e9 / 2e9) * 2 * 100);
  });

  it('cgroup v2: uses online_cpus', () => {
    assert.equal(cpuPercent(v2), (0.5e9 / 4e9) * 4 * 100);
  });

  it('no previous sample or a counter reset gives 0, not a spike', () => {
    assert.equal(cpuPercent({ cpu_stats: v2.cpu_stats }), 0);
    assert.equal(cpuPercent({ cpu_stats: v2.cpu_stats, precpu_stats: { cpu_usage: { total_usage: 9e9 }, system_cpu_usage: 1e9 } }), 0);
  });

  it('memory in use excludes the inactive page cache (v1 and v2), like docker stats', () => {
    assert.equal(memoryUsageBytes(v1), 200 * 2 ** 20);
    assert.equal(memoryUsageBytes(v2), 40 * 2 ** 20);
    assert.equal(memoryUsageBytes({ memory_stats: { usage: 5 } }), 5);
    assert.equal(memoryLimitBytes(v1), 8 * 2 ** 30);
  });
});
