// The stats sampler's bookkeeping against a fake engine whose stats() answers when the test says so:
// reconciles during an open must not open a second stream, and a stream that lost the race is destroyed.
import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { StatsSampler } from '../../../../src/core/docker/statsSampler';

class FakeStream extends PassThrough {
  destroyedByUs = false;
  override destroy(error?: Error): this {
    this.destroyedByUs = true;
    return super.destroy(error);
  }
}

/** stats() returns a promise the test settles by hand, one per call, in order. */
class LateDocker {
  readonly calls: Array<{ id: string; resolve(stream: FakeStream): void; reject(err: unknown): void }> = [];
  readonly streams: FakeStream[] = [];
  getContainer(id: string) {
    return {
      stats: () =>
        new Promise<FakeStream>((resolve, reject) => {
          this.calls.push({ id, resolve, reject });
        }),
    };
  }
  /** Answers the n-th stats() call with a fresh stream. */
  answer(n: number): FakeStream {
    const stream = new FakeStream();
    this.streams.push(stream);
    this.calls[n]!.resolve(stream);
    return stream;
  }
  /** Streams nobody destroyed: each one is an open HTTP request to the engine. */
  get open(): FakeStream[] {
    return this.streams.filter((s) => !s.destroyedByUs);
  }
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

const A = { containerId: 'a'.repeat(64), service: 'app' };

function setup() {
  const docker = new LateDocker();
  const problems: string[] = [];
  const sampler = new StatsSampler(docker as unknown as Docker, 60_000, (message) => problems.push(message));
  return { docker, sampler, problems };
}

describe('core/docker/statsSampler', () => {
  it('two reconciles during one late stats() open one stream, not two', async () => {
    const { docker, sampler } = setup();
    sampler.setTargets([A]);
    const sub = sampler.subscribe(() => undefined);
    sampler.setTargets([A]); // the stack changed while the first request is still opening
    sampler.setTargets([A]);
    assert.equal(docker.calls.length, 1, 'one stats request for one container');
    docker.answer(0);
    await settle();
    assert.equal(docker.open.length, 1);
    sub.dispose();
    await settle();
    assert.equal(docker.open.length, 0, 'unsubscribing closes the stream');
  });

  it('a stream that arrives after unsubscribing is destroyed at once', async () => {
    const { docker, sampler } = setup();
    sampler.setTargets([A]);
    const sub = sampler.subscribe(() => undefined);
    sub.dispose();
    docker.answer(0);
    await settle();
    assert.equal(docker.open.length, 0);
  });

  it('dropped and re-added while opening: the first stream lost the race and is destroyed, the second is kept', async () => {
    const { docker, sampler } = setup();
    const samples: number[] = [];
    sampler.setTargets([A]);
    const sub = sampler.subscribe(() => undefined);
    sampler.setTargets([]);
    sampler.setTargets([A]);
    assert.equal(docker.calls.length, 2);
    const second = docker.answer(1);
    const first = docker.answer(0);
    await settle();
    assert.equal(first.destroyedByUs, true, 'the stale stream is destroyed');
    assert.equal(second.destroyedByUs, false);
    second.write(`${JSON.stringify({ read: '2026-01-01T00:00:00Z', memory_stats: { usage: 1024, limit: 4096 } })}\n`);
    await settle();
    samples.push(...sampler.snapshot().map((s) => s.memoryLimitBytes));
    assert.deepEqual(samples, [4096], 'samples come from the kept stream');
    sub.dispose();
    assert.equal(docker.open.length, 0);
  });

  it('a container that is gone (404) is not a problem; any other failure is reported naming the service', async () => {
    const { docker, sampler, problems } = setup();
    sampler.setTargets([A, { containerId: 'b'.repeat(64), service: 'elasticsearch' }]);
    const sub = sampler.subscribe(() => undefined);
    docker.calls[0]!.reject(Object.assign(new Error('no such container'), { statusCode: 404 }));
    docker.calls[1]!.reject(Object.assign(new Error('connect EACCES /var/run/docker.sock'), { code: 'EACCES' }));
    await settle();
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0]!, /elasticsearch \(container bbbbbbbbbbbb\).*EACCES/);
    // Both may be opened again on the next reconcile.
    sampler.setTargets([A, { containerId: 'b'.repeat(64), service: 'elasticsearch' }]);
    assert.equal(docker.calls.length, 4);
    sub.dispose();
  });
});
