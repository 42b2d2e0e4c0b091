// CONTRACT tests, not tests against real Kibana or Grafana (neither can run on these machines): the Kibana setup
// script, the Kibana readiness wait and the Node Exporter Full fetch, each against a local HTTP server on
// 127.0.0.1 that records requests and answers as the APIs are documented to:
//   - Kibana while starting: 503, text "Kibana server is not ready yet", Retry-After: 30 (every route);
//   - GET /api/status: 200 with status.overall.level available|degraded, 503 with unavailable|critical;
//   - POST /api/saved_objects/_import: multipart "file" (.ndjson), kbn-xsrf required; 200 {success, successCount,
//     successResults} or 200 {success:false, successCount, errors:[{id, type, title, meta, error:{type, ...}}]};
//     400 {statusCode, error, message} for a request it refuses;
//   - grafana.com download: 200 with the dashboard JSON, or an HTTP error (its body is not relied on).
// Nothing here reaches the internet: the download URL is configuration, pointed at the local server.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { KIBANA } from '../../src/core/dashboards/ids';
import { fetchCommunityDashboard } from '../../src/core/dashboards/grafana/fetchCommunityDashboard';
import { KibanaVersionMismatchError } from '../../src/core/dashboards/kibana/version';
import { KibanaNotReadyError, waitForKibana } from '../../src/core/dashboards/kibana/waitForKibana';
import { freePort } from '../helpers/ports';

const repoRoot = path.resolve(__dirname, '../../..');
const SETUP_SCRIPT = path.join(repoRoot, 'resources/stack/kibana/setup.sh');
const SAVED_OBJECTS = path.join(repoRoot, 'resources/stack/kibana/saved-objects.ndjson');

interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}
interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Never answer (for timeouts). */
  hang?: boolean;
}

/** A local server answering from `route`; records every request. */
async function contractServer(route: (req: Recorded, index: number) => Reply) {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(recorded);
      const reply = route(recorded, requests.length - 1);
      if (reply.hang) return;
      res.writeHead(reply.status, reply.headers ?? { 'content-type': 'application/json; charset=utf-8' });
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const NOT_READY: Reply = { status: 503, body: 'Kibana server is not ready yet', headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '30' } };
function statusReply(level: 'available' | 'degraded' | 'unavailable' | 'critical', version = '9.5.6'): Reply {
  const body = {
    name: 'kibana',
    uuid: '5b2de169-2785-441b-ae8c-186a1936b17d',
    version: {
      number: version,
      build_hash: 'abc',
      build_number: 1,
      build_snapshot: false,
      build_flavor: 'traditional',
      build_date: '2026-01-01T00:00:00.000Z',
    },
    status: {
      overall: { level, summary: level === 'available' ? 'All services and plugins are available' : `${level} for the test` },
      core: { elasticsearch: { level: 'available', summary: '' } },
      plugins: {},
    },
  };
  return { status: level === 'unavailable' || level === 'critical' ? 503 : 200, body: JSON.stringify(body) };
}

/** Runs kibana/setup.sh on this host's sh and curl (the Kibana image has both) against `kibanaUrl`. */
function runSetup(kibanaUrl: string, env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'sh',
      [SETUP_SCRIPT],
      {
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          KIBANA_URL: kibanaUrl,
          KIBANA_EXPECTED_VERSION: '9.5.6',
          SAVED_OBJECTS_FILE: SAVED_OBJECTS,
          KIBANA_WAIT_INTERVAL_SECONDS: '1',
          ...env,
        },
        timeout: 60_000,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
        resolve({ code, output: stdout + stderr });
      },
    );
  });
}

