// The scenario descriptors (src/core/scenarios/catalog.ts) drive everything else: the editor's commands and
// package.json, the Scenarios view, chart markers (label, panel tone, report colour), alert attribution and the
// CLI. Each check changes a descriptor and sees the consumer follow, so a hard-coded copy would fail it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI_SCENARIOS, parseArgs, usage } from '../../../src/cli/args';
import { attributeScenario } from '../../../src/core/detect/attribution';
import { SCENARIOS, type ScenarioDescriptor, defaultParams, kindForRule, scenarioColour } from '../../../src/core/scenarios/catalog';
import { DEFAULTS, type ScenarioKind } from '../../../src/core/scenarios/params';
import type { ScenarioRecord } from '../../../src/core/scenarios/records';
import { COMMANDS } from '../../../src/vscode/commandIds';
import { toMarker } from '../../../src/vscode/panels/scenarioMarkers';
import { type FakeVscode, installFakeVscode, uninstallFakeVscode } from './fakeVscode';
import { localizedPackageJson } from '../packageManifest';

const repoRoot = path.resolve(__dirname, '../../../..');
// As VS Code shows it (English): the titles are package.nls.json's.
const pkg = localizedPackageJson() as { contributes: { commands: Array<{ command: string; title: string }> } };
const KINDS: ScenarioKind[] = ['brute-force', 'error-burst', 'cpu-stress', 'memory-pressure'];
const record = (kind: ScenarioKind, startedAt = 1_000): ScenarioRecord => ({
  id: `r-${kind}-${startedAt}`,
  kind,
  params: {},
  startedAt,
  endedAt: startedAt + 500,
  outcome: 'completed',
  counts: {},
});

/** Runs `body` with a descriptor's field changed, then puts it back. */
function withChanged<T extends object, K extends keyof T>(target: T, key: K, value: T[K], body: () => void | Promise<void>): Promise<void> {
  const before = target[key];
  target[key] = value;
  return Promise.resolve(body()).finally(() => (target[key] = before));
}

