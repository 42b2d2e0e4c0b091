// Every setting the extension reads, declared once: key, type, default, bounds, allowed values, pattern, scope,
// description and the category it is shown under. package.json's `contributes.configuration` is this schema
// rendered by configurationContribution() with every text as a `%key%` reference, and package.nls.json's English
// texts are configurationNls() (package.nls.id.json translates them); a unit test keeps all three equal. The readers
// (src/vscode/settings.ts, src/vscode/alerts/detectionSettings.ts, core/config, core/detect/settings.ts) take their
// defaults and bounds from here, and a message names a setting only by a key declared here.
// Pure data: no 'vscode', no I/O.
import { LAB_SERVICES } from './services';

/** The settings editor's sections, in order. */
export const SETTING_CATEGORIES = [
  { id: 'lab', title: 'Lab', order: 1 },
  { id: 'network', title: 'Network and ports', order: 2 },
  { id: 'scenarios', title: 'Scenarios', order: 3 },
  { id: 'detection', title: 'Detection', order: 4 },
  { id: 'rules', title: 'Detection rules', order: 5 },
  { id: 'report', title: 'Report', order: 6 },
  { id: 'attach', title: 'Attach to your own stack', order: 7 },
] as const;

export type SettingCategory = (typeof SETTING_CATEGORIES)[number]['id'];

/**
 * Where a value may be set. 'machine': user settings only (a workspace's settings.json cannot set where the lab
 * listens, what it runs or whom the app trusts). Unset: VS Code's default ('window').
 */
export type SettingScope = 'machine';

interface SettingBase {
  category: SettingCategory;
  scope?: SettingScope;
  /** Plain text; or markdownDescription when the text links another setting or shows code. */
  description?: string;
  markdownDescription?: string;
}

export interface StringSetting extends SettingBase {
  type: 'string';
  default: string;
  enum?: readonly string[];
  enumDescriptions?: readonly string[];
  pattern?: string;
  patternErrorMessage?: string;
}

export interface NumberSetting extends SettingBase {
  /** 'integer': whole numbers only. */
  type: 'integer' | 'number';
  default: number;
  minimum: number;
  maximum: number;
}

export interface BooleanSetting extends SettingBase {
  type: 'boolean';
  default: boolean;
}

/** A map of strings (image overrides per service). */
export interface MapSetting extends SettingBase {
  type: 'object';
  default: Readonly<Record<string, string>>;
  propertyNames: { enum: readonly string[] };
  additionalProperties: { type: 'string'; pattern: string; patternErrorMessage: string };
}

export type SettingSpec = StringSetting | NumberSetting | BooleanSetting | MapSetting;

export const SETTINGS_SECTION = 'monitoringLab';

/** Compose's rule for project names (they prefix container, volume and network names). */
export const PROJECT_NAME_PATTERN = '^[a-z0-9][a-z0-9_-]*$';
/**
 * The lab log index (a data stream): the app (resources/stack/app/labapp/config.py) and Kibana's setup
 * (kibana/setup.sh) accept exactly these names, with nothing a URL, a query or a shell would read as syntax.
 */
export const LOG_INDEX_PATTERN = '^[a-z0-9][a-z0-9._-]{0,199}$';
/** A pragmatic check of the Docker reference grammar: [registry[:port]/]path[:tag][@digest], lowercase path. */

/** Attach mode's settings: user settings only, so a workspace cannot send the stored credentials elsewhere. */
const attachText = (markdownDescription: string): StringSetting => ({ category: 'attach', scope: 'machine', type: 'string', default: '', markdownDescription });

export const IMAGE_REFERENCE_PATTERN =
  '^(?:[a-zA-Z0-9.-]+(?::\\d+)?/)?[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$';

const port = (service: string, defaultPort: number, note = ''): NumberSetting => ({
  category: 'network',
  scope: 'machine',
  type: 'integer',
  default: defaultPort,
  minimum: 1,
  maximum: 65535,
  markdownDescription: `Host port for ${service}${note} (bound to \`#monitoringLab.bindAddress#\`).`,
});

