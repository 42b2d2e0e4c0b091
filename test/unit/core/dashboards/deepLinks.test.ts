import * as assert from 'node:assert/strict';
import { buildDeepLink } from '../../../../src/core/dashboards/deepLinks';
import { encodeRison } from '../../../../src/core/dashboards/rison';
import { lastMinutes } from '../../../../src/core/dashboards/timeRange';

const from = new Date('2026-03-01T10:00:00.000Z');
const to = new Date('2026-03-01T10:15:00.000Z');

/** The decoded query parameters of the hash part Kibana routes on. */
function hashParams(url: string): URLSearchParams {
  return new URLSearchParams(url.split('#')[1]!.split('?')[1]);
}

describe('dashboards: deep links', () => {
  it('rison encodes values as Kibana reads them', () => {
    assert.equal(encodeRison({ a: 1, b: [true, false, null], c: 'x y', d: "it's!" }), "(a:1,b:!(!t,!f,!n),c:'x y',d:'it!'s!!')");
    assert.equal(encodeRison('2026-03-01T10:00:00.000Z'), "'2026-03-01T10:00:00.000Z'");
    assert.equal(encodeRison('now-15m'), 'now-15m');
    assert.equal(encodeRison('10.0.0.1'), "'10.0.0.1'");
  });

  it("Kibana Discover: the failed-login saved search, the alert's time range and its source filter", () => {
    const url = buildDeepLink({ kind: 'kibana-discover', kibanaUrl: 'http://127.0.0.1:5601/', timeRange: { from, to }, sourceIp: '172.18.0.1' });
    assert.ok(url.startsWith('http://127.0.0.1:5601/app/discover#/view/monitoring-lab-failed-logins?'), url);
    const params = hashParams(url);
    assert.equal(params.get('_g'), "(time:(from:'2026-03-01T10:00:00.000Z',to:'2026-03-01T10:15:00.000Z'),filters:!())");
    assert.equal(
      params.get('_a'),
      "(filters:!((meta:(alias:!n,disabled:!f,index:monitoring-lab-logs,key:source.ip,negate:!f,params:(query:'172.18.0.1'),type:phrase),query:(match_phrase:(source.ip:'172.18.0.1')))))",
    );
  });

  it('Kibana Discover without a source: no filter; another saved search by id', () => {
    const url = buildDeepLink({
      kind: 'kibana-discover',
      kibanaUrl: 'http://127.0.0.1:5601',
      timeRange: lastMinutes(15),
      savedSearchId: 'monitoring-lab-latest-events',
    });
    assert.ok(url.includes('/app/discover#/view/monitoring-lab-latest-events?'));
    assert.equal(hashParams(url).get('_g'), '(time:(from:now-15m,to:now),filters:!())');
    assert.equal(hashParams(url).get('_a'), '(filters:!())');
  });

  it('a source value cannot break out of the rison string or the URL', () => {
    const url = buildDeepLink({ kind: 'kibana-discover', kibanaUrl: 'http://127.0.0.1:5601', timeRange: lastMinutes(5), sourceIp: "x') & y=#" });
    assert.ok(!url.slice(url.indexOf('#') + 1).includes('#'), url);
    assert.ok(hashParams(url).get('_a')!.includes("source.ip:'x!') & y=#'"));
  });

  it('Kibana dashboard at a time range', () => {
    const url = buildDeepLink({ kind: 'kibana-dashboard', kibanaUrl: 'http://127.0.0.1:5601', timeRange: { from, to } });
    assert.ok(url.startsWith('http://127.0.0.1:5601/app/dashboards#/view/monitoring-lab-overview?_g='), url);
  });

  it('Grafana: the dashboard uid with epoch-millisecond or relative time', () => {
    assert.equal(
      buildDeepLink({ kind: 'grafana-dashboard', grafanaUrl: 'http://127.0.0.1:3000', timeRange: { from, to } }),
      `http://127.0.0.1:3000/d/monitoring-lab-host-overview?orgId=1&from=${from.getTime()}&to=${to.getTime()}`,
    );
    assert.equal(
      buildDeepLink({
        kind: 'grafana-dashboard',
        grafanaUrl: 'http://127.0.0.1:3000/',
        dashboardUid: 'monitoring-lab-node-exporter-full',
        timeRange: lastMinutes(30),
        refresh: '10s',
      }),
      'http://127.0.0.1:3000/d/monitoring-lab-node-exporter-full?orgId=1&from=now-30m&to=now&refresh=10s',
    );
  });

  it('rejects a bad time range or base URL, naming the problem', () => {
    assert.throws(
      () => buildDeepLink({ kind: 'grafana-dashboard', grafanaUrl: 'http://127.0.0.1:3000', timeRange: { from: to, to: from } }),
      /ends .* before it starts/,
    );
    assert.throws(
      () => buildDeepLink({ kind: 'grafana-dashboard', grafanaUrl: 'http://127.0.0.1:3000', timeRange: { from: 'yesterday', to: 'now' } }),
      /"yesterday"/,
    );
    assert.throws(() => buildDeepLink({ kind: 'kibana-dashboard', kibanaUrl: 'javascript:alert(1)', timeRange: lastMinutes(5) }), /not an http/);
    assert.throws(() => lastMinutes(0), RangeError);
  });
});
