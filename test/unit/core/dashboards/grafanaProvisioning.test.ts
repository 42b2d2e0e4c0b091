// Grafana's provisioning files: they parse, and have the shapes Grafana's provisioning documentation gives
// (data sources and dashboard providers: apiVersion 1; the types below are narrow, written from those docs, as no
// package publishes them). The lab dashboard is checked into @grafana/schema's Dashboard type.
import * as assert from 'node:assert/strict';
import type { Dashboard, Panel, RowPanel } from '@grafana/schema';
import { GRAFANA } from '../../../../src/core/dashboards/ids';
import { stackJson, stackYaml } from './stackFiles';

interface DatasourceProvisioning {
  apiVersion: 1;
  deleteDatasources?: Array<{ name: string; orgId?: number }>;
  datasources: Array<{
    name: string;
    type: string;
    uid: string;
    url: string;
    access: 'proxy' | 'direct';
    isDefault?: boolean;
    orgId?: number;
    jsonData?: Record<string, unknown>;
  }>;
}

interface DashboardProviderProvisioning {
  apiVersion: 1;
  providers: Array<{
    name: string;
    type: 'file';
    orgId?: number;
    folder?: string;
    updateIntervalSeconds?: number;
    options: { path: string; foldersFromFilesStructure?: boolean };
  }>;
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `${what} must be a mapping`);
  return value as Record<string, unknown>;
}

function asDatasources(raw: unknown): DatasourceProvisioning {
  const doc = asRecord(raw, 'datasources file');
  assert.equal(doc.apiVersion, 1);
  assert.ok(Array.isArray(doc.datasources) && doc.datasources.length > 0, 'datasources must be a non-empty list');
  for (const [i, ds] of (doc.datasources as unknown[]).entries()) {
    const d = asRecord(ds, `datasources[${i}]`);
    for (const key of ['name', 'type', 'uid', 'url', 'access']) assert.equal(typeof d[key], 'string', `datasources[${i}].${key}`);
    assert.ok(d.access === 'proxy' || d.access === 'direct', `datasources[${i}].access`);
  }
  return doc as unknown as DatasourceProvisioning;
}

function asProviders(raw: unknown): DashboardProviderProvisioning {
  const doc = asRecord(raw, 'dashboards provider file');
  assert.equal(doc.apiVersion, 1);
  assert.ok(Array.isArray(doc.providers) && doc.providers.length > 0, 'providers must be a non-empty list');
  for (const [i, p] of (doc.providers as unknown[]).entries()) {
    const provider = asRecord(p, `providers[${i}]`);
    assert.equal(typeof provider.name, 'string');
    assert.equal(provider.type, 'file');
    assert.equal(typeof asRecord(provider.options, `providers[${i}].options`).path, 'string');
  }
  return doc as unknown as DashboardProviderProvisioning;
}

/** Checks what Grafana needs of a provisioned dashboard and hands it back as @grafana/schema's Dashboard. */
function asDashboard(raw: unknown): Dashboard {
  const d = asRecord(raw, 'dashboard');
  assert.equal(typeof d.title, 'string');
  assert.equal(typeof d.uid, 'string');
  assert.ok(Number.isInteger(d.schemaVersion), 'schemaVersion must be an integer');
  assert.ok(Array.isArray(d.panels), 'panels must be a list');
  for (const [i, p] of (d.panels as unknown[]).entries()) {
    const panel = asRecord(p, `panels[${i}]`);
    assert.equal(typeof panel.type, 'string', `panels[${i}].type`);
    const grid = asRecord(panel.gridPos, `panels[${i}].gridPos`);
    for (const k of ['h', 'w', 'x', 'y']) assert.ok(Number.isInteger(grid[k]), `panels[${i}].gridPos.${k}`);
  }
  return d as unknown as Dashboard;
}

const isRow = (p: Panel | RowPanel): p is RowPanel => p.type === 'row';

