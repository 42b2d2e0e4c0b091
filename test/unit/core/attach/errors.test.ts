// Failures of an attached endpoint are classified from the error the client raised, and said naming what to fix.
import * as assert from 'node:assert/strict';
import { classifyEndpointError, explainEndpointError } from '../../../../src/core/attach/errors';

const wrapped = (code: string, message = code) => Object.assign(new Error('fetch failed'), { cause: Object.assign(new Error(message), { code }) });

describe('core/attach/errors', () => {
  it('classifies by HTTP status, TLS code or message, and connection code', () => {
    assert.equal(classifyEndpointError({ statusCode: 401 }), 'auth');
    assert.equal(classifyEndpointError({ meta: { statusCode: 403 }, message: 'Response Error' }), 'auth');
    assert.equal(classifyEndpointError(wrapped('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain')), 'untrusted');
    assert.equal(classifyEndpointError(wrapped('UNABLE_TO_VERIFY_LEAF_SIGNATURE')), 'untrusted');
    // The Elasticsearch client keeps only the message of the socket's error.
    assert.equal(classifyEndpointError(new Error('unable to get local issuer certificate')), 'untrusted');
    assert.equal(classifyEndpointError(new Error('Server certificate CA fingerprint does not match the value configured in caFingerprint')), 'untrusted');
    assert.equal(classifyEndpointError(wrapped('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9200')), 'refused');
    assert.equal(classifyEndpointError(new Error('connect ECONNREFUSED 127.0.0.1:9200')), 'refused');
    assert.equal(classifyEndpointError(wrapped('ENOTFOUND')), 'other');
    assert.equal(classifyEndpointError({ statusCode: 500 }), 'other');
  });

  it('each message names the setting, command or environment variable to fix', () => {
    const url = 'https://es.example:9200';
    const es401 = explainEndpointError('elasticsearch', url, { meta: { statusCode: 401 } });
    assert.equal(es401.problem, 'auth');
    assert.match(es401.message, /Elasticsearch at https:\/\/es\.example:9200 refused the credentials \(401\)/);
    assert.match(es401.message, /Set Elasticsearch Credentials….*MONITORING_LAB_ELASTICSEARCH_API_KEY.*MONITORING_LAB_ELASTICSEARCH_USERNAME/);
    const prom403 = explainEndpointError('prometheus', 'https://prom', { statusCode: 403 });
    assert.match(prom403.message, /\(403\).*Set Prometheus Credentials….*MONITORING_LAB_PROMETHEUS_TOKEN/);
    const cert = explainEndpointError('elasticsearch', url, wrapped('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'));
    assert.match(
      cert.message,
      /certificate not trusted \(SELF_SIGNED_CERT_IN_CHAIN\).*monitoringLab\.elasticsearch\.caFile.*monitoringLab\.elasticsearch\.caFingerprint/,
    );
    const promCert = explainEndpointError('prometheus', 'https://prom', wrapped('DEPTH_ZERO_SELF_SIGNED_CERT'));
    assert.match(promCert.message, /monitoringLab\.prometheus\.caFile/);
    const refused = explainEndpointError('app', 'http://app:1', wrapped('ECONNREFUSED'));
    assert.match(refused.message, /App at http:\/\/app:1 refuses connections: check monitoringLab\.app\.url/);
    const other = explainEndpointError('prometheus', 'https://prom', wrapped('ENOTFOUND'));
    assert.match(other.message, /failed \(ENOTFOUND\): check monitoringLab\.prometheus\.url/);
    assert.equal(explainEndpointError('prometheus', 'x', cert), cert, 'an explained error stays as it is');
  });
});
