// The one HTTP helper of core (src/core/net/http.ts) against a local server: a fresh connection per request when
// asked (what readiness probes need), a cap on the body kept, and Node's error codes for a refusal and a timeout.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpRequestError } from '../../../../src/core/net/http';
import { httpRequest } from '../../../../src/core/net/http';

describe('core/net httpRequest', () => {
  let server: http.Server;
  let url: string;
  const sockets = new Set<unknown>();
  const connectionHeaders: Array<string | undefined> = [];

  before(async () => {
    server = http.createServer((req, res) => {
      sockets.add(req.socket);
      connectionHeaders.push(req.headers.connection);
      if (req.url === '/silent') return; // accepts, never answers
      res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(100_000));
    });
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('fresh: each request on a connection of its own, asking the server to close it', async () => {
    sockets.clear();
    connectionHeaders.length = 0;
    for (let i = 0; i < 3; i++) assert.equal((await httpRequest(`${url}/`, { timeoutMs: 2000, fresh: true })).status, 200);
    assert.equal(sockets.size, 3);
    assert.deepEqual(connectionHeaders, ['close', 'close', 'close']);
  });

  it('maxBodyBytes keeps the start of the body only; without it the whole body', async () => {
    assert.equal((await httpRequest(`${url}/`, { timeoutMs: 2000, maxBodyBytes: 1000 })).text.length, 1000);
    assert.equal((await httpRequest(`${url}/`, { timeoutMs: 2000 })).text.length, 100_000);
  });

  it('a server that accepts and says nothing: ETIMEDOUT within the bound; nothing listening: ECONNREFUSED', async () => {
    await assert.rejects(httpRequest(`${url}/silent`, { timeoutMs: 200, fresh: true }), (e: HttpRequestError) => e.code === 'ETIMEDOUT');
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await assert.rejects(httpRequest(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 }), (e: HttpRequestError) => e.code === 'ECONNREFUSED');
  });
});
