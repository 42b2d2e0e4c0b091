// The guided exercise as contributed in package.json: its steps mirror the exercise, complete on real events (context
// keys the extension sets, or a command that is the event itself), never on a click on the step; every media file
// exists and every command link names a contributed command.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WALKTHROUGH_ID, WALKTHROUGH_KEYS, WALKTHROUGH_PAGE_GATES, WalkthroughProgress, type WalkthroughKey } from '../../../src/vscode/walkthroughProgress';
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
  progress.lab({ engine: 'reachable', services: [{ service: 'elasticsearch', state: 'running', health: 'healthy' }] });
  progress.engineChecked(true);
  progress.targetsChecked(true);
  progress.panelShown('securityEvents');
  progress.dashboardOpened('kibana');
  progress.dashboardOpened('grafana');
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

/**
 * How VS Code 1.139's walkthroughs service (gettingStartedService.ts: registerDoneListeners, progressByEvent and its
 * onDidChangeContext listener) completes `onContext:` steps, for expressions of `key`, `key == value`, `key != value`
 * joined by &&: an expression already true when its step registers goes into the session's events without completing
 * the step; an expression that turns true later completes its steps, once per window session.
 */
class WalkthroughsServiceModel {
  readonly done = new Set<string>();
  private readonly sessionEvents = new Set<string>();
  private readonly listeners = new Map<string, Set<string>>();

  constructor(private readonly context: Record<string, string | boolean> = {}) {}

  register(stepId: string, completionEvents: readonly string[]): void {
    for (const event of completionEvents.filter((e) => e.startsWith('onContext:'))) {
      if (this.matches(event)) this.sessionEvents.add(event);
      this.listeners.set(event, (this.listeners.get(event) ?? new Set()).add(stepId));
    }
  }

  setContext(key: string, value: string | boolean): void {
    this.context[key] = value;
    for (const [event, steps] of this.listeners) {
      if (!contextKeysOf(event.slice('onContext:'.length)).includes(key) || !this.matches(event) || this.sessionEvents.has(event)) continue;
      this.sessionEvents.add(event);
      for (const step of steps) this.done.add(step);
    }
  }

  private matches(event: string): boolean {
    return event
      .slice('onContext:'.length)
      .split('&&')
      .every((term) => {
        const [, key, op, value] = /^\s*([\w.]+)\s*(?:(==|!=)\s*([\w.]+))?\s*$/.exec(term) ?? [];
        assert.ok(key, `the model cannot read "${term}"`);
        const actual = this.context[key];
        return op === '==' ? actual === value : op === '!=' ? actual !== value : Boolean(actual);
      });
  }
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
          const gate = WALKTHROUGH_PAGE_GATES.find((g) => argument!.endsWith(` && ${g}`));
          assert.ok(gate, `${step.id}: ${event} does not end with one of the page gates (${WALKTHROUGH_PAGE_GATES.join(', ')})`);
          const keys = contextKeysOf(argument!.slice(0, -` && ${gate}`.length));
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

  // VS Code 1.139 registers the walkthrough only when Get Started first opens, and an onContext expression already
  // true then is used up without completing its step (see src/vscode/walkthroughProgress.ts). With the same keys
  // behind both gates, one of the two is false at registration and turns true when the walkthrough page becomes, or
  // stops being, the active editor: the step completes even when its event came before the walkthrough was opened.
  it('every onContext step lists its expression once behind each page gate, and nothing else', () => {
    for (const step of walkthrough!.steps) {
      const onContext = step.completionEvents!.filter((e) => e.startsWith('onContext:'));
      if (!onContext.length) continue;
      assert.equal(onContext.length, step.completionEvents!.length, `${step.id}: mixes onContext with other events`);
      const expression = onContext[0]!.slice('onContext:'.length).replace(/ && activeEditor [!=]= gettingStartedPage$/, '');
      assert.deepEqual(
        step.completionEvents,
        WALKTHROUGH_PAGE_GATES.map((g) => `onContext:${expression} && ${g}`),
        step.id,
      );
    }
  });

  it('with the contributed events, a step whose event came before the walkthrough was registered still completes (model of VS Code 1.139)', () => {
    const onContextSteps = walkthrough!.steps.filter((s) => s.completionEvents!.some((e) => e.startsWith('onContext:')));
    const everyKey = [...keysTheExtensionSets()];
    // 1. The usual path: the lab ran, then "Open Walkthrough..." registers the walkthrough, then its page opens.
    const late = new WalkthroughsServiceModel({ activeEditor: 'WebviewEditor' });
    for (const key of everyKey) late.setContext(key, true);
    for (const step of onContextSteps) late.register(step.id, step.completionEvents!);
    assert.deepEqual(late.done, new Set(), 'a step completed without the page becoming active');
    late.setContext('activeEditor', 'gettingStartedPage');
    assert.deepEqual(late.done, new Set(onContextSteps.map((s) => s.id)));
    // 2. The page was already active when the walkthrough registered: the steps complete once it stops being active.
    const race = new WalkthroughsServiceModel({ activeEditor: 'gettingStartedPage' });
    for (const key of everyKey) race.setContext(key, true);
    for (const step of onContextSteps) race.register(step.id, step.completionEvents!);
    race.setContext('activeEditor', 'WebviewEditor');
    assert.deepEqual(race.done, new Set(onContextSteps.map((s) => s.id)));
    // 3. Registered first, event later: the step completes on the event, page active or not.
    const early = new WalkthroughsServiceModel({ activeEditor: 'gettingStartedPage' });
    for (const step of onContextSteps) early.register(step.id, step.completionEvents!);
    early.setContext(WALKTHROUGH_KEYS.reportWritten, true);
    assert.deepEqual(early.done, new Set(['report']));
    early.setContext('activeEditor', 'WebviewEditor');
    early.setContext(WALKTHROUGH_KEYS.securityEventsOpened, true);
    assert.deepEqual(early.done, new Set(['report', 'securityEvents']));
    // The model shows the bug the gates work around: one plain expression, true at registration, never completes.
    const plain = new WalkthroughsServiceModel({ activeEditor: 'WebviewEditor' });
    plain.setContext(WALKTHROUGH_KEYS.reportWritten, true);
    plain.register('report', [`onContext:${WALKTHROUGH_KEYS.reportWritten}`]);
    plain.setContext('activeEditor', 'gettingStartedPage');
    plain.setContext(WALKTHROUGH_KEYS.reportWritten, true);
    assert.deepEqual(plain.done, new Set());
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
