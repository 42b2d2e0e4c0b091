// The one client factory: the endpoint a configuration resolves to, and the options each client gets from it.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLabConfig } from '../../../../src/core/config';
import type { AttachConfig } from '../../../../src/core/attach/config';
import {
  CaFileError,
  browsableUrl,
  createPrometheusClient,
  elasticClientOptions,
  elasticEndpoint,
  prometheusEndpoint,
  prometheusHeaders,
} from '../../../../src/core/attach/clients';
import { PrometheusQueryError, PrometheusUnreachableError } from '../../../../src/core/metrics/prometheusClient';

const paths = { labBaseDir: '/tmp/lab', stackSourceDir: '/tmp/stack', stackVersion: '1' };
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function attached(over: Partial<AttachConfig> = {}) {
  return createLabConfig({
    ...paths,
    mode: 'attach',
    attach: {
      elasticsearch: { url: 'https://es.example:9200/', index: 'logs-app' },
      prometheus: { url: 'https://prom.example/' },
      credentials: {},
      ...over,
    },
  });
}

describe('core/attach/clients', () => {
  it('lab mode: the lab ports on the bind address, no credentials, no TLS', () => {
    const config = createLabConfig({ ...paths, ports: { elasticsearch: 19200, prometheus: 19090 } });
    const es = elasticEndpoint(config);
    assert.deepEqual(es, { url: 'http://127.0.0.1:19200', index: 'lab-logs', attached: false });
    const options = elasticClientOptions(es);
    assert.equal(options.auth, undefined);
    assert.equal(options.tls, undefined);
    assert.equal(options.sniffOnStart, false);
    assert.deepEqual(prometheusEndpoint(config), { url: 'http://127.0.0.1:19090', attached: false });
  });

  it('the pages Open in Browser and the walkthrough open: the lab ports, or the attached addresses (nothing for what is not attached)', () => {
    const lab = createLabConfig({ ...paths, ports: { prometheus: 19090, kibana: 15601 } });
    assert.equal(browsableUrl(lab, 'prometheus'), 'http://127.0.0.1:19090');
    assert.equal(browsableUrl(lab, 'kibana'), 'http://127.0.0.1:15601');
    const config = attached({ appUrl: 'http://app.example:8088/' });
    assert.equal(browsableUrl(config, 'elasticsearch'), 'https://es.example:9200');
    assert.equal(browsableUrl(config, 'prometheus'), 'https://prom.example');
    assert.equal(browsableUrl(config, 'app'), 'http://app.example:8088');
    for (const service of ['kibana', 'grafana', 'node-exporter'] as const) assert.equal(browsableUrl(config, service), undefined, service);
    assert.equal(browsableUrl(attached(), 'app'), undefined, 'no monitoringLab.app.url');
  });

  it('attach mode: an API key, or a user and password, go into the Elasticsearch client options', () => {
    const key = elasticClientOptions(elasticEndpoint(attached({ credentials: { elasticsearch: { kind: 'apiKey', apiKey: 'a2V5' } } })));
    assert.equal(key.node, 'https://es.example:9200');
    assert.deepEqual(key.auth, { apiKey: 'a2V5' });
    const basic = elasticClientOptions(elasticEndpoint(attached({ credentials: { elasticsearch: { kind: 'basic', username: 'u', password: 'p' } } })), 10_000);
    assert.deepEqual(basic.auth, { username: 'u', password: 'p' });
    assert.equal(basic.requestTimeout, 10_000);
  });

  it('attach mode: a CA file is read and trusted; a fingerprint is checked by the client', () => {
    const read: string[] = [];
    const withCa = attached({
      elasticsearch: { url: 'https://es:9200', index: 'x', caFile: '/etc/ca.pem' },
      prometheus: { url: 'https://p', caFile: '/etc/pca.pem' },
    });
    const es = elasticEndpoint(withCa, (f) => (read.push(f), PEM));
    assert.deepEqual(elasticClientOptions(es).tls, { ca: PEM });
    assert.equal(prometheusEndpoint(withCa, (f) => (read.push(f), PEM)).ca, PEM);
    assert.deepEqual(read, ['/etc/ca.pem', '/etc/pca.pem']);

    const fp = elasticClientOptions(elasticEndpoint(attached({ elasticsearch: { url: 'https://es:9200', index: 'x', caFingerprint: 'ab'.repeat(32) } })));
    assert.equal(fp.caFingerprint, 'ab'.repeat(32), 'the client compares fingerprints without case or colons');
    assert.deepEqual(fp.tls, { rejectUnauthorized: false });
  });

  it('a CA file that is missing or not PEM names its setting', () => {
    const config = attached({ elasticsearch: { url: 'https://es:9200', index: 'x', caFile: '/nope.pem' } });
    assert.throws(
      () =>
        elasticEndpoint(config, () => {
          throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
        }),
      (e: unknown) => e instanceof CaFileError && /\/nope\.pem \(ENOENT\) \(setting monitoringLab\.elasticsearch\.caFile\)/.test(e.message),
    );
    assert.throws(() => elasticEndpoint(config, () => 'hello'), /\(no PEM certificate\) \(setting monitoringLab\.elasticsearch\.caFile\)/);
  });

  it('Prometheus: a bearer token or basic auth header; the job/instance scope', () => {
    assert.deepEqual(prometheusHeaders({ kind: 'bearer', token: 't0k' }), { authorization: 'Bearer t0k' });
    assert.deepEqual(prometheusHeaders({ kind: 'basic', username: 'u', password: 'p' }), { authorization: `Basic ${Buffer.from('u:p').toString('base64')}` });
    assert.deepEqual(prometheusHeaders(undefined), {});
    const config = attached({ prometheus: { url: 'https://p', job: 'node', instance: 'h:9100' } });
    assert.deepEqual(prometheusEndpoint(config).scope, { job: 'node', instance: 'h:9100' });
    assert.equal(prometheusEndpoint(attached()).scope, undefined);
  });

  describe('the Prometheus client against a local server', () => {
    let server: http.Server;
    let seen: Array<{ auth?: string; query: string }> = [];
    let status = 200;
    before(async () => {
      server = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          seen.push({ ...(req.headers.authorization ? { auth: req.headers.authorization } : {}), query: new URLSearchParams(body).get('query') ?? '' });
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(status === 200 ? JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }) : '<html>401</html>');
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    });
    after(() => server.close());
    beforeEach(() => {
      seen = [];
      status = 200;
    });

    const client = () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      return createPrometheusClient(attached({ prometheus: { url, job: 'node' }, credentials: { prometheus: { kind: 'bearer', token: 'secret' } } }));
    };

    it('sends the token and narrows host metrics to the job', async () => {
      await client().query('1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes');
      assert.deepEqual(seen, [{ auth: 'Bearer secret', query: '1 - node_memory_MemAvailable_bytes{job="node"} / node_memory_MemTotal_bytes{job="node"}' }]);
    });

    it('a 401 from the proxy is a credentials error naming the command and variables', async () => {
      status = 401;
      await assert.rejects(
        client().query('up'),
        (e: unknown) =>
          e instanceof PrometheusQueryError && e.problem === 'auth' && /Set Prometheus Credentials….*MONITORING_LAB_PROMETHEUS_TOKEN/.test(e.message),
      );
    });

    it('a refused connection names monitoringLab.prometheus.url', async () => {
      const closed = http.createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
      const port = (closed.address() as AddressInfo).port;
      closed.close();
      const c = createPrometheusClient(attached({ prometheus: { url: `http://127.0.0.1:${port}` } }));
      await assert.rejects(
        c.query('up'),
        (e: unknown) => e instanceof PrometheusUnreachableError && e.problem === 'refused' && /monitoringLab\.prometheus\.url/.test(e.message),
      );
    });
  });
});
