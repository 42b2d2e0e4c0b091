// Kibana's saved objects NDJSON: one object per line, unique fixed ids, and every reference (including those
// inside panelsJSON and lens layers) pointing at an object of the file, with the data view id used consistently.
import * as assert from 'node:assert/strict';
import { KIBANA } from '../../../../src/core/dashboards/ids';
import { stackText } from './stackFiles';

interface SavedObject {
  id: string;
  type: string;
  attributes: Record<string, unknown>;
  references: Array<{ id: string; name: string; type: string }>;
  coreMigrationVersion?: string;
  typeMigrationVersion?: string;
}

function readObjects(): SavedObject[] {
  const text = stackText('kibana/saved-objects.ndjson');
  assert.ok(text.endsWith('\n'), 'the last line must end with a newline');
  return text
    .trimEnd()
    .split('\n')
    .map((line, i) => {
      const obj = JSON.parse(line) as SavedObject;
      assert.equal(typeof obj.id, 'string', `line ${i + 1}: id`);
      assert.equal(typeof obj.type, 'string', `line ${i + 1}: type`);
      assert.ok(Array.isArray(obj.references), `line ${i + 1}: references`);
      return obj;
    });
}

describe('kibana saved objects (resources/stack/kibana/saved-objects.ndjson)', () => {
  const objects = readObjects();
  const byId = new Map(objects.map((o) => [`${o.type}:${o.id}`, o]));
  const get = (type: string, id: string): SavedObject => {
    const o = byId.get(`${type}:${id}`);
    assert.ok(o, `no ${type} ${id}`);
    return o;
  };

  it("has unique ids, all fixed to the lab's prefix", () => {
    assert.equal(byId.size, objects.length);
    for (const o of objects) assert.match(o.id, /^monitoring-lab-/);
  });

  it("has the data view on the lab's log data stream with @timestamp", () => {
    const dv = get('index-pattern', KIBANA.dataViewId);
    assert.equal(dv.attributes.title, KIBANA.dataViewPattern);
    assert.equal(dv.attributes.timeFieldName, '@timestamp');
  });

  it('every reference resolves to an object in the file, and index-pattern references are the lab data view', () => {
    let count = 0;
    for (const o of objects) {
      for (const ref of o.references) {
        assert.ok(byId.has(`${ref.type}:${ref.id}`), `${o.id} references missing ${ref.type} ${ref.id}`);
        if (ref.type === 'index-pattern') assert.equal(ref.id, KIBANA.dataViewId);
        count++;
      }
    }
    assert.ok(count >= 10, `only ${count} references`);
  });

  it('has the saved search "Failed login attempt" on event.action login-failed', () => {
    const search = get('search', KIBANA.failedLoginSearchId);
    assert.equal(search.attributes.title, 'Failed login attempt');
    const meta = search.attributes.kibanaSavedObjectMeta as { searchSourceJSON: string };
    const source = JSON.parse(meta.searchSourceJSON) as { query: { query: string; language: string }; indexRefName: string };
    assert.deepEqual(source.query, { query: 'event.action:"login-failed"', language: 'kuery' });
    assert.ok(search.references.some((r) => r.name === source.indexRefName && r.id === KIBANA.dataViewId));
  });

  it('lens visualizations reference the data view for each of their layers', () => {
    const lenses = objects.filter((o) => o.type === 'lens');
    assert.equal(lenses.length, 4);
    for (const lens of lenses) {
      const state = lens.attributes.state as {
        datasourceStates: { formBased: { layers: Record<string, { columns: Record<string, { sourceField?: string }> }> } };
      };
      const layers = Object.keys(state.datasourceStates.formBased.layers);
      assert.ok(layers.length > 0, lens.id);
      for (const layer of layers) {
        assert.ok(
          lens.references.some((r) => r.name === `indexpattern-datasource-layer-${layer}` && r.id === KIBANA.dataViewId),
          `${lens.id}: layer ${layer}`,
        );
      }
    }
  });

  it("the dashboard's panels each have their reference, and it shows the five views the exercise asks for", () => {
    const dashboard = get('dashboard', KIBANA.dashboardId);
    const panels = JSON.parse(dashboard.attributes.panelsJSON as string) as Array<{ panelIndex: string; panelRefName: string; type: string }>;
    const targets = panels.map((p) => {
      const ref = dashboard.references.find((r) => r.name === `${p.panelIndex}:${p.panelRefName}`);
      assert.ok(ref, `panel ${p.panelIndex} has no reference`);
      assert.equal(ref.type, p.type);
      return ref.id;
    });
    assert.deepEqual(
      new Set(targets),
      new Set([
        'monitoring-lab-failed-logins-over-time',
        'monitoring-lab-failed-logins-by-source',
        'monitoring-lab-failed-logins-by-user',
        'monitoring-lab-errors-over-time',
        KIBANA.latestEventsSearchId,
      ]),
    );
  });
});