describe('contract: Kibana setup script (resources/stack/kibana/setup.sh) against a local stand-in of the documented API', () => {
  before(function () {
    // The script's tools; a missing one is a broken machine, not a reason to skip.
    for (const tool of ['sh', 'curl']) assert.ok(fs.existsSync(`/usr/bin/${tool}`) || fs.existsSync(`/bin/${tool}`), `${tool} is needed`);
  });

  it('waits through "not ready yet" and "degraded", then imports the NDJSON once, with overwrite and kbn-xsrf', async () => {
    const server = await contractServer((req, i) => {
      if (req.url === '/api/status') return i < 2 ? NOT_READY : i < 3 ? statusReply('degraded') : statusReply('available');
      return { status: 200, body: JSON.stringify({ success: true, successCount: 8, successResults: [] }) };
    });
    try {
      const { code, output } = await runSetup(server.url);
      assert.equal(code, 0, output);
      assert.match(output, /not ready yet \(HTTP 503\)/);
      assert.match(output, /status degraded/);
      assert.match(output, /imported 8 saved objects/);
      const imports = server.requests.filter((r) => r.url.startsWith('/api/saved_objects/_import'));
      assert.equal(imports.length, 1);
      const [req] = imports;
      assert.equal(req!.method, 'POST');
      assert.equal(req!.url, '/api/saved_objects/_import?overwrite=true');
      assert.ok(req!.headers['kbn-xsrf'], 'kbn-xsrf header missing');
      assert.match(String(req!.headers['content-type']), /^multipart\/form-data; boundary=/);
      const body = req!.body.toString('utf8');
      // Kibana requires the part named "file" and a .ndjson file name.
      assert.match(body, /Content-Disposition: form-data; name="file"; filename="saved-objects.ndjson"/);
      assert.ok(body.includes(fs.readFileSync(SAVED_OBJECTS, 'utf8')), 'the NDJSON was not sent unchanged');
    } finally {
      await server.close();
    }
  });

  it("fails (exit 3) and prints Kibana's errors when the import reports success:false", async () => {
    const errors = [
      {
        id: 'monitoring-lab-overview',
        type: 'dashboard',
        title: 'Monitoring Lab — security overview',
        meta: { title: 'x', icon: 'dashboardApp' },
        error: { type: 'missing_references', references: [{ type: 'lens', id: 'monitoring-lab-errors-over-time' }] },
      },
    ];
    const server = await contractServer((req) =>
      req.url === '/api/status' ? statusReply('available') : { status: 200, body: JSON.stringify({ success: false, successCount: 7, errors }) },
    );
    try {
      const { code, output } = await runSetup(server.url);
      assert.equal(code, 3, output);
      assert.match(output, /import failed \(HTTP 200\).*missing_references/);
    } finally {
      await server.close();
    }
  });

  it('fails (exit 3) on a refused request (400 Bad Request body)', async () => {
    const server = await contractServer((req) =>
      req.url === '/api/status'
        ? statusReply('available')
        : { status: 400, body: JSON.stringify({ statusCode: 400, error: 'Bad Request', message: 'Invalid file extension .json' }) },
    );
    try {
      const { code, output } = await runSetup(server.url);
      assert.equal(code, 3, output);
      assert.match(output, /HTTP 400.*Invalid file extension/);
    } finally {
      await server.close();
    }
  });

  it('refuses (exit 2) to import into another Kibana version, without sending anything', async () => {
    const server = await contractServer(() => statusReply('available', '9.6.0'));
    try {
      const { code, output } = await runSetup(server.url);
      assert.equal(code, 2, output);
      assert.match(output, /version '9\.6\.0', but these saved objects are for 9\.5\.6/);
      assert.ok(server.requests.every((r) => r.method === 'GET'));
    } finally {
      await server.close();
    }
  });

  it('points the data view at LAB_LOG_INDEX: only its title changes, ids and every other object stay as written', async () => {
    const server = await contractServer((req) =>
      req.url === '/api/status' ? statusReply('available') : { status: 200, body: JSON.stringify({ success: true, successCount: 8, successResults: [] }) },
    );
    try {
      const { code, output } = await runSetup(server.url, { LAB_LOG_INDEX: 'team-a.logs_2' });
      assert.equal(code, 0, output);
      assert.match(output, /data view pattern: team-a\.logs_2\*/);
      const sent = server.requests.find((r) => r.url.startsWith('/api/saved_objects/_import'))!.body.toString('utf8');
      const lines = (text: string) => text.split('\n').filter((l) => l.startsWith('{'));
      const original = lines(fs.readFileSync(SAVED_OBJECTS, 'utf8'));
      const imported = lines(sent);
      assert.equal(imported.length, original.length);
      const [dataView] = imported.map((l) => JSON.parse(l) as { id: string; type: string; attributes: { title: string } });
      assert.deepEqual([dataView!.id, dataView!.type, dataView!.attributes.title], [KIBANA.dataViewId, 'index-pattern', 'team-a.logs_2*']);
      assert.deepEqual(imported.slice(1), original.slice(1), 'objects other than the data view must be sent unchanged');
    } finally {
      await server.close();
    }
  });

  it('refuses (exit 4) an index name the app would refuse, before contacting Kibana', async () => {
    const server = await contractServer(() => statusReply('available'));
    try {
      for (const bad of ['Logs', '-logs', 'a"b', 'a|b', 'a&b', 'a*', '.hidden']) {
        const { code, output } = await runSetup(server.url, { LAB_LOG_INDEX: bad });
        assert.equal(code, 4, `${bad}: ${output}`);
        assert.match(output, /is not a lab log index name/);
      }
      assert.equal(server.requests.length, 0);
    } finally {
      await server.close();
    }
  });

  it('gives up (exit 1) after its timeout, naming the last state', async () => {
    const server = await contractServer(() => statusReply('critical'));
    try {
      const { code, output } = await runSetup(server.url, { KIBANA_WAIT_TIMEOUT_SECONDS: '2' });
      assert.equal(code, 1, output);
      assert.match(output, /gave up after \d+s waiting for Kibana .* \(last: status critical\)/);
    } finally {
      await server.close();
    }
  });
});

