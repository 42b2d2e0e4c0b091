// The one settings schema (src/core/config/settingsSchema.ts) and package.json's contributes.configuration say the
// same, both ways, with package.nls.json holding the schema's English texts; the schema is consistent with itself; and
// every setting it declares is read by the extension.
import * as assert from 'node:assert/strict';
import {
  LAB_CONFIG_SETTINGS,
  MEMORY_CAP_SETTING,
  PORT_SETTINGS,
  CONFIGURATION_NLS_PREFIX,
  SETTINGS_SCHEMA,
  SETTING_CATEGORIES,
  SETTING_IDS,
  type SettingSpec,
  configurationContribution,
  configurationNls,
  createLabConfig,
  describeEnum,
  enumValue,
  isSettingId,
  settingKey,
} from '../../../../src/core/config';
import { DETECTION_SETTING_LEAVES, SETTINGS_PREFIX } from '../../../../src/core/detect/settings';
import { ATTACH_SETTINGS } from '../../../../src/core/attach/config';
import { localize, readNls } from '../../packageManifest';
import { contributedProperties, contributedSections } from './packageConfiguration';

/** The fields VS Code validates a value with: they must be the schema's exactly. */
const CHECKED_FIELDS = ['type', 'default', 'minimum', 'maximum', 'enum', 'pattern', 'patternErrorMessage', 'scope'] as const;

const REGENERATE = 'package.json and package.nls.json are rendered from the schema: npm run build:tests && node scripts/render-configuration.mjs';

/** The configuration as the Settings editor shows it in English: the %key% texts from package.nls.json. */
const shownSections = () => localize(contributedSections(), readNls('en'));
const shownProperties = () => localize(contributedProperties(), readNls('en'));

