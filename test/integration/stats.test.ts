// The one stats sampler against the real engine: a busy container shows up with real CPU and memory.
import * as assert from 'node:assert/strict';
import type { ContainerSample } from '../../src/core/docker/statsSampler';
import { StatsSampler } from '../../src/core/docker/statsSampler';
import { runHostContainer, useSuiteEngine, waitFor } from './fixtures/engine';
import { IMAGES } from './fixtures/images';

const SUITE = 'stats';

describe('integration: stats sampler', function () {
  this.timeout(60_000);
  const engine = useSuiteEngine(SUITE);

  it('streams CPU % and memory for its targets only while subscribed', async () => {
    const busy = await runHostContainer(engine.docker, {
      suite: SUITE,
      image: IMAGES.base,
      name: 'busy',
      // One busy loop, bounded to 40 s.
      cmd: ['timeout', '40', 'sh', '-c', 'while :; do :; done'],
    });
    const sampler = new StatsSampler(engine.docker, 500);
    sampler.setTargets([{ containerId: busy.id, service: 'busy' }]);
    let last: ContainerSample[] = [];
    const subscription = sampler.subscribe((samples) => (last = samples));
    try {
      const sample = await waitFor('a busy sample above 50 % CPU', async () => last.find((s) => s.service === 'busy' && s.cpuPercent > 50), 20_000, 250);
      assert.equal(sample.containerId, busy.id);
      assert.ok(sample.memoryBytes > 0 && sample.memoryLimitBytes >= sample.memoryBytes);
      assert.ok(sample.cpuPercent < 250, `cpu ${sample.cpuPercent}% for one busy loop on a 2-CPU engine`);
    } finally {
      subscription.dispose();
    }
    assert.deepEqual(sampler.snapshot(), [], 'unsubscribing stops sampling and forgets samples');
  });
});
