// Attach mode against a real "existing stack" (testbed/attach): a two-node Elasticsearch 9.5.3 cluster behind
// nginx (TLS with a CA made at run time, basic auth or an API key), Prometheus behind a bearer token, and the lab
// app shipping through the proxy. The Security Events feed, the rules and the report work through the proxy; a
// node stopped mid-run leaves the cluster yellow and the feed going; each bad credential, CA, index or address
// gives the message that names what to fix; the CLI's status shows the endpoints.
//   npm run build && npm run build:tests
//   bed-run bash -c 'bash testbed/attach/attach.sh up && npx mocha --no-config --timeout 300000 --exit out/test/integration/attach.test.js; bash testbed/attach/attach.sh down'
import * as assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { createLabConfig } from '../../src/core/config';
import type { LabConfig } from '../../src/core/config';
import type { AttachConfig, AttachCredentials } from '../../src/core/attach/config';
import { createLogStore, createPrometheusClient } from '../../src/core/attach/clients';
import { checkApp, checkAttachHealth, checkElasticsearch, checkPrometheus } from '../../src/core/attach/health';
import { LabAppClient } from '../../src/core/app/labAppClient';
import { DetectionEngine } from '../../src/core/detect/detectionEngine';
import { DEFAULT_DETECTION_SETTINGS } from '../../src/core/detect/settings';
import type { Alert } from '../../src/core/detect/alert';
import { LogQueryError, LogStoreUnreachableError, type LogStore } from '../../src/core/logs/logStore';
import { generateLabReport } from '../../src/core/report';
import { ScenarioRecords } from '../../src/core/scenarios/records';
import type { SecurityEventsToPage } from '../../src/shared/securityEventsProtocol';
import { SecurityEventsFeed } from '../../src/vscode/panels/securityEventsFeed';
import { readEnvFile } from '../helpers/envFile';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const ATTACH_SH = path.join(REPO_ROOT, 'testbed', 'attach', 'attach.sh');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const run = promisify(execFile);

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('attach mode against an existing stack (testbed/attach)', function () {
  this.timeout(300_000);
  let env: Record<string, string>;
  let labBaseDir: string;
  const stores: LogStore[] = [];

  /** A valid attach configuration from the bed's env file, with changes for the bad cases. */
  function config(
    change: {
      elasticsearch?: Partial<AttachConfig['elasticsearch']>;
      prometheus?: Partial<AttachConfig['prometheus']>;
      credentials?: AttachCredentials;
      appUrl?: string;
    } = {},
  ): LabConfig {
    return createLabConfig({
      labBaseDir,
      stackSourceDir: path.join(REPO_ROOT, 'resources', 'stack'),
      stackVersion: 'attach-test',
      mode: 'attach',
      secrets: { demoPassword: env.MLAB_ATTACH_APP_DEMO_PASSWORD!, adminToken: env.MLAB_ATTACH_APP_ADMIN_TOKEN! },
      attach: {
        elasticsearch: { url: env.MLAB_ATTACH_ES_URL!, index: env.MLAB_ATTACH_LOG_INDEX!, caFile: env.MLAB_ATTACH_CA_FILE!, ...change.elasticsearch },
        prometheus: { url: env.MLAB_ATTACH_PROM_URL!, caFile: env.MLAB_ATTACH_CA_FILE!, job: env.MLAB_ATTACH_PROM_JOB_NODE!, ...change.prometheus },
        appUrl: change.appUrl ?? env.MLAB_ATTACH_APP_URL!,
        credentials: change.credentials ?? {
          elasticsearch: { kind: 'basic', username: env.MLAB_ATTACH_ES_USERNAME!, password: env.MLAB_ATTACH_ES_PASSWORD! },
          prometheus: { kind: 'bearer', token: env.MLAB_ATTACH_PROM_TOKEN! },
        },
      },
    });
  }
  const logStore = (c: LabConfig) => {
    const store = createLogStore(c, { requestTimeoutMs: 10_000 });
    stores.push(store);
    return store;
  };
  const app = () => new LabAppClient(env.MLAB_ATTACH_APP_URL!, env.MLAB_ATTACH_APP_ADMIN_TOKEN);
  /** Failed logins for a user name no other test uses, so its events are told apart. */
  const failLogins = async (user: string, count: number) => {
    for (let i = 0; i < count; i++) assert.equal(await app().login(user, `wrong-${i}`), 401);
  };

  before(async function () {
    const envFile = (await run('bash', [ATTACH_SH, 'env'])).stdout.trim();
    if (!fs.existsSync(envFile)) {
      // Not a silent pass: the run says why it did nothing.
      console.warn(`attach test bed is not up (no ${envFile}): run bash testbed/attach/attach.sh up first`);
      this.skip();
    }
    env = readEnvFile(envFile);
    labBaseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlab-attach-'));
  });

  after(async () => {
    await Promise.all(stores.map((s) => s.close().catch(() => undefined)));
    // Whatever a test did to the cluster, both nodes are back for the next run.
    if (env) await run('bash', [ATTACH_SH, 'start-node', '1']).catch(() => undefined);
    if (labBaseDir) fs.rmSync(labBaseDir, { recursive: true, force: true });
  });

  it('the endpoints are healthy through the proxy: cluster of two nodes, targets, Node Exporter, the app', async () => {
    const c = config();
    await failLogins(`health-${Date.now()}`, 1); // the index holds at least one event
    const rows = await until('the attached endpoints to be usable', 60_000, async () => {
      const r = await checkAttachHealth(c, { logStore: logStore(c), prometheus: createPrometheusClient(c) });
      return r.every((h) => h.status === 'ok' || (h.service === 'prometheus' && h.status === 'warning' && !h.problem)) ? r : undefined;
    });
    const [es, prom, appRow] = rows;
    assert.equal(es!.clusterStatus, 'green');
    assert.equal(es!.nodes, 2);
    assert.ok(es!.events! > 0);
    assert.ok(prom!.targetsUp! >= 1, JSON.stringify(prom));
    assert.equal(appRow!.status, 'ok');
  });

  it('an API key and a CA fingerprint work as well as a user and a CA file', async () => {
    const c = config({
      elasticsearch: { caFile: undefined as never, caFingerprint: env.MLAB_ATTACH_CA_FINGERPRINT! },
      credentials: { elasticsearch: { kind: 'apiKey', apiKey: env.MLAB_ATTACH_ES_API_KEY! } },
    });
    delete (c.attach!.elasticsearch as { caFile?: string }).caFile;
    const row = await checkElasticsearch(logStore(c));
    assert.ok(row.status === 'ok' || row.status === 'warning', JSON.stringify(row));
    assert.equal(row.nodes, 2);
  });

  it('the Security Events feed, the rules and the report work through the proxy; a node stopped mid-run leaves it yellow and the feed going', async () => {
    const c = config();
    const store = logStore(c);
    const posted: SecurityEventsToPage[] = [];
    const records = new ScenarioRecords({ load: () => [], save: async () => undefined });
    const feed = new SecurityEventsFeed({ deps: { logStore: () => store, records }, post: (m) => posted.push(m), log: () => undefined });
    const engine = new DetectionEngine({
      settings: DEFAULT_DETECTION_SETTINGS,
      sources: { logs: store, prometheus: createPrometheusClient(c), services: () => [] },
    });
    const fired: Alert[] = [];
    engine.alerts.onFired((a) => fired.push(a));
    const from = Date.now() - 1000;
    const rowsFor = (user: string) => posted.flatMap((m) => (m.type === 'events' && m.tab === 'failed-logins' ? m.rows.filter((r) => r.user === user) : []));
    feed.setVisible(true);
    engine.start();
    try {
      const before = `feed-a-${Date.now()}`;
      await failLogins(before, 25);
      await until('the feed to show the 25 failed logins', 30_000, () => (rowsFor(before).length >= 25 ? true : undefined));
      const alert = await until('the brute-force rule to fire through the proxy', 60_000, () => fired.find((a) => a.ruleId === 'brute-force'));
      assert.match(alert.evidence.summary, /127\.0\.0\.1|failed/);

      // A node goes away: the cluster stays readable (yellow) and new events still arrive.
      await run('bash', [ATTACH_SH, 'stop-node', '1'], { timeout: 120_000 });
      const yellow = await until('the cluster to report yellow with one node', 90_000, async () => {
        const row = await checkElasticsearch(store);
        return row.clusterStatus === 'yellow' ? row : undefined;
      });
      assert.equal(yellow.nodes, 1);
      assert.equal(yellow.status, 'warning');
      assert.match(yellow.detail!, /yellow/);
      const during = `feed-b-${Date.now()}`;
      await failLogins(during, 5);
      await until('the feed to keep going with a node down', 60_000, () => (rowsFor(during).length >= 5 ? true : undefined));
      const statuses = posted.filter((m) => m.type === 'status').map((m) => (m as { state: string }).state);
      assert.ok(!statuses.includes('error'), `the feed reported an error: ${statuses.join(', ')}`);
    } finally {
      engine.stop();
      feed.dispose();
      await run('bash', [ATTACH_SH, 'start-node', '1'], { timeout: 180_000 });
    }

    // The report reads the attached stack through the same factory.
    const { model, written } = await generateLabReport({
      config: c,
      records: [],
      alertHistory: fired,
      detection: DEFAULT_DETECTION_SETTINGS,
      range: { from, to: Date.now() },
      lang: 'en',
      formats: ['md'],
      outDir: path.join(labBaseDir, 'report'),
    });
    assert.ok(model.sources.elasticsearch.ok, JSON.stringify(model.sources.elasticsearch));
    assert.ok(model.sources.prometheus.ok, JSON.stringify(model.sources.prometheus));
    const markdown = fs.readFileSync(
      path.join(
        written.dir,
        fs.readdirSync(written.dir).find((f) => f.endsWith('.md'))!,
      ),
      'utf8',
    );
    // Markdown escapes the address's punctuation: the port says it is the proxy's.
    assert.match(
      markdown,
      new RegExp(`Elasticsearch https.*:${new URL(env.MLAB_ATTACH_ES_URL!).port} index ${env.MLAB_ATTACH_LOG_INDEX!.replace(/-/g, '\\\\-')}`),
    );
    assert.match(markdown, /\| Brute\\-force login attempts \|/);
  });

  it('wrong credentials (401) and a key without privileges (403) name the credentials command and variables', async () => {
    const wrong = await checkElasticsearch(
      logStore(config({ credentials: { elasticsearch: { kind: 'basic', username: env.MLAB_ATTACH_ES_USERNAME!, password: 'wrong' } } })),
    );
    assert.equal(wrong.problem, 'auth');
    assert.match(wrong.detail!, /\(401\).*Set Elasticsearch Credentials….*MONITORING_LAB_ELASTICSEARCH_API_KEY/);
    const forbidden = logStore(config({ credentials: { elasticsearch: { kind: 'apiKey', apiKey: env.MLAB_ATTACH_ES_API_KEY_FORBIDDEN! } } }));
    await assert.rejects(forbidden.count('all', {}), (e: unknown) => e instanceof LogQueryError && e.problem === 'auth' && /\(403/.test(e.message));
    const noToken = await checkPrometheus(createPrometheusClient(config({ credentials: {} })));
    assert.equal(noToken.problem, 'auth');
    assert.match(noToken.detail!, /Set Prometheus Credentials….*MONITORING_LAB_PROMETHEUS_TOKEN/);
  });

  it('an untrusted certificate names the CA settings; a wrong fingerprint is refused', async () => {
    const c = config();
    delete (c.attach!.elasticsearch as { caFile?: string }).caFile;
    delete (c.attach!.prometheus as { caFile?: string }).caFile;
    const es = await checkElasticsearch(logStore(c));
    assert.equal(es.problem, 'untrusted', JSON.stringify(es));
    assert.match(es.detail!, /monitoringLab\.elasticsearch\.caFile.*monitoringLab\.elasticsearch\.caFingerprint/);
    const prom = await checkPrometheus(createPrometheusClient(c));
    assert.equal(prom.problem, 'untrusted', JSON.stringify(prom));
    assert.match(prom.detail!, /monitoringLab\.prometheus\.caFile/);
    const fp = config({ elasticsearch: { caFile: undefined as never, caFingerprint: 'AB'.repeat(32) } });
    assert.equal((await checkElasticsearch(logStore(fp))).problem, 'untrusted');
  });

  it('a wrong index is an informative state, not an error storm; the feed stays ready with no rows', async () => {
    const c = config({ elasticsearch: { index: 'no-such-index-for-attach' } });
    const store = logStore(c);
    const row = await checkElasticsearch(store);
    assert.equal(row.status, 'warning');
    assert.equal(row.problem, 'no-index');
    assert.match(row.detail!, /monitoringLab\.elasticsearch\.index/);
    assert.equal(await store.count('all', {}), 0, 'queries answer with no events, not errors');
    const posted: SecurityEventsToPage[] = [];
    const feed = new SecurityEventsFeed({
      deps: { logStore: () => store, records: new ScenarioRecords({ load: () => [], save: async () => undefined }) },
      post: (m) => posted.push(m),
      log: () => undefined,
    });
    feed.setVisible(true);
    await new Promise((r) => setTimeout(r, 3000));
    feed.dispose();
    const states = posted.filter((m) => m.type === 'status').map((m) => (m as { state: string }).state);
    assert.ok(states.includes('ready') && !states.includes('error') && !states.includes('unreachable'), states.join(', '));
  });

  it('Prometheus without Node Exporter metrics for the job says which settings to check', async () => {
    const row = await checkPrometheus(createPrometheusClient(config({ prometheus: { job: 'no-such-job' } })));
    assert.equal(row.problem, 'no-node-exporter');
    assert.match(row.detail!, /monitoringLab\.prometheus\.job and monitoringLab\.prometheus\.instance/);
  });

  it('a refused connection names the address setting', async () => {
    const port = await closedPort();
    const es = logStore(config({ elasticsearch: { url: `https://127.0.0.1:${port}` } }));
    await assert.rejects(
      es.count('all', {}),
      (e: unknown) => e instanceof LogStoreUnreachableError && e.problem === 'refused' && /monitoringLab\.elasticsearch\.url/.test(e.message),
    );
    const appRow = await checkApp(`http://127.0.0.1:${port}`);
    assert.equal(appRow.problem, 'refused');
    assert.match(appRow.detail!, /monitoringLab\.app\.url/);
  });

  it("the CLI's status shows the endpoints in attach mode (credentials from the environment)", async function () {
    if (!fs.existsSync(CLI)) this.skip();
    const args = [
      CLI,
      'status',
      '--mode',
      'attach',
      '--json',
      '--elasticsearch-url',
      env.MLAB_ATTACH_ES_URL!,
      '--elasticsearch-index',
      env.MLAB_ATTACH_LOG_INDEX!,
      '--elasticsearch-ca',
      env.MLAB_ATTACH_CA_FILE!,
      '--prometheus-url',
      env.MLAB_ATTACH_PROM_URL!,
      '--prometheus-ca',
      env.MLAB_ATTACH_CA_FILE!,
      '--prometheus-job',
      env.MLAB_ATTACH_PROM_JOB_NODE!,
      '--app-url',
      env.MLAB_ATTACH_APP_URL!,
      '--lab-dir',
      labBaseDir,
    ];
    const childEnv = {
      ...process.env,
      MONITORING_LAB_ELASTICSEARCH_USERNAME: env.MLAB_ATTACH_ES_USERNAME,
      MONITORING_LAB_ELASTICSEARCH_PASSWORD: env.MLAB_ATTACH_ES_PASSWORD,
      MONITORING_LAB_PROMETHEUS_TOKEN: env.MLAB_ATTACH_PROM_TOKEN,
    };
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, args, { env: childEnv });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    assert.equal(result.code, 0, result.stderr + result.stdout);
    const rows = JSON.parse(result.stdout) as Array<{ service: string; status: string; nodes?: number }>;
    assert.deepEqual(
      rows.map((r) => r.service),
      ['elasticsearch', 'prometheus', 'app'],
    );
    assert.equal(rows[0]!.nodes, 2);
    // Without the token the same status exits 3 and says which credential is missing.
    const { MONITORING_LAB_PROMETHEUS_TOKEN: _dropped, ...noToken } = childEnv;
    const bad = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        args.filter((a) => a !== '--json'),
        { env: noToken },
      );
      let stdout = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.on('close', (code) => resolve({ code, stdout }));
    });
    assert.equal(bad.code, 3);
    assert.match(bad.stdout, /MONITORING_LAB_PROMETHEUS_TOKEN/);
  });
});