describe('contract: waitForKibana against a local stand-in of GET /api/status', () => {
  it('reports progress through 503 "not ready yet" and degraded, resolves on available with the version', async () => {
    const server = await contractServer((_req, i) => (i < 2 ? NOT_READY : i < 3 ? statusReply('degraded') : statusReply('available')));
    const progress: string[] = [];
    try {
      const status = await waitForKibana({
        kibanaUrl: server.url,
        intervalMs: 20,
        timeoutMs: 5_000,
        expectedVersion: '9.5.6',
        onProgress: (m) => progress.push(m),
      });
      assert.equal(status.version, '9.5.6');
      assert.equal(server.requests.length, 4);
      assert.ok(server.requests.every((r) => r.method === 'GET' && r.url === '/api/status'));
      assert.match(progress[0]!, /^Waiting for Kibana: starting \(Kibana server is not ready yet\)/);
      assert.match(progress[1]!, /^Waiting for Kibana: degraded: degraded for the test/);
      assert.equal(progress[2], 'Kibana 9.5.6 is available');
      assert.equal(progress.length, 3, 'an unchanged state is reported once');
    } finally {
      await server.close();
    }
  });

  it('times out naming Kibana and its last state', async () => {
    const server = await contractServer(() => NOT_READY);
    try {
      await assert.rejects(
        waitForKibana({ kibanaUrl: server.url, intervalMs: 50, timeoutMs: 400 }),
        (err: Error) =>
          err instanceof KibanaNotReadyError && /did not report available within 0 s \(last: starting \(Kibana server is not ready yet\)\)/.test(err.message),
      );
    } finally {
      await server.close();
    }
  });

  it('a ready Kibana of another version is an error', async () => {
    const server = await contractServer(() => statusReply('available', '9.6.0'));
    try {
      await assert.rejects(waitForKibana({ kibanaUrl: server.url, expectedVersion: '9.5.6' }), KibanaVersionMismatchError);
    } finally {
      await server.close();
    }
  });

  it('keeps waiting while nothing listens yet, and stops when cancelled', async () => {
    const port = await freePort();
    const controller = new AbortController();
    const progress: string[] = [];
    setTimeout(() => controller.abort(new Error('cancelled by the test')), 300);
    await assert.rejects(
      waitForKibana({
        kibanaUrl: `http://127.0.0.1:${port}`,
        intervalMs: 50,
        timeoutMs: 60_000,
        signal: controller.signal,
        onProgress: (m) => progress.push(m),
      }),
      /cancelled by the test/,
    );
    assert.match(progress[0]!, /not reachable yet/);
  });
});

