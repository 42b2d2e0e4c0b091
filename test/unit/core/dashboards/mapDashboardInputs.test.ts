// The ${DS_PROMETHEUS} mapping that makes a grafana.com export (like Node Exporter Full, 1860) provisionable,
// on a small synthetic dashboard shaped like such an export.
import * as assert from 'node:assert/strict';
import { DashboardMappingError, mapDashboardInputs } from '../../../../src/core/dashboards/grafana/mapDashboardInputs';

const options = { datasourceUids: { prometheus: 'monitoring-lab-prometheus' }, uid: 'monitoring-lab-node-exporter-full' };

function sharedExport() {
  return {
    __inputs: [
      { name: 'DS_PROMETHEUS', label: 'Prometheus', type: 'datasource', pluginId: 'prometheus', pluginName: 'Prometheus' },
      { name: 'VAR_JOB', type: 'constant', label: 'job', value: 'node' },
    ],
    __elements: {},
    __requires: [{ type: 'datasource', id: 'prometheus', name: 'Prometheus', version: '1.0.0' }],
    id: 42,
    uid: 'rYdddlPWk',
    title: 'Node Exporter Full',
    panels: [
      {
        type: 'timeseries',
        title: 'CPU',
        datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' },
        targets: [{ refId: 'A', datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' }, expr: 'node_load1{job="${VAR_JOB}",instance="$node"}' }],
      },
    ],
    templating: {
      list: [
        { name: 'ds_prometheus', type: 'datasource', query: 'prometheus' },
        {
          name: 'node',
          type: 'query',
          datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' },
          query: 'label_values(node_uname_info{job="$job"}, instance)',
        },
      ],
    },
  };
}

describe('dashboards: mapDashboardInputs (grafana.com export → provisionable JSON)', () => {
  it('binds every ${DS_PROMETHEUS} to the provisioned uid, and constants to their value', () => {
    const mapped = mapDashboardInputs(sharedExport(), options);
    const text = JSON.stringify(mapped);
    assert.ok(!text.includes('${DS_PROMETHEUS}'), text);
    assert.equal(text.split('"uid":"monitoring-lab-prometheus"').length - 1, 3);
    const panels = mapped.panels as Array<{ targets: Array<{ expr: string }> }>;
    assert.equal(panels[0]!.targets[0]!.expr, 'node_load1{job="node",instance="$node"}');
  });

  it("keeps the dashboard's own template variables ($node, $job) untouched", () => {
    const text = JSON.stringify(mapDashboardInputs(sharedExport(), options));
    assert.ok(text.includes('instance=\\"$node\\"'));
    assert.ok(text.includes('job=\\"$job\\"'));
  });

  it('drops the sharing metadata, clears the instance id and sets the fixed uid', () => {
    const mapped = mapDashboardInputs(sharedExport(), options);
    assert.equal('__inputs' in mapped, false);
    assert.equal('__requires' in mapped, false);
    assert.equal('__elements' in mapped, false);
    assert.equal(mapped.id, null);
    assert.equal(mapped.uid, 'monitoring-lab-node-exporter-full');
    assert.equal(mapped.title, 'Node Exporter Full');
  });

  it('does not change its input', () => {
    const input = sharedExport();
    const before = JSON.stringify(input);
    mapDashboardInputs(input, options);
    assert.equal(JSON.stringify(input), before);
  });

  it('refuses a data source the lab does not provision, naming the input', () => {
    const input = { ...sharedExport(), __inputs: [{ name: 'DS_LOKI', type: 'datasource', pluginId: 'loki' }] };
    assert.throws(
      () => mapDashboardInputs(input, options),
      (err: Error) => err instanceof DashboardMappingError && /DS_LOKI.*loki/.test(err.message),
    );
  });

  it('refuses a ${DS_...} placeholder that __inputs does not declare', () => {
    const input = { ...sharedExport(), __inputs: [] };
    assert.throws(() => mapDashboardInputs(input, options), /\$\{DS_PROMETHEUS\} but does not declare it/);
  });

  it('refuses library panels, which provisioning cannot create', () => {
    const input = { ...sharedExport(), __elements: { abc: { name: 'lib', kind: 1, model: {} } } };
    assert.throws(() => mapDashboardInputs(input, options), /library panels/);
  });

  it('refuses JSON that is not a dashboard', () => {
    assert.throws(() => mapDashboardInputs([], options), /not a JSON object/);
    assert.throws(() => mapDashboardInputs({ message: 'Not found' }, options), /not a Grafana dashboard/);
  });
});
