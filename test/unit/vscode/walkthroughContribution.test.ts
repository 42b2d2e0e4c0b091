// The guided exercise as contributed in package.json: its steps mirror the exercise, complete on real events (context
// keys the extension sets, or a command that is the event itself), never on a click on the step; every media file
// exists and every command link names a contributed command.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WALKTHROUGH_ID, WalkthroughProgress, type WalkthroughKey } from '../../../src/vscode/walkthroughProgress';
import { localizedPackageJson } from '../packageManifest';

const ROOT = path.resolve(__dirname, '../../../..');

interface Step {
  id: string;
  title: string;
  description: string;
  when?: string;
  media: { markdown?: string; svg?: string; image?: string | Record<string, string>; altText?: string };
  completionEvents?: string[];
}
interface PackageJson {
  contributes: {
    commands: Array<{ command: string }>;
    viewsWelcome: Array<{ view: string; contents: string; when?: string }>;
    walkthroughs: Array<{ id: string; title: string; description: string; steps: Step[] }>;
  };
}

// As VS Code shows it in English (package.nls.json); package.nls.id.json's texts and media: test/unit/packageNls.test.ts.
const pkg = localizedPackageJson() as unknown as PackageJson;
const commands = new Set(pkg.contributes.commands.map((c) => c.command));
const walkthrough = pkg.contributes.walkthroughs?.find((w) => w.id === WALKTHROUGH_ID);

/** Every key the extension's events set, found by driving the mapping with every event it knows. */
function keysTheExtensionSets(): Set<WalkthroughKey> {
  const set = new Set<WalkthroughKey>();
  const progress = new WalkthroughProgress((key, value) => value && set.add(key));
  progress.lab({ engine: 'reachable', services: [{ state: 'running', health: 'healthy' }] });
  progress.engineChecked(true);
  progress.targetsChecked(true);
  progress.panelShown('securityEvents');
  progress.panelShown('systemMetrics');
  for (const kind of ['brute-force', 'error-burst', 'cpu-stress', 'memory-pressure'] as const) progress.scenarioFinished({ kind, cancelled: false });
  progress.alertFired({ ruleId: 'brute-force' });
  progress.reportWritten();
  return set;
}

/** The context keys an `onContext:` expression reads (identifiers on either side of &&, ||, !, ==). */
function contextKeysOf(expression: string): string[] {
  return expression
    .split(/&&|\|\||[()!]/)
    .map((part) => part.split(/==|!=/)[0]!.trim())
    .filter(Boolean);
}

function commandLinks(text: string): string[] {
  return [...text.matchAll(/\]\(command:([^)?\s]+)/g)].map((m) => m[1]!);
}

function mediaFiles(step: Step): string[] {
  const { markdown, svg, image } = step.media;
  return [markdown, svg, ...(typeof image === 'string' ? [image] : Object.values(image ?? {}))].filter((f): f is string => typeof f === 'string');
}

describe('package.json: the guided exercise (contributes.walkthroughs)', () => {
  it("is contributed, with the exercise's steps in the exercise's order", () => {
    assert.ok(walkthrough, `no walkthrough "${WALKTHROUGH_ID}"`);
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      [
        'checkDocker',
        'checkDockerWindows',
        'startLab',
        'checkTargets',
        'securityEvents',
        'bruteForce',
        'applicationErrors',
        'cpuStress',
        'kibana',
        'grafana',
        'report',
      ],
    );
  });

  it('explains Docker Desktop and WSL 2 on Windows, and shows Kibana and Grafana only with the full profile', () => {
    const step = (id: string) => walkthrough!.steps.find((s) => s.id === id)!;
    assert.equal(step('checkDocker').when, '!isWindows');
    assert.equal(step('checkDockerWindows').when, 'isWindows');
    assert.match(step('checkDockerWindows').description, /Docker Desktop/);
    assert.match(step('checkDockerWindows').description, /WSL 2/);
    for (const id of ['kibana', 'grafana']) assert.equal(step(id).when, 'monitoringLab.profile == full', id);
    for (const s of walkthrough!.steps.filter((x) => !['checkDocker', 'checkDockerWindows', 'kibana', 'grafana'].includes(x.id)))
      assert.equal(s.when, undefined, `${s.id} should show in every profile`);
  });

  it('every step completes on a real event: a context key the extension sets, or a contributed command that is the event', () => {
    const setKeys = keysTheExtensionSets();
    for (const step of walkthrough!.steps) {
      assert.ok(step.completionEvents?.length, `${step.id}: no completion event (it would complete on a click)`);
      for (const event of step.completionEvents!) {
        const [, type, argument] = /^(\w+):(.*)$/.exec(event) ?? [];
        if (type === 'onContext') {
          const keys = contextKeysOf(argument!);
          assert.ok(keys.length > 0, `${step.id}: empty expression in ${event}`);
          for (const key of keys)
            assert.ok(setKeys.has(key as WalkthroughKey), `${step.id}: ${key} is not a key the extension sets (${[...setKeys].join(', ')})`);
        } else if (type === 'onCommand') {
          assert.ok(commands.has(argument!), `${step.id}: ${argument} is not a contributed command`);
        } else {
          assert.fail(`${step.id}: ${event} is not a real event of the lab`);
        }
      }
    }
  });

  it('every step has its media, and the files exist', () => {
    for (const step of walkthrough!.steps) {
      const files = mediaFiles(step);
      assert.ok(files.length > 0, `${step.id} has no media`);
      for (const file of files) assert.ok(fs.existsSync(path.join(ROOT, file)), `${step.id}: ${file} does not exist`);
      if (step.media.image || step.media.svg) assert.ok(step.media.altText, `${step.id}: an image needs altText`);
    }
    // The package ships media/ asset by asset (.vscodeignore): the walkthrough's must be among them.
    assert.match(fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8'), /^!media\/walkthrough\/\*\*$/m);
  });

  it("every step offers a button, and every command link (steps, their Markdown, the Stack view's welcome) is a contributed command", () => {
    const texts: Array<[string, string]> = walkthrough!.steps.flatMap((s) => [
      [`${s.id} description`, s.description] as [string, string],
      ...mediaFiles(s)
        .filter((f) => f.endsWith('.md'))
        .map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8')] as [string, string]),
    ]);
    for (const w of pkg.contributes.viewsWelcome) texts.push([`viewsWelcome ${w.view}`, w.contents]);
    for (const step of walkthrough!.steps) assert.ok(commandLinks(step.description).length > 0, `${step.id} has no button`);
    for (const [where, text] of texts) {
      for (const command of commandLinks(text)) assert.ok(commands.has(command), `${where}: command:${command} is not contributed`);
    }
  });

  // That activate() registers them is checked with every other command (commandContributions.test.ts).
  it("the Stack view's welcome offers the guided exercise, and the commands the walkthrough adds are contributed", () => {
    const welcome = pkg.contributes.viewsWelcome.filter((w) => w.view === 'monitoringLab.stack');
    assert.ok(
      welcome.some((w) => commandLinks(w.contents).includes('monitoringLab.openWalkthrough')),
      "no link to the guided exercise in the Stack view's welcome",
    );
    for (const id of ['monitoringLab.openWalkthrough', 'monitoringLab.checkEngine', 'monitoringLab.checkTargets'])
      assert.ok(commands.has(id), `${id} is not contributed`);
  });
});
