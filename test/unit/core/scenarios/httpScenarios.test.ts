// Pool, progress and cancellation logic of the HTTP scenarios against a tiny loopback HTTP server.
// (The real lab app is exercised by the integration tests.)
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LabAppClient } from '../../../../src/core/app/labAppClient';
import { runBruteForce, runErrorBurst } from '../../../../src/core/scenarios/httpScenarios';
import { DEFAULTS } from '../../../../src/core/scenarios/params';

interface Seen {
  paths: string[];
  bodies: Array<{ username: string; password: string }>;
  maxInFlight: number;
}

async function fakeApp(delayMs: number, statusFor: (n: number) => number): Promise<{ url: string; seen: Seen; close(): Promise<void> }> {
  const seen: Seen = { paths: [], bodies: [], maxInFlight: 0 };
  let inFlight = 0;
  const server = http.createServer((req, res) => {
    inFlight++;
    seen.maxInFlight = Math.max(seen.maxInFlight, inFlight);
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const arrival = seen.paths.push(req.url ?? '');
      if (body) seen.bodies.push(JSON.parse(body) as { username: string; password: string });
      setTimeout(() => {
        inFlight--;
        res.statusCode = statusFor(arrival);
        res.end('{}');
      }, delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((r) => server.close(() => r())) };
}

describe('core/scenarios/httpScenarios', () => {
  it('brute force sends exactly `count` wrong passwords round-robin, within the concurrency, and tallies statuses', async () => {
    const app = await fakeApp(5, (n) => (n > 25 ? 429 : 401));
    try {
      const progress: number[] = [];
      const result = await runBruteForce(
        new LabAppClient(app.url),
        { ...DEFAULTS.bruteForce, count: 30, concurrency: 4, usernames: ['alice', 'bob', 'carol'] },
        { password: 'right' },
        { onProgress: (p) => progress.push(p.done) },
      );
      assert.equal(result.sent, 30);
      assert.deepEqual(result.counts, { '401': 25, '429': 5 });
      assert.equal(app.seen.bodies.length, 30);
      assert.ok(app.seen.bodies.every((b) => b.password !== 'right' && b.password.startsWith('wrong-')));
      assert.deepEqual([...new Set(app.seen.bodies.map((b) => b.username))].sort(), ['alice', 'bob', 'carol']);
      assert.ok(app.seen.maxInFlight <= 4 && app.seen.maxInFlight >= 2, `in flight ${app.seen.maxInFlight}`);
      assert.equal(progress.at(-1), 30);
    } finally {
      await app.close();
    }
  });

  it('an optional final login uses the right password once', async () => {
    const app = await fakeApp(0, () => 200);
    try {
      const result = await runBruteForce(new LabAppClient(app.url), { ...DEFAULTS.bruteForce, count: 3, finalCorrectPassword: true }, { password: 'right' });
      assert.equal(result.sent, 4);
      assert.equal(app.seen.bodies.filter((b) => b.password === 'right').length, 1);
      assert.equal(app.seen.bodies.at(-1)!.password, 'right');
    } finally {
      await app.close();
    }
  });

  it('the final correct login is the demo account, not the first attacked name (which could only fail)', async () => {
    const app = await fakeApp(0, () => 401);
    try {
      await runBruteForce(
        new LabAppClient(app.url),
        { ...DEFAULTS.bruteForce, count: 2, usernames: ['admin', 'root'], finalCorrectPassword: true },
        { password: 'right' },
      );
      assert.deepEqual(
        app.seen.bodies.map((b) => b.username),
        ['admin', 'root', 'demo'],
      );
      await runBruteForce(new LabAppClient(app.url), { ...DEFAULTS.bruteForce, count: 1, finalCorrectPassword: true }, { password: 'right', user: 'alice' });
      assert.deepEqual(app.seen.bodies.slice(3), [
        { username: 'admin', password: app.seen.bodies[3]!.password },
        { username: 'alice', password: 'right' },
      ]);
    } finally {
      await app.close();
    }
  });

  it('cancelling stops traffic: no request starts after the abort', async () => {
    const app = await fakeApp(20, () => 401);
    try {
      const abort = new AbortController();
      const run = runBruteForce(
        new LabAppClient(app.url),
        { ...DEFAULTS.bruteForce, count: 10_000, concurrency: 2 },
        { password: 'x' },
        { signal: abort.signal },
      );
      await new Promise((r) => setTimeout(r, 150));
      abort.abort();
      const result = await run;
      // Requests already in flight at the abort may still land; after that the server must stay quiet.
      await new Promise((r) => setTimeout(r, 300));
      const settled = app.seen.paths.length;
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(result.cancelled, true);
      assert.ok(result.sent < 100, `sent ${result.sent}`);
      assert.equal(app.seen.paths.length, settled, 'traffic continued after the run was cancelled');
      assert.ok(settled <= result.sent + 2, `server saw ${settled} requests, more than sent (${result.sent}) + in flight (2)`);
    } finally {
      await app.close();
    }
  });

  it('an error burst spreads N requests to /error over the window', async () => {
    const app = await fakeApp(0, () => 500);
    try {
      const started = Date.now();
      const result = await runErrorBurst(new LabAppClient(app.url), { count: 5, spreadSeconds: 1 });
      const took = Date.now() - started;
      assert.deepEqual(result.counts, { '500': 5 });
      assert.ok(app.seen.paths.every((p) => p === '/error'));
      assert.ok(took >= 900 && took < 3000, `took ${took} ms`);
    } finally {
      await app.close();
    }
  });

  it('an unreachable app is counted as errors, not thrown per request', async () => {
    const result = await runErrorBurst(new LabAppClient('http://127.0.0.1:9', undefined, 500), { count: 2, spreadSeconds: 0 });
    assert.deepEqual(result.counts, { error: 2 });
  });
});