/** The schema. Keys are the setting ids exactly as VS Code and package.json spell them; order is display order. */
export const SETTINGS_SCHEMA = {
  // ── Lab ──
  'monitoringLab.language': {
    category: 'lab',
    type: 'string',
    enum: ['auto', 'en', 'id'],
    default: 'auto',
    enumDescriptions: ["VS Code's display language (Indonesian when it is Indonesian, otherwise English).", 'English', 'Bahasa Indonesia'],
    markdownDescription:
      "The language of the extension's messages, views, panels, lab report and CLI. `auto` follows VS Code's display language; VS Code has no Indonesian display language pack, so choose `id` here for Indonesian.",
  },
  'monitoringLab.profile': {
    category: 'lab',
    type: 'string',
    enum: ['lite', 'full'],
    default: 'lite',
    enumDescriptions: [
      "App, Elasticsearch, Prometheus and Node Exporter (about 1.5 GB of memory). The extension's panels replace Kibana and Grafana.",
      'Everything in lite plus Kibana and Grafana, ready on first open (about 3 GB of memory).',
    ],
    description: 'Which services Start Monitoring Lab runs.',
  },
  'monitoringLab.projectName': {
    category: 'lab',
    scope: 'machine',
    type: 'string',
    default: 'monitoring-lab',
    pattern: PROJECT_NAME_PATTERN,
    patternErrorMessage: 'Lowercase letters, digits, "-" or "_", starting with a letter or digit.',
    description: "Compose project name: prefixes the lab's containers, network and volumes (docker compose -p sees the same project).",
  },
  'monitoringLab.logIndex': {
    category: 'lab',
    type: 'string',
    default: 'lab-logs',
    pattern: LOG_INDEX_PATTERN,
    patternErrorMessage: '1–200 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit.',
    description: "Elasticsearch data stream the lab app writes its events to. Kibana's data view (full profile) follows it.",
  },
  'monitoringLab.images': {
    category: 'lab',
    scope: 'machine',
    type: 'object',
    default: {},
    propertyNames: { enum: LAB_SERVICES },
    additionalProperties: { type: 'string', pattern: IMAGE_REFERENCE_PATTERN, patternErrorMessage: 'An image reference like "registry:5000/name:tag".' },
    markdownDescription: 'Image reference overrides per service, e.g. `{ "elasticsearch": "registry.example:5000/elasticsearch:9.5.3" }` for a mirror.',
  },
  'monitoringLab.behindProxy': {
    category: 'lab',
    scope: 'machine',
    type: 'boolean',
    default: false,
    markdownDescription:
      "The lab app takes the source address from `X-Forwarded-For`: the right-most entry, the one your proxy appended (as Werkzeug's ProxyFix with one trusted hop; entries a client sends itself are ignored). Only turn on when a proxy sits in front of the app.",
  },

  // ── Network and ports ──
  'monitoringLab.bindAddress': {
    category: 'network',
    scope: 'machine',
    type: 'string',
    default: '127.0.0.1',
    markdownDescription:
      'Address every published port binds to. Keep `127.0.0.1`: Elasticsearch runs without security in the lab, so nothing should be reachable from the network.',
  },
  'monitoringLab.networkMode': {
    category: 'network',
    scope: 'machine',
    type: 'string',
    enum: ['bridge', 'host'],
    default: 'bridge',
    enumDescriptions: [
      'A private network for the lab with ports published on the bind address (recommended).',
      'Every container on the host network (Linux engines without a default bridge only).',
    ],
    description: "How the lab's containers are networked.",
  },
  'monitoringLab.buildWithHostNetwork': {
    category: 'network',
    type: 'boolean',
    default: false,
    description: 'Build the lab app image with the host network (needed on engines started without a default bridge).',
  },
  // 8088, not 5000: macOS uses 5000 for AirPlay.
  'monitoringLab.ports.app': port('the lab app', 8088, ' (not 5000: macOS uses it for AirPlay)'),
  'monitoringLab.ports.elasticsearch': port('Elasticsearch', 9200),
  'monitoringLab.ports.prometheus': port('Prometheus', 9090),
  'monitoringLab.ports.nodeExporter': port('Node Exporter', 9100),
  'monitoringLab.ports.kibana': port('Kibana', 5601, ' (full profile)'),
  'monitoringLab.ports.grafana': port('Grafana', 3000, ' (full profile)'),

  // ── Scenarios ──
  'monitoringLab.scenarios.memoryCapMb': {
    category: 'scenarios',
    type: 'integer',
    default: 2048,
    minimum: 16,
    maximum: 65536,
    description: "Upper bound for Simulate Memory Pressure, in MB. The engine's memory caps it further (at most half).",
  },

  // ── Detection ──
  'monitoringLab.detection.enabled': { category: 'detection', type: 'boolean', default: true, description: 'Evaluate the detection rules while the lab runs.' },
  'monitoringLab.detection.logIntervalSeconds': {
    category: 'detection',
    type: 'number',
    // 0.5 s, not 1 s: with the app's 250 ms shipping and Elasticsearch's 1 s refresh, a 1 s tick put the p95
    // detection latency at about 2.4 s (node scripts/bench/run.mjs detection-latency); 0.5 s meets the 2 s goal.
    default: 0.5,
    minimum: 0.2,
    maximum: 3600,
    description: 'How often log rules (brute force, error burst) query Elasticsearch. 0.5 s keeps the p95 detection latency under 2 s.',
  },
  'monitoringLab.detection.metricIntervalSeconds': {
    category: 'detection',
    type: 'number',
    default: 5,
    minimum: 1,
    maximum: 3600,
    description: 'How often metric rules (CPU, memory) query Prometheus.',
  },
  'monitoringLab.detection.scrapeIntervalSeconds': {
    category: 'detection',
    type: 'number',
    default: 5,
    minimum: 1,
    maximum: 3600,
    description: "Prometheus' scrape interval (rate() windows are 4× this).",
  },
  'monitoringLab.detection.clearAfterTicks': {
    category: 'detection',
    type: 'integer',
    default: 3,
    minimum: 1,
    maximum: 1000,
    description: 'An alert clears after this many consecutive evaluations below its clear threshold (hysteresis).',
  },
  'monitoringLab.detection.historySize': {
    category: 'detection',
    type: 'integer',
    default: 100,
    minimum: 1,
    maximum: 10000,
    description: 'Alerts kept in the history.',
  },
  'monitoringLab.detection.notify': {
    category: 'detection',
    type: 'string',
    enum: ['critical', 'all', 'off'],
    default: 'critical',
    enumDescriptions: ['Critical alerts only.', 'Every new alert.', 'No notifications (the status bar and the Alerts view still show them).'],
    description: 'Which new alerts raise a notification (rate-limited).',
  },
  'monitoringLab.detection.notifyCooldownSeconds': {
    category: 'detection',
    type: 'number',
    default: 60,
    minimum: 0,
    maximum: 86400,
    description: 'At most one notification per rule within this many seconds.',
  },

  // ── Detection rules ──
  'monitoringLab.detection.bruteForce.enabled': {
    category: 'rules',
    type: 'boolean',
    default: true,
    description: 'Brute-force rule: failed logins from one source.',
  },
  'monitoringLab.detection.bruteForce.threshold': {
    category: 'rules',
    type: 'integer',
    default: 20,
    minimum: 1,
    maximum: 100000,
    description:
      "Failed logins from ONE source within the window that raise the alert. Defaults fire on the exercise's 30 rapid failures; compare Elastic's prebuilt rules (60 in 30 s for SSH, 25 per source for Okta) and fail2ban (5 in 10 min).",
  },
  'monitoringLab.detection.bruteForce.windowSeconds': {
    category: 'rules',
    type: 'integer',
    default: 60,
    minimum: 1,
    maximum: 86400,
    description: 'Brute-force window, seconds.',
  },
  'monitoringLab.detection.bruteForce.clearBelow': {
    category: 'rules',
    type: 'integer',
    default: 10,
    minimum: 1,
    maximum: 100000,
    description: 'The brute-force alert clears when the source is below this count.',
  },
  'monitoringLab.detection.errorBurst.enabled': {
    category: 'rules',
    type: 'boolean',
    default: true,
    description: 'Error-burst rule: ERROR events of the app.',
  },
  'monitoringLab.detection.errorBurst.threshold': {
    category: 'rules',
    type: 'integer',
    default: 10,
    minimum: 1,
    maximum: 100000,
    description: 'ERROR events within the window that raise the alert.',
  },
  'monitoringLab.detection.errorBurst.windowSeconds': {
    category: 'rules',
    type: 'integer',
    default: 60,
    minimum: 1,
    maximum: 86400,
    description: 'Error-burst window, seconds.',
  },
  'monitoringLab.detection.errorBurst.clearBelow': {
    category: 'rules',
    type: 'integer',
    default: 5,
    minimum: 1,
    maximum: 100000,
    description: 'The error alert clears below this count.',
  },
  'monitoringLab.detection.highCpu.enabled': { category: 'rules', type: 'boolean', default: true, description: 'High-CPU rule (host CPU from Node Exporter).' },
  'monitoringLab.detection.highCpu.abovePercent': {
    category: 'rules',
    type: 'number',
    default: 80,
    minimum: 1,
    maximum: 100,
    description: 'Host CPU busy above this percentage…',
  },
  'monitoringLab.detection.highCpu.forSeconds': {
    category: 'rules',
    type: 'integer',
    default: 20,
    minimum: 1,
    maximum: 86400,
    description: '…for this many seconds raises the alert.',
  },
  'monitoringLab.detection.highCpu.clearBelowPercent': {
    category: 'rules',
    type: 'number',
    default: 60,
    minimum: 0,
    maximum: 100,
    description: 'The CPU alert clears below this percentage.',
  },
  'monitoringLab.detection.highMemory.enabled': {
    category: 'rules',
    type: 'boolean',
    default: true,
    description: 'High-memory rule (1 − MemAvailable/MemTotal).',
  },
  'monitoringLab.detection.highMemory.abovePercent': {
    category: 'rules',
    type: 'number',
    default: 90,
    minimum: 1,
    maximum: 100,
    description: 'Host memory used above this percentage…',
  },
  'monitoringLab.detection.highMemory.forSeconds': {
    category: 'rules',
    type: 'integer',
    default: 20,
    minimum: 1,
    maximum: 86400,
    description: '…for this many seconds raises the alert.',
  },
  'monitoringLab.detection.highMemory.clearBelowPercent': {
    category: 'rules',
    type: 'number',
    default: 85,
    minimum: 0,
    maximum: 100,
    description: 'The memory alert clears below this percentage.',
  },
  'monitoringLab.detection.containerDown.enabled': {
    category: 'rules',
    type: 'boolean',
    default: true,
    description: 'Container-down rule: a lab service exited or unhealthy.',
  },
  'monitoringLab.detection.eventsDropped.enabled': {
    category: 'rules',
    type: 'boolean',
    default: true,
    description:
      'Events-dropped rule: the lab app could not deliver events to Elasticsearch in the last 5 minutes (they are only in its log output, so the panels and rules undercount).',
  },

  // ── Report ──
  'monitoringLab.report.language': {
    category: 'report',
    type: 'string',
    enum: ['auto', 'en', 'id'],
    default: 'auto',
    enumDescriptions: ['The language of Monitoring Lab: Language.', 'English', 'Bahasa Indonesia'],
    markdownDescription: 'Language of the lab report (Generate Lab Report). `auto`: the language of `#monitoringLab.language#`.',
  },

  // ── Attach to your own stack ──
  'monitoringLab.mode': {
    category: 'attach',
    scope: 'machine',
    type: 'string',
    enum: ['lab', 'attach'],
    default: 'lab',
    enumDescriptions: ["Run the lab's containers.", 'Use your own Elasticsearch, Prometheus and app.'],
    markdownDescription: 'Run the lab, or attach to your own stack (credentials: **Set Elasticsearch Credentials…**, **Set Prometheus Credentials…**).',
  },
  'monitoringLab.elasticsearch.url': attachText('Attach mode: Elasticsearch address, e.g. `https://es.example:9200`.'),
  'monitoringLab.elasticsearch.index': attachText('Attach mode: index, data stream or pattern of the events. Empty: `#monitoringLab.logIndex#`.'),
  'monitoringLab.elasticsearch.caFile': attachText("Attach mode: PEM file of the CA that signed Elasticsearch's certificate."),
  'monitoringLab.elasticsearch.caFingerprint': attachText('Attach mode: SHA-256 fingerprint of that CA.'),
  'monitoringLab.prometheus.url': attachText('Attach mode: Prometheus address.'),
  'monitoringLab.prometheus.caFile': attachText("Attach mode: PEM file of the CA that signed Prometheus' certificate."),
  'monitoringLab.prometheus.job': attachText('Attach mode: `job` label of the Node Exporter target. Empty: any.'),
  'monitoringLab.prometheus.instance': attachText('Attach mode: `instance` label of that target. Empty: any.'),
  'monitoringLab.app.url': attachText('Attach mode: the app the scenarios send requests to.'),
} as const satisfies Record<string, SettingSpec>;

