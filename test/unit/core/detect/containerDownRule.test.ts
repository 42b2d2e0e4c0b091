import * as assert from 'node:assert/strict';
import { containerDownRule } from '../../../../src/core/detect/rules/containerDown';
import { type ServiceState, summarizeServices } from '../../../../src/core/detect/serviceStates';
import { T0 } from './fakes';

const signal = new AbortController().signal;
const up = (service: string, health: ServiceState['health'] = 'healthy'): ServiceState => ({ service, state: 'running', health });

describe('core/detect container-down rule', () => {
  it('names stopped and unhealthy services; running, healthy and starting ones are fine', async () => {
    const states: ServiceState[] = [
      up('app'),
      up('prometheus', 'starting'),
      { service: 'elasticsearch', state: 'exited', health: 'none' },
      up('node-exporter', 'unhealthy'),
    ];
    const rule = containerDownRule(() => states, 1000);
    const m = await rule.measure(T0, signal);
    assert.equal(m.value, 2);
    assert.ok(m.value >= rule.fireAt);
    assert.deepEqual(
      m.subjects.map((s) => `${s.name}:${s.detail}`),
      ['elasticsearch:exited', 'node-exporter:unhealthy'],
    );
    assert.equal(rule.describe(m), 'elasticsearch exited, node-exporter unhealthy');
  });

  it('all healthy → nothing to report (value 0, below fireAt)', async () => {
    const rule = containerDownRule(async () => [up('app'), up('elasticsearch', 'none')], 1000);
    const m = await rule.measure(T0, signal);
    assert.equal(m.value, 0);
    assert.ok(m.value < rule.fireAt);
  });

  it('a service stopped on purpose, and one not created yet, are not down; one that exited by itself is', async () => {
    const states: ServiceState[] = [
      up('app'),
      { service: 'prometheus', state: 'exited', health: 'none', expectedDown: true },
      { service: 'elasticsearch', state: 'missing', health: 'none', expectedDown: true },
      { service: 'node-exporter', state: 'exited', health: 'none' },
    ];
    const rule = containerDownRule(() => states, 1000);
    const m = await rule.measure(T0, signal);
    assert.deepEqual(
      m.subjects.map((s) => `${s.name}:${s.detail}`),
      ['node-exporter:exited'],
    );
    assert.deepEqual(summarizeServices(states), { total: 4, healthy: 1, starting: 0, stopped: 2, down: [{ service: 'node-exporter', problem: 'exited' }] });
  });

  it('asks for two consecutive observations before firing', () => {
    assert.equal(containerDownRule(() => [], 1000).confirmTicks, 2);
  });

  it('summarizes the lab for the status bar', () => {
    const summary = summarizeServices([up('app'), up('es', 'starting'), { service: 'prom', state: 'missing', health: 'none' }, up('ne', 'none')]);
    assert.deepEqual(summary, { total: 4, healthy: 2, starting: 1, stopped: 0, down: [{ service: 'prom', problem: 'missing' }] });
  });
});