describe('scenario descriptors drive the commands, the view, markers, attribution and the CLI', () => {
  it('package.json contributes a command for every descriptor, and every scenario command has a descriptor', () => {
    const fixed = new Set<string>(Object.values(COMMANDS));
    const scenarioCommands = pkg.contributes.commands.map((c) => c.command).filter((c) => !fixed.has(c));
    assert.deepEqual([...scenarioCommands].sort(), SCENARIOS.map((s) => s.command).sort());
    // The palette title and the progress title name the same scenario (the e2e tests type the one, read the other).
    const simulate = SCENARIOS.filter((s) => s.title.startsWith('Simulate'));
    for (const s of simulate) assert.equal(pkg.contributes.commands.find((c) => c.command === s.command)!.title, s.title);
  });

  it("exactly one descriptor carries each record kind's traits (marker, rule); variants record as their base kind", () => {
    const carriers = SCENARIOS.filter((s) => s.traits).map((s) => s.kind);
    assert.deepEqual([...carriers].sort(), [...KINDS].sort());
    for (const s of SCENARIOS) assert.ok(KINDS.includes(s.kind), `${s.cli} records as unknown kind ${s.kind}`);
  });

  describe('the Scenarios view', () => {
    let fake: FakeVscode;
    let view: typeof import('../../../src/vscode/scenariosView');
    before(() => {
      fake = installFakeVscode(pkg);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      view = require('../../../src/vscode/scenariosView') as typeof import('../../../src/vscode/scenariosView');
    });
    after(() => uninstallFakeVscode());

    const items = async () => {
      const runner = { records: { list: () => Promise.resolve([] as ScenarioRecord[]) } };
      const provider = new view.ScenariosTreeProvider(runner as never);
      const nodes = await provider.getChildren();
      return nodes.map((n) => provider.getTreeItem(n) as unknown as { label: string; description?: string; command?: { command: string } });
    };

    it('lists every descriptor, in order, with its label, a detail built from its defaults, and its command', async () => {
      assert.ok(fake);
      const rows = (await items()).filter((i) => i.command);
      assert.deepEqual(
        rows.map((r) => r.command!.command),
        SCENARIOS.map((s) => s.command),
      );
      SCENARIOS.forEach((s, i) => {
        assert.equal(rows[i]!.label, s.view.label);
        assert.equal(rows[i]!.description, s.view.detail(defaultParams(s)));
      });
      assert.equal(rows[0]!.description, `${DEFAULTS.bruteForce.count} rapid failed logins`);
    });

    it('follows a changed default (the detail is not written down anywhere else)', async () => {
      const count = SCENARIOS[0]!.params.find((p) => p.key === 'count')!;
      await withChanged(count as { default: unknown }, 'default', 7, async () => {
        assert.equal((await items())[0]!.description, '7 rapid failed logins');
      });
      assert.equal((await items())[0]!.description, '30 rapid failed logins');
    });
  });

  it("chart markers take their label from the kind's descriptor", async () => {
    for (const s of SCENARIOS.filter((d) => d.traits)) assert.equal(toMarker(record(s.kind)).label, `${s.traits!.label} (completed)`);
    const traits = SCENARIOS.find((s) => s.kind === 'cpu-stress')!.traits!;
    await withChanged(traits, 'label', 'Busy CPU', () => assert.equal(toMarker(record('cpu-stress')).label, 'Busy CPU (completed)'));
    assert.equal(toMarker({ ...record('cpu-stress'), kind: 'from-a-newer-version' as ScenarioKind }).label, 'from-a-newer-version (completed)');
  });

  it("the report colours a kind's bands with its descriptor's colour", () => {
    for (const s of SCENARIOS.filter((d) => d.traits)) assert.equal(scenarioColour(s.kind), s.traits!.marker.colour);
    assert.equal(scenarioColour('unknown'), undefined);
  });

  it("the panels' stylesheet gives each kind its descriptor's tone (orange is the default band colour)", () => {
    const css = fs.readFileSync(path.join(repoRoot, 'media', 'panels.css'), 'utf8');
    const rules = css.split('\n');
    assert.match(css, /\.chart \.marker \{ fill: var\(--vscode-charts-orange\)/);
    for (const s of SCENARIOS.filter((d) => d.traits)) {
      const mine = rules.filter((r) => r.includes(`.marker-${s.kind}`));
      if (s.traits!.marker.tone === 'orange') assert.deepEqual(mine, [], `${s.kind} is orange by default: no override expected`);
      else {
        assert.equal(mine.length, 2, `${s.kind}: a chart rule and a legend rule in media/panels.css`);
        for (const r of mine) assert.ok(r.includes(`--vscode-charts-${s.traits!.marker.tone}`), `${s.kind}: ${r}`);
      }
    }
  });

  it('alerts are attributed by the rule each descriptor names', async () => {
    for (const s of SCENARIOS.filter((d) => d.traits)) {
      const rule = s.traits!.rule;
      assert.equal(kindForRule(rule), s.kind);
      const others = KINDS.filter((k) => k !== s.kind).map((k) => record(k, 2_000));
      assert.equal(attributeScenario(rule, [record(s.kind), ...others])?.kind, s.kind, rule);
    }
    assert.equal(
      attributeScenario(
        'container-down',
        KINDS.map((k) => record(k)),
      ),
      undefined,
    );
    const memory = SCENARIOS.find((s) => s.kind === 'memory-pressure')!.traits!;
    await withChanged(memory, 'rule', 'container-down', () => {
      assert.equal(attributeScenario('container-down', [record('memory-pressure')])?.kind, 'memory-pressure');
      assert.equal(attributeScenario('high-memory', [record('memory-pressure')]), undefined);
    });
  });

  it("the CLI takes each descriptor by its name, with its parameters' flags, and lists them in its usage", () => {
    assert.deepEqual(
      CLI_SCENARIOS,
      SCENARIOS.map((s) => s.cli),
    );
    for (const s of SCENARIOS as readonly ScenarioDescriptor[]) {
      assert.ok(usage().includes(`  ${s.cli}: `), `usage lacks ${s.cli}`);
      const argv = ['scenario', s.cli];
      const expected: Record<string, unknown> = {};
      for (const p of s.params.filter((q) => q.cliFlag)) {
        assert.ok(usage().includes(`--${p.cliFlag}`), `usage lacks --${p.cliFlag}`);
        if (p.type === 'flag') {
          argv.push(`--${p.cliFlag}`);
          expected[p.key] = true;
        } else if (p.type === 'names') {
          argv.push(`--${p.cliFlag}`, 'a,b');
          expected[p.key] = ['a', 'b'];
        } else {
          argv.push(`--${p.cliFlag}`, '3');
          expected[p.key] = 3;
        }
      }
      assert.deepEqual(parseArgs(argv, {}).scenario, { kind: s.cli, values: expected });
    }
    assert.throws(() => parseArgs(['scenario', 'mitigation', '--count', '3'], {}), /--count does not apply to the mitigation scenario/);
  });

  it('the brute force offers its defaults as the e2e tests read them', () => {
    const bf = SCENARIOS[0]!;
    assert.equal(bf.defaultsLabel!(defaultParams(bf)), 'Run: 30 rapid failed logins as "admin"');
  });
});
