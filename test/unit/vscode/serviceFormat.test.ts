import * as assert from 'node:assert/strict';
import { contextValue, describeService, formatUptime, summarize } from '../../../src/vscode/serviceFormat';
import type { ServiceStatus } from '../../../src/core/stack';

const T = Date.parse('2026-11-27T10:00:00Z');
const running = (service: string, health: ServiceStatus['health'] = 'healthy'): ServiceStatus => ({
  service,
  state: 'running',
  health,
  ports: [{ hostIp: '127.0.0.1', hostPort: 9200, containerPort: 9200, protocol: 'tcp' }],
  startedAt: new Date(T - 125_000).toISOString(),
  containerId: `id-${service}`,
});

describe('vscode/serviceFormat', () => {
  it('describes a running service with state, port, uptime and live stats', () => {
    const text = describeService(
      running('elasticsearch'),
      { service: 'elasticsearch', containerId: 'id-elasticsearch', cpuPercent: 12.345, memoryBytes: 600 * 2 ** 20, memoryLimitBytes: 0, time: T },
      T,
    );
    assert.equal(text, 'healthy · :9200 · up 2m · 12.3% CPU · 600 MiB');
  });

  it('uptime reads naturally', () => {
    assert.equal(formatUptime(new Date(T - 5_000).toISOString(), T), 'up 5s');
    assert.equal(formatUptime(new Date(T - 2 * 3600_000 - 60_000).toISOString(), T), 'up 2h 1m');
    assert.equal(formatUptime(new Date(T - 3 * 86_400_000).toISOString(), T), 'up 3d 0h');
    assert.equal(formatUptime(undefined, T), undefined);
  });

  it('summarises: all healthy, some running, or nothing of the lab', () => {
    assert.equal(summarize([running('a'), running('b', 'none')]), '2/2 healthy');
    assert.equal(summarize([running('a'), { service: 'b', state: 'exited', health: 'none', ports: [], detail: 'exited (137)' }]), '1/2 running');
    assert.equal(summarize([{ service: 'a', state: 'missing', health: 'none' }]), undefined);
    assert.equal(summarize([]), undefined);
    // Counted as the status bar counts: an unhealthy or starting service is running, not healthy.
    assert.equal(summarize([running('a'), running('b', 'starting'), running('c', 'unhealthy')]), '3/3 running');
  });

  it('context values drive the menus: state, and .web for services a browser opens', () => {
    assert.equal(contextValue(running('app')), 'service.running.web');
    assert.equal(contextValue(running('node-exporter')), 'service.running');
    assert.equal(contextValue({ service: 'app', state: 'exited', health: 'none', ports: [] }), 'service.stopped');
    assert.equal(contextValue({ service: 'app', state: 'missing', health: 'none', ports: [] }), 'service.missing');
  });
});