describe('core/config/settingsSchema', () => {
  it('package.json contributes titled, ordered sections, one per schema category, in the same order', () => {
    const sections = shownSections();
    assert.deepEqual(
      sections.map((s) => ({ title: s.title, order: s.order })),
      SETTING_CATEGORIES.map((c) => ({ title: c.title, order: c.order })),
    );
    for (const section of sections)
      assert.ok(section.properties && Object.keys(section.properties).length > 0, `section ${String(section.title)} has settings`);
  });

  it("package.json declares exactly the schema's settings, each once, under its category", () => {
    const seen = new Map<string, string>();
    for (const section of shownSections()) {
      for (const id of Object.keys(section.properties ?? {})) {
        assert.ok(!seen.has(id), `${id} is contributed twice (${seen.get(id)} and ${String(section.title)})`);
        seen.set(id, String(section.title));
      }
    }
    const contributed = [...seen.keys()].sort();
    assert.deepEqual(
      contributed.filter((id) => !isSettingId(id)),
      [],
      'contributed but not in the schema',
    );
    assert.deepEqual(
      SETTING_IDS.filter((id) => !seen.has(id)),
      [],
      'in the schema but not contributed',
    );
    for (const id of SETTING_IDS) {
      const category = SETTING_CATEGORIES.find((c) => c.id === SETTINGS_SCHEMA[id].category)!;
      assert.equal(seen.get(id), category.title, `${id}'s section`);
    }
  });

  it("type, default, minimum, maximum, enum, pattern, patternErrorMessage and scope are the schema's, both ways", () => {
    const properties = shownProperties();
    for (const id of SETTING_IDS) {
      const spec = SETTINGS_SCHEMA[id] as SettingSpec & Record<string, unknown>;
      const property = properties[id]!;
      for (const field of CHECKED_FIELDS)
        assert.deepEqual(
          property[field],
          spec[field],
          `${id}: ${field} (package.json ${JSON.stringify(property[field])}, schema ${JSON.stringify(spec[field])})`,
        );
    }
  });

  it("package.json's configuration is the schema rendered (descriptions, enum descriptions, order too)", () => {
    assert.deepEqual(packageConfiguration(), configurationContribution(), REGENERATE);
  });

  it("package.nls.json holds the schema's English texts, and only those under config.*; package.nls.id.json translates each", () => {
    const configEntries = (lang: 'en' | 'id') => Object.fromEntries(Object.entries(readNls(lang)).filter(([key]) => key.startsWith(CONFIGURATION_NLS_PREFIX)));
    assert.deepEqual(configEntries('en'), configurationNls(), REGENERATE);
    assert.deepEqual(Object.keys(configEntries('id')).sort(), Object.keys(configurationNls()).sort(), 'package.nls.id.json: the config.* keys');
  });

  it("the rendered configuration shows the schema's texts: every description, enum description and pattern message", () => {
    const properties = shownProperties();
    for (const id of SETTING_IDS) {
      const spec = SETTINGS_SCHEMA[id] as SettingSpec & Record<string, unknown>;
      for (const field of ['description', 'markdownDescription', 'enumDescriptions', 'additionalProperties'] as const) {
        assert.deepEqual(properties[id]![field], spec[field], `${id}: ${field}`);
      }
    }
    assert.deepEqual(
      shownSections().map((s) => s.title),
      SETTING_CATEGORIES.map((c) => c.title),
    );
    // A text the schema changes is a text package.json shows: the rendering reads the schema, not a copy.
    const profile = SETTINGS_SCHEMA['monitoringLab.profile'] as { description: string };
    const before = profile.description;
    try {
      profile.description = 'Changed.';
      assert.equal(configurationNls()['config.profile.description'], 'Changed.');
      assert.equal(configurationContribution()[0]!.properties['monitoringLab.profile']!.description, '%config.profile.description%');
      assert.equal(before, readNls('en')['config.profile.description']);
    } finally {
      profile.description = before;
    }
  });

  it('every default is a valid value of its own setting; every pattern has its error message; enums have one description per value', () => {
    for (const id of SETTING_IDS) {
      const spec: SettingSpec = SETTINGS_SCHEMA[id];
      assert.ok(spec.description || spec.markdownDescription, `${id} is described`);
      if (spec.type === 'integer' || spec.type === 'number') {
        assert.ok(spec.minimum <= spec.default && spec.default <= spec.maximum, `${id}: ${spec.minimum} ≤ ${spec.default} ≤ ${spec.maximum}`);
        if (spec.type === 'integer') assert.ok(Number.isInteger(spec.default) && Number.isInteger(spec.minimum) && Number.isInteger(spec.maximum), id);
      }
      if (spec.type === 'string') {
        if (spec.pattern !== undefined) {
          assert.ok(spec.patternErrorMessage, `${id} has a pattern without a patternErrorMessage`);
          assert.match(spec.default, new RegExp(spec.pattern), `${id}: default`);
        }
        if (spec.enum) {
          assert.ok(spec.enum.includes(spec.default), `${id}: default in enum`);
          assert.equal(enumValue(id, spec.default), spec.default);
          if (spec.enumDescriptions) assert.equal(spec.enumDescriptions.length, spec.enum.length, `${id}: enumDescriptions`);
        }
      }
      if (spec.type === 'boolean') assert.equal(typeof spec.default, 'boolean', id);
    }
  });

  it("the lab config's checks are the schema's: its patterns and allowed values decide, and its defaults make a valid lab", () => {
    const paths = { labBaseDir: '/tmp/lab', stackSourceDir: '/opt/stack', stackVersion: '1' };
    const config = createLabConfig(paths);
    assert.equal(config.profile, SETTINGS_SCHEMA['monitoringLab.profile'].default);
    assert.equal(config.logIndex, SETTINGS_SCHEMA['monitoringLab.logIndex'].default);
    assert.equal(config.ports['node-exporter'], SETTINGS_SCHEMA['monitoringLab.ports.nodeExporter'].default);
    const projectPattern = new RegExp(SETTINGS_SCHEMA['monitoringLab.projectName'].pattern);
    for (const name of ['lab', 'lab_2-x', 'Lab', '-lab', 'my lab']) {
      const accepted = (() => {
        try {
          createLabConfig({ ...paths, projectName: name });
          return true;
        } catch {
          return false;
        }
      })();
      assert.equal(accepted, projectPattern.test(name), `project name ${name}`);
    }
    assert.equal(describeEnum('monitoringLab.detection.notify'), '"critical", "all" or "off"');
    assert.equal(enumValue('monitoringLab.profile', 'huge'), undefined);
  });

  it('every setting the schema declares is read: the lab config, the ports, the memory cap, detection, the report language', () => {
    const read = new Set<string>([
      ...Object.values(LAB_CONFIG_SETTINGS),
      ...Object.values(PORT_SETTINGS),
      MEMORY_CAP_SETTING.id,
      ...DETECTION_SETTING_LEAVES.map((leaf) => `${SETTINGS_PREFIX}.${leaf}`),
      'monitoringLab.report.language', // src/vscode/settings.ts readReportLanguage
      'monitoringLab.language', // src/vscode/settings.ts readReportLanguage ('auto'), and the extension's language
      ...Object.values(ATTACH_SETTINGS), // src/vscode/settings.ts readAttachConfig
    ]);
    assert.deepEqual(
      SETTING_IDS.filter((id) => !read.has(id)),
      [],
      'declared but never read',
    );
    assert.deepEqual(
      [...read].filter((id) => !isSettingId(id)),
      [],
      'read but not declared',
    );
    assert.equal(settingKey('monitoringLab.ports.app'), 'ports.app');
  });

  it('no setting the editor does not offer is named: the lab folder, the stack source, secrets and health timeouts are CLI options', () => {
    for (const gone of ['labDirectory', 'stackSourceDirectory', 'stackVersion', 'secrets.demoPassword', 'healthTimeoutSeconds.app', 'images.prometheus']) {
      assert.equal(isSettingId(`monitoringLab.${gone}`), false, gone);
    }
  });
});

function packageConfiguration(): unknown {
  return contributedSections();
}