type Schema = typeof SETTINGS_SCHEMA;
export type SettingId = keyof Schema;
/** The ids of the numeric settings (integer or number). */
export type NumberSettingId = { [K in SettingId]: Schema[K] extends { type: 'integer' | 'number' } ? K : never }[SettingId];
export type BooleanSettingId = { [K in SettingId]: Schema[K] extends { type: 'boolean' } ? K : never }[SettingId];
/** The value type a setting holds: a union of its enum values, or string, number, boolean. */
export type SettingValue<K extends SettingId> = Schema[K] extends { enum: readonly (infer E)[] }
  ? E
  : Schema[K] extends { type: 'string' }
    ? string
    : Schema[K] extends { type: 'integer' | 'number' }
      ? number
      : Schema[K] extends { type: 'boolean' }
        ? boolean
        : Readonly<Record<string, string>>;

export const SETTING_IDS = Object.keys(SETTINGS_SCHEMA) as SettingId[];

export function isSettingId(value: string): value is SettingId {
  return Object.prototype.hasOwnProperty.call(SETTINGS_SCHEMA, value);
}

export function settingSpec(id: SettingId): SettingSpec {
  return SETTINGS_SCHEMA[id];
}

export function settingDefault<K extends SettingId>(id: K): SettingValue<K> {
  return SETTINGS_SCHEMA[id].default as SettingValue<K>;
}

