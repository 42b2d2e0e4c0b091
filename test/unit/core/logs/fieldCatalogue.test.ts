// The extension's side of the lab app's field catalogue (resources/stack/app/labapp/fields.json): every field it
// reads (LAB_EVENT_FIELDS) or queries (queries.ts) is catalogued, and the catalogue's readByExtension marks are
// exactly those. The app's side, that every written field is catalogued and mapped, is test/app/test_fields.py.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EcsDocument, LabEvent } from '../../../../src/core/logs/labEvent';
import { LAB_EVENT_FIELDS, toLabEvent } from '../../../../src/core/logs/labEvent';
import type { EventKind } from '../../../../src/core/logs/queries';
import { countRequest, eventPageRequest, failedAttemptsBySourceRequest, histogramRequest, topValuesRequest } from '../../../../src/core/logs/queries';

const REPO_ROOT = path.resolve(__dirname, '../../../../..');
const CATALOGUE_PATH = path.join(REPO_ROOT, 'resources', 'stack', 'app', 'labapp', 'fields.json');

interface CatalogueEntry {
  type: string;
  mapped?: boolean;
  readByExtension?: boolean;
}

function catalogue(): Record<string, CatalogueEntry> {
  return (JSON.parse(fs.readFileSync(CATALOGUE_PATH, 'utf8')) as { fields: Record<string, CatalogueEntry> }).fields;
}

const KINDS: EventKind[] = ['failed-logins', 'errors', 'auth', 'all'];
const RANGE = { from: Date.parse('2026-11-27T10:00:00.000Z'), to: Date.parse('2026-11-27T11:00:00.000Z') };

/** Every field a request body filters, sorts or aggregates on (term, terms, range, sort entries, an aggregation's `field`). */
function queriedFields(body: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(body)) {
    for (const item of body) queriedFields(item, out);
  } else if (typeof body === 'object' && body !== null) {
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      const aggregation = typeof (value as { field?: unknown } | null)?.field === 'string'; // a terms aggregation, not a query
      if ((key === 'term' || key === 'terms' || key === 'range') && typeof value === 'object' && value !== null && !aggregation) {
        for (const field of Object.keys(value)) out.add(field);
      } else if (key === 'sort' && Array.isArray(value)) {
        for (const entry of value) for (const field of Object.keys(entry as object)) out.add(field);
      } else if (key === 'field' && typeof value === 'string') {
        out.add(value);
      } else {
        queriedFields(value, out);
      }
    }
  }
  return out;
}

function everyQuery(): Set<string> {
  const fields = new Set<string>();
  for (const kind of KINDS) {
    queriedFields(eventPageRequest(kind, RANGE, 10, ['2026-11-27T10:00:00.000Z', 'e1'], { sourceIp: '192.0.2.1', userName: 'u' }), fields);
    queriedFields(histogramRequest(kind, RANGE, 60), fields);
    queriedFields(countRequest(kind, RANGE), fields);
    for (const field of ['source.ip', 'user.name'] as const) queriedFields(topValuesRequest(kind, RANGE, field, 5), fields);
  }
  queriedFields(failedAttemptsBySourceRequest(RANGE, 3, 10), fields);
  return fields;
}

describe('core/logs field catalogue (resources/stack/app/labapp/fields.json)', () => {
  it('every field the extension reads is catalogued, with a type its LabEvent property can hold', () => {
    const fields = catalogue();
    for (const [key, field] of Object.entries(LAB_EVENT_FIELDS) as Array<[keyof LabEvent, string]>) {
      const entry = fields[field];
      assert.ok(entry, `${field} (LabEvent.${key}) is read by labEvent.ts but not in fields.json`);
      const expected = key === 'statusCode' ? ['long'] : key === 'timestamp' ? ['date'] : ['keyword', 'text', 'ip'];
      assert.ok(expected.includes(entry.type), `${field} is catalogued as ${entry.type}; LabEvent.${key} expects ${expected.join(' or ')}`);
    }
  });

  it('readByExtension marks exactly the fields labEvent.ts reads', () => {
    const marked = Object.entries(catalogue())
      .filter(([, entry]) => entry.readByExtension === true)
      .map(([field]) => field)
      .sort();
    assert.deepEqual(marked, [...new Set(Object.values(LAB_EVENT_FIELDS))].sort());
  });

  it('every field the queries filter, sort or aggregate on is catalogued, read and mapped (unmapped matches nothing)', () => {
    const fields = catalogue();
    const queried = everyQuery();
    assert.ok(queried.has('@timestamp') && queried.has('event.action') && queried.has('source.ip'), [...queried].join(', '));
    for (const field of queried) {
      const entry = fields[field];
      assert.ok(entry, `queries.ts uses ${field}, which is not in fields.json`);
      assert.notEqual(entry.mapped, false, `queries.ts uses ${field}, which the template leaves unmapped`);
      assert.equal(entry.readByExtension, true, `queries.ts uses ${field}: mark it readByExtension`);
    }
  });

  it('toLabEvent reads every property through LAB_EVENT_FIELDS and nothing else', () => {
    const doc: EcsDocument = {};
    const expected: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(LAB_EVENT_FIELDS) as Array<[keyof LabEvent, string]>) {
      const value = key === 'statusCode' ? 418 : key === 'timestamp' ? '2026-11-27T10:00:00.123Z' : `value of ${field}`;
      let node = doc;
      const parts = field.split('.');
      for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as EcsDocument;
      node[parts[parts.length - 1]!] = value;
      expected[key] = key === 'timestamp' ? Date.parse(value as string) : value;
    }
    assert.deepEqual(toLabEvent(doc, 'fallback'), expected);
  });
});
