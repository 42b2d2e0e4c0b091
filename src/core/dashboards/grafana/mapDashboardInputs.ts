// Turns a dashboard exported for sharing (grafana.com, "Export for sharing externally") into one Grafana can
// provision. Such exports name their data source through `__inputs` placeholders like ${DS_PROMETHEUS}, which only
// the interactive import dialog fills in; provisioning the file as is fails with "${DS_PROMETHEUS} was not found".
// So: every datasource input is bound to the provisioned data source uid, constant inputs to their value, and the
// sharing metadata is dropped.
import { t } from '../../l10n';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface SharingInput {
  name: string;
  type: string;
  pluginId?: string;
  value?: string;
}

export interface MapOptions {
  /** Uid of the provisioned data source each datasource input of `pluginId` maps to. */
  datasourceUids: Record<string, string>;
  /** Uid the provisioned dashboard gets (a fixed one, so links stay stable whatever upstream does). */
  uid: string;
}

export class DashboardMappingError extends Error {}

export function mapDashboardInputs(dashboard: unknown, options: MapOptions): JsonObject {
  if (!isObject(dashboard)) throw new DashboardMappingError(t('the dashboard is not a JSON object'));
  if (!Array.isArray(dashboard.panels) && !Array.isArray(dashboard.rows)) {
    throw new DashboardMappingError(t('the JSON has no panels: not a Grafana dashboard'));
  }
  const values = new Map<string, string>();
  for (const input of readInputs(dashboard.__inputs)) {
    if (input.type === 'datasource') {
      const uid = input.pluginId ? options.datasourceUids[input.pluginId] : undefined;
      if (!uid) throw new DashboardMappingError(t('input {0} needs a "{1}" data source, which the lab does not provision', input.name, input.pluginId ?? '?'));
      values.set(input.name, uid);
    } else if (input.type === 'constant') {
      values.set(input.name, input.value ?? '');
    } else {
      throw new DashboardMappingError(t('input {0} has type "{1}", which provisioning cannot fill in', input.name, input.type));
    }
  }
  const { __inputs: _i, __requires: _r, __elements: elements, ...rest } = dashboard;
  if (isObject(elements) && Object.keys(elements).length > 0) {
    // Library panels travel in __elements and are created by the import dialog only; provisioning would show
    // empty panels. None of the dashboards the lab fetches uses them, so refuse rather than half-work.
    throw new DashboardMappingError(t('the dashboard uses library panels (__elements), which provisioning cannot create'));
  }
  const mapped = substitute(rest, values) as JsonObject;
  // id is per Grafana instance; a stale one from the export would clash. The uid is what provisioning keys on.
  mapped.id = null;
  mapped.uid = options.uid;
  // Exporters name data source inputs DS_<NAME>; one used but never declared would fail in Grafana later.
  const undeclared = /\$\{DS_[A-Za-z0-9_]+\}/.exec(JSON.stringify(mapped));
  if (undeclared) throw new DashboardMappingError(t('the dashboard uses {0} but does not declare it in __inputs', undeclared[0]));
  return mapped;
}

function readInputs(raw: unknown): SharingInput[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new DashboardMappingError(t('__inputs is not a list'));
  return raw.map((item, i) => {
    if (!isObject(item) || typeof item.name !== 'string' || typeof item.type !== 'string') {
      throw new DashboardMappingError(t('__inputs[{0}] has no name or type', i));
    }
    return {
      name: item.name,
      type: item.type,
      ...(typeof item.pluginId === 'string' ? { pluginId: item.pluginId } : {}),
      ...(typeof item.value === 'string' ? { value: item.value } : {}),
    };
  });
}

/** Replaces ${NAME} (the form exports use) in every string, keys untouched. */
function substitute(value: JsonValue, values: Map<string, string>): JsonValue {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => values.get(name) ?? whole);
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, values));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, values)]));
  return value;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