describe('grafana provisioning files', () => {
  const datasources = asDatasources(stackYaml('grafana/provisioning/datasources/prometheus.yaml'));
  const providers = asProviders(stackYaml('grafana/provisioning/dashboards/monitoring-lab.yaml'));
  const dashboard = asDashboard(stackJson('grafana/dashboards/lab-host-overview.json'));
  const compose = stackYaml('compose.yaml') as { services: Record<string, { volumes?: string[]; environment?: Record<string, string> }> };

  it('provisions Prometheus with the fixed uid, as the default, at the compose service', () => {
    assert.equal(datasources.datasources.length, 1);
    const [ds] = datasources.datasources;
    assert.equal(ds!.uid, GRAFANA.datasourceUid);
    assert.equal(ds!.type, 'prometheus');
    assert.equal(ds!.isDefault, true);
    assert.equal(ds!.url, 'http://prometheus:9090');
    assert.ok('prometheus' in compose.services, 'compose.yaml has no prometheus service');
  });

  it('the dashboards provider reads the folder compose.yaml mounts, and both provisioning folders are mounted', () => {
    const volumes = compose.services.grafana?.volumes ?? [];
    assert.ok(volumes.includes('./grafana/provisioning:/etc/grafana/provisioning:ro'), volumes.join(', '));
    const dashboardsMount = volumes.find((v) => v.startsWith('./grafana/dashboards:'));
    assert.ok(dashboardsMount, 'grafana/dashboards is not mounted');
    assert.equal(dashboardsMount.split(':')[1], providers.providers[0]!.options.path);
    // The home dashboard setting names a file inside that folder.
    const home = compose.services.grafana?.environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH;
    assert.equal(home, `${providers.providers[0]!.options.path}/lab-host-overview.json`);
  });

  it('the lab dashboard has the fixed uid and every query uses the provisioned data source', () => {
    assert.equal(dashboard.uid, GRAFANA.labDashboardUid);
    assert.equal(dashboard.title, 'Lab Host Overview');
    const refs: unknown[] = [];
    for (const panel of dashboard.panels ?? []) {
      if (isRow(panel)) continue;
      refs.push(panel.datasource);
      assert.ok((panel.targets ?? []).length > 0, `panel "${panel.title}" has no queries`);
      for (const t of panel.targets ?? []) refs.push(t.datasource);
    }
    assert.ok(refs.length > 10);
    for (const ref of refs) assert.deepEqual(ref, { type: 'prometheus', uid: GRAFANA.datasourceUid });
  });

  it("shows CPU, RAM, load, network and the app's failed logins, errors and request durations", () => {
    const exprs = (dashboard.panels ?? []).flatMap((p) => (isRow(p) ? [] : (p.targets ?? []).map((t) => String((t as { expr?: unknown }).expr))));
    for (const metric of [
      'node_cpu_seconds_total',
      'node_memory_MemAvailable_bytes',
      'node_load1',
      'node_network_receive_bytes_total',
      'lab_failed_logins_total',
      'lab_errors_total',
      'lab_http_request_duration_seconds_bucket',
    ]) {
      assert.ok(
        exprs.some((e) => e.includes(metric)),
        `no panel queries ${metric}`,
      );
    }
    // rate() windows follow the data source's scrape interval (4 x 5 s) instead of a fixed guess.
    for (const e of exprs.filter((x) => x.includes('rate('))) assert.match(e, /\[\$__rate_interval\]/);
  });

  it('panels do not overlap on the 24-column grid', () => {
    const boxes = (dashboard.panels ?? []).map((p) => ({ title: p.title, ...p.gridPos! }));
    for (const b of boxes) assert.ok(b.x + b.w <= 24, `"${b.title}" is wider than the grid`);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i]!, boxes[j]!];
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        assert.ok(!overlap, `"${a.title}" overlaps "${b.title}"`);
      }
    }
  });

  it('nothing downloaded from grafana.com is in the repository', () => {
    assert.throws(() => stackJson(`grafana/dashboards/${GRAFANA.nodeExporterFullFile}`), /ENOENT/);
  });
});
