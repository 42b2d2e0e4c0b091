// Reading Kibana's /api/status answers, and the version check against compose.yaml.
import * as assert from 'node:assert/strict';
import { parseKibanaStatus } from '../../../../src/core/dashboards/kibana/status';
import { KibanaVersionMismatchError, checkKibanaVersion, versionFromImage } from '../../../../src/core/dashboards/kibana/version';
import { stackYaml } from './stackFiles';

const status = (level: string, summary = '') =>
  JSON.stringify({ name: 'kibana', version: { number: '9.5.6', build_flavor: 'traditional' }, status: { overall: { level, summary }, core: {}, plugins: {} } });

describe('dashboards: Kibana status and version', () => {
  it('ready only when HTTP 200 and overall level "available"', () => {
    assert.deepEqual(parseKibanaStatus(200, status('available', 'All services and plugins are available')), {
      ready: true,
      level: 'available',
      version: '9.5.6',
      summary: 'available: All services and plugins are available',
    });
    assert.equal(parseKibanaStatus(200, status('degraded', '1 service is degraded')).ready, false);
    assert.equal(parseKibanaStatus(503, status('unavailable')).ready, false);
    assert.equal(parseKibanaStatus(503, status('critical')).summary, 'critical');
  });

  it('the plain-text 503 of a starting Kibana reads as "starting"', () => {
    assert.deepEqual(parseKibanaStatus(503, 'Kibana server is not ready yet'), { ready: false, summary: 'starting (Kibana server is not ready yet)' });
  });

  it('anything else is unexpected, with the status code', () => {
    assert.match(parseKibanaStatus(401, '{"statusCode":401,"error":"Unauthorized"}').summary, /^unexpected answer: HTTP 401/);
  });

  it('versions: from an image reference, and a mismatch names both', () => {
    assert.equal(versionFromImage('docker.elastic.co/kibana/kibana:9.5.6'), '9.5.6');
    assert.equal(versionFromImage('localhost:5000/kibana'), undefined);
    assert.doesNotThrow(() => checkKibanaVersion('9.5.6', '9.5.6'));
    assert.throws(
      () => checkKibanaVersion('9.6.0', '9.5.6'),
      (e: Error) => e instanceof KibanaVersionMismatchError && /9\.6\.0.*9\.5\.6/.test(e.message),
    );
  });

  it('compose.yaml: kibana, kibana-setup and the expected import version agree', () => {
    const compose = stackYaml('compose.yaml') as {
      services: Record<
        string,
        { image: string; profiles?: string[]; environment?: Record<string, string>; depends_on?: Record<string, { condition: string }> }
      >;
    };
    const kibana = compose.services.kibana!;
    const setup = compose.services['kibana-setup']!;
    const version = versionFromImage(kibana.image);
    assert.ok(version);
    assert.equal(setup.image, kibana.image, 'kibana-setup runs the Kibana image (its sh and curl)');
    assert.equal(setup.environment?.KIBANA_EXPECTED_VERSION, version);
    assert.deepEqual(setup.profiles, ['full']);
    assert.deepEqual(setup.depends_on, { kibana: { condition: 'service_healthy' } });
  });
});