describe('contract: Node Exporter Full fetch against a local stand-in of the grafana.com download', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlab-dashboards-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const shared = {
    __inputs: [{ name: 'DS_PROMETHEUS', label: 'Prometheus', type: 'datasource', pluginId: 'prometheus', pluginName: 'Prometheus' }],
    __requires: [{ type: 'datasource', id: 'prometheus', name: 'Prometheus', version: '1.0.0' }],
    id: 7,
    uid: 'rYdddlPWk',
    title: 'Node Exporter Full',
    schemaVersion: 39,
    panels: [{ type: 'timeseries', title: 'CPU', datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' }, targets: [{ refId: 'A', expr: 'node_load1' }] }],
  };

  it('downloads, maps ${DS_PROMETHEUS} and writes the provisionable file', async () => {
    const server = await contractServer(() => ({ status: 200, body: JSON.stringify(shared) }));
    try {
      const result = await fetchCommunityDashboard({ url: `${server.url}/api/dashboards/1860/revisions/latest/download`, targetDir: dir });
      assert.equal(result.status, 'provisioned', result.message);
      assert.equal(server.requests[0]!.url, '/api/dashboards/1860/revisions/latest/download');
      const written = JSON.parse(fs.readFileSync(path.join(dir, 'node-exporter-full.json'), 'utf8')) as Record<string, unknown>;
      assert.equal(written.uid, 'monitoring-lab-node-exporter-full');
      assert.ok(!('__inputs' in written));
      assert.ok(JSON.stringify(written).includes('"uid":"monitoring-lab-prometheus"'));
      assert.deepEqual(fs.readdirSync(dir), ['node-exporter-full.json'], 'no temporary file left behind');
    } finally {
      await server.close();
    }
  });

  it('a 404 is "unusable": nothing written, and the message says the lab\'s own dashboard stands in', async () => {
    const server = await contractServer(() => ({ status: 404, body: JSON.stringify({ message: 'Not found' }) }));
    try {
      const result = await fetchCommunityDashboard({ url: `${server.url}/api/dashboards/1860/revisions/latest/download`, targetDir: dir });
      assert.equal(result.status, 'unusable');
      assert.match(result.message, /HTTP 404.*"Lab Host Overview" dashboard instead/);
      assert.deepEqual(fs.readdirSync(dir), []);
    } finally {
      await server.close();
    }
  });

  it('no answer within the timeout is "offline"', async () => {
    const server = await contractServer(() => ({ status: 200, hang: true }));
    try {
      const started = Date.now();
      const result = await fetchCommunityDashboard({ url: `${server.url}/download`, targetDir: dir, timeoutMs: 300 });
      assert.equal(result.status, 'offline');
      assert.match(result.message, /no answer .* within 300 ms/);
      assert.ok(Date.now() - started < 5_000);
    } finally {
      await server.close();
    }
  });

  it('nobody listening is "offline", and a copy from an earlier start is kept', async () => {
    const earlier = path.join(dir, 'node-exporter-full.json');
    fs.writeFileSync(earlier, '{"uid":"monitoring-lab-node-exporter-full"}');
    const port = await freePort();
    const result = await fetchCommunityDashboard({ url: `http://127.0.0.1:${port}/download`, targetDir: dir });
    assert.equal(result.status, 'offline');
    assert.equal(result.status === 'offline' && result.cachedFile, earlier);
    assert.match(result.message, /not reachable.*keeps the copy downloaded earlier/);
    assert.equal(fs.readFileSync(earlier, 'utf8'), '{"uid":"monitoring-lab-node-exporter-full"}');
  });

  it('an answer that is not JSON is "unusable"', async () => {
    const server = await contractServer(() => ({ status: 200, body: '<html>maintenance</html>', headers: { 'content-type': 'text/html' } }));
    try {
      const result = await fetchCommunityDashboard({ url: `${server.url}/download`, targetDir: dir });
      assert.equal(result.status, 'unusable');
      assert.match(result.message, /did not answer with JSON/);
    } finally {
      await server.close();
    }
  });

  it('cancelling rejects instead of reporting offline', async () => {
    const server = await contractServer(() => ({ status: 200, hang: true }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled by the test')), 100);
    try {
      await assert.rejects(fetchCommunityDashboard({ url: `${server.url}/download`, targetDir: dir, signal: controller.signal }), /cancelled by the test/);
    } finally {
      await server.close();
    }
  });
});
