// The supported subset of the Compose specification, as data (documented in docs/compose-subset.md).
import { t } from '../../l10n';
// Any key outside it is an error naming the key path: silently ignoring a key would start a stack that is
// not the one the file describes. Keys starting with "x-" are extensions and always allowed.

export type Shape =
  | 'string'
  | 'scalar' // string, number or boolean (interpolation turns numbers into strings anyway)
  | 'null-or-scalar'
  | { list: Shape }
  | { map: Shape } // any keys (names chosen by the author), each value of one shape
  | { object: Record<string, Shape> } // only these keys
  | { oneOf: Shape[] };

const scalarList: Shape = { list: 'scalar' };
const stringOrList: Shape = { oneOf: ['string', scalarList] };
/** environment / labels / build args: a map (values may be empty) or a list of KEY=VALUE. */
const keyValues: Shape = { oneOf: [{ map: 'null-or-scalar' }, scalarList] };

const service: Shape = {
  object: {
    image: 'string',
    build: {
      oneOf: ['string', { object: { context: 'string', dockerfile: 'string', args: keyValues } }],
    },
    environment: keyValues,
    command: stringOrList,
    entrypoint: stringOrList,
    ports: {
      list: { oneOf: ['scalar', { object: { target: 'scalar', published: 'scalar', host_ip: 'string', protocol: 'string' } }] },
    },
    volumes: {
      list: { oneOf: ['string', { object: { type: 'string', source: 'string', target: 'string', read_only: 'scalar' } }] },
    },
    depends_on: {
      oneOf: [{ list: 'string' }, { map: { object: { condition: 'string', restart: 'scalar', required: 'scalar' } } }],
    },
    healthcheck: {
      object: { test: stringOrList, interval: 'string', timeout: 'string', retries: 'scalar', start_period: 'string', disable: 'scalar' },
    },
    profiles: { list: 'string' },
    stop_grace_period: 'string',
    stop_signal: 'string',
    restart: 'string',
    user: 'scalar',
    working_dir: 'string',
    init: 'scalar',
    labels: keyValues,
    mem_limit: 'scalar',
    'x-monitoring-lab': {
      object: {
        'host-network': { object: { environment: { map: 'scalar' }, 'command-append': scalarList } },
      },
    },
  },
};

export const COMPOSE_SUBSET: Shape = {
  object: {
    name: 'string',
    // Accepted and ignored, as Compose v2 does: the file format is versionless.
    version: 'scalar',
    services: { map: service },
    volumes: { map: { oneOf: ['null-or-scalar', { object: { labels: keyValues } }] } },
  },
};

/** Checks `value` against `shape`; returns one message per problem, each naming its key path. */
export function checkSubset(value: unknown, shape: Shape, path: string): string[] {
  if (typeof shape === 'string') return checkScalar(value, shape, path);
  if ('oneOf' in shape) {
    const results = shape.oneOf.map((s) => checkSubset(value, s, path));
    if (results.some((r) => r.length === 0)) return [];
    // Report against the alternative whose container kind matches (object vs list vs scalar), for a precise message.
    const matching = shape.oneOf.findIndex((s) => kindOf(s) === kindOfValue(value));
    return matching >= 0 ? (results[matching] as string[]) : [`${path} has an unsupported form (${describe(value)})`];
  }
  if ('list' in shape) {
    if (!Array.isArray(value)) return [`${path} must be a list`];
    return value.flatMap((item, i) => checkSubset(item, shape.list, `${path}[${i}]`));
  }
  if (!isPlainObject(value)) return [`${path} must be a mapping`];
  const problems: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if ('map' in shape) {
      problems.push(...checkSubset(child, shape.map, childPath));
    } else if (key in shape.object) {
      problems.push(...checkSubset(child, shape.object[key] as Shape, childPath));
    } else if (!key.startsWith('x-')) {
      problems.push(t("{0} is not supported by Monitoring Lab's compose loader (see docs/compose-subset.md)", childPath));
    }
  }
  return problems;
}

function checkScalar(value: unknown, shape: 'string' | 'scalar' | 'null-or-scalar', path: string): string[] {
  if (shape === 'null-or-scalar' && value === null) return [];
  if (shape === 'string') return typeof value === 'string' ? [] : [`${path} must be a string`];
  return ['string', 'number', 'boolean'].includes(typeof value) ? [] : [`${path} must be a single value, not ${describe(value)}`];
}

function kindOf(shape: Shape): 'list' | 'object' | 'scalar' {
  if (typeof shape === 'string') return 'scalar';
  if ('list' in shape) return 'list';
  if ('oneOf' in shape) return 'scalar';
  return 'object';
}

function kindOfValue(value: unknown): 'list' | 'object' | 'scalar' {
  return Array.isArray(value) ? 'list' : isPlainObject(value) ? 'object' : 'scalar';
}

function describe(value: unknown): string {
  return value === null ? 'an empty value' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