/** The setting's id without the "monitoringLab." section (what getConfiguration('monitoringLab').get takes). */
export function settingKey(id: SettingId): string {
  return id.slice(SETTINGS_SECTION.length + 1);
}

/** The value when it is one of the setting's allowed values; otherwise undefined. */
export function enumValue<K extends SettingId>(id: K, value: unknown): SettingValue<K> | undefined {
  const spec = settingSpec(id);
  return spec.type === 'string' && spec.enum && typeof value === 'string' && spec.enum.includes(value) ? (value as SettingValue<K>) : undefined;
}

/** The allowed values of an enum setting as a message lists them: "critical", "all" or "off". */
export function describeEnum(id: SettingId): string {
  const spec = settingSpec(id);
  const values = (spec.type === 'string' && spec.enum ? spec.enum : []).map((v) => `"${v}"`);
  return values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values.at(-1)!}`;
}

/** One section of package.json's contributes.configuration. */
export interface ConfigurationSection {
  title: string;
  order: number;
  properties: Record<string, Record<string, unknown>>;
}

/** The nls key prefix of the configuration's texts in package.nls*.json. */
export const CONFIGURATION_NLS_PREFIX = 'config.';

/** The nls key of a setting's text: config.<setting key>.<field>, e.g. config.detection.notify.enumDescriptions.all. */
function nlsKey(id: SettingId, ...field: string[]): string {
  return [`${CONFIGURATION_NLS_PREFIX}${settingKey(id)}`, ...field].join('.');
}

function categoryNlsKey(category: SettingCategory): string {
  return `${CONFIGURATION_NLS_PREFIX}category.${category}`;
}

/** A text of a setting with its nls key, and how to put its %key% reference in the setting's contribution. */
interface SettingText {
  key: string;
  text: string;
  set: (property: Record<string, unknown>, ref: string) => void;
}

/**
 * A setting's user-visible texts, each with its nls key, in the order package.json shows them. VS Code reads a
 * `%key%` string anywhere in the manifest from package.nls.json (English) or package.nls.<display language>.json.
 */
function settingTexts(id: SettingId): SettingText[] {
  const spec = SETTINGS_SCHEMA[id] as SettingSpec;
  const texts: SettingText[] = [];
  for (const field of ['description', 'markdownDescription'] as const) {
    const text = spec[field];
    if (text !== undefined) texts.push({ key: nlsKey(id, field), text, set: (p, ref) => (p[field] = ref) });
  }
  if (spec.type === 'string') {
    if (spec.enum && spec.enumDescriptions) {
      spec.enumDescriptions.forEach((text, i) => {
        texts.push({ key: nlsKey(id, 'enumDescriptions', spec.enum![i]!), text, set: (p, ref) => ((p.enumDescriptions as string[])[i] = ref) });
      });
    }
    if (spec.patternErrorMessage !== undefined)
      texts.push({ key: nlsKey(id, 'patternErrorMessage'), text: spec.patternErrorMessage, set: (p, ref) => (p.patternErrorMessage = ref) });
  }
  if (spec.type === 'object') {
    texts.push({
      key: nlsKey(id, 'additionalProperties', 'patternErrorMessage'),
      text: spec.additionalProperties.patternErrorMessage,
      set: (p, ref) => ((p.additionalProperties as Record<string, unknown>).patternErrorMessage = ref),
    });
  }
  return texts;
}

/**
 * The schema as package.json's `contributes.configuration`: one titled section per category, settings in schema
 * order, every text a `%key%` reference into package.nls*.json (configurationNls() gives the English ones). What
 * the unit test compares package.json with; print it to update package.json after a schema change.
 */
export function configurationContribution(): ConfigurationSection[] {
  return SETTING_CATEGORIES.map(({ id: category, order }) => {
    const ids = SETTING_IDS.filter((id) => SETTINGS_SCHEMA[id].category === category);
    const properties = Object.fromEntries(
      ids.map((id, index) => {
        const { category: _category, ...spec } = SETTINGS_SCHEMA[id] as SettingSpec;
        // A deep copy: the references replace the texts in the copy, never in the schema.
        const property = { ...(JSON.parse(JSON.stringify(spec)) as Record<string, unknown>), order: index + 1 };
        for (const { key, set } of settingTexts(id)) set(property, `%${key}%`);
        return [id, property];
      }),
    );
    return { title: `%${categoryNlsKey(category)}%`, order, properties };
  });
}

/** The English texts of the configuration by nls key: package.nls.json's config.* entries, exactly. */
export function configurationNls(): Record<string, string> {
  const entries: Array<[string, string]> = [];
  for (const { id: category, title } of SETTING_CATEGORIES) {
    entries.push([categoryNlsKey(category), title]);
    for (const id of SETTING_IDS.filter((s) => SETTINGS_SCHEMA[s].category === category)) {
      for (const { key, text } of settingTexts(id)) entries.push([key, text]);
    }
  }
  return Object.fromEntries(entries);
}
