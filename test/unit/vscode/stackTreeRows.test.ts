// The Stack view keeps one row object per service and refreshes only rows whose text or icon changed: a context
// menu command opened on a row still receives that row when the per-second stats refresh lands meanwhile (a
// clean-clone e2e saw Stop Service receive no row after a whole-tree refresh, and ask "which service?").
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { installFakeVscode, uninstallFakeVscode } from './fakeVscode';
import type { ServiceStatus } from '../../../src/core/stack';
import type { ContainerSample } from '../../../src/core/docker/statsSampler';

const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as unknown;

describe('vscode/stack view rows', () => {
  let mod: typeof import('../../../src/vscode/stackTree');
  before(() => {
    installFakeVscode(pkg);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('../../../src/vscode/stackTree') as typeof import('../../../src/vscode/stackTree');
  });
  after(() => uninstallFakeVscode());

  const service = (name: string, id: string, state: ServiceStatus['state'] = 'running'): ServiceStatus => ({
    service: name,
    state,
    health: state === 'running' ? 'healthy' : 'none',
    ports: [],
    containerId: id,
  });

  function fakeLab(model: ServiceStatus[]) {
    const listeners: Array<() => void> = [];
    const samples = new Map<string, ContainerSample>();
    const lab = {
      model,
      samples,
      onDidChange: (l: () => void) => (listeners.push(l), { dispose: () => undefined }),
      labState: () => ({ engine: { kind: 'reachable' }, services: lab.model, transitions: [] }),
      sample: (id: string | undefined) => (id ? samples.get(id) : undefined),
      stoppedOnPurpose: () => false,
      change: () => listeners.forEach((l) => l()),
    };
    return lab;
  }

  it('a stats-only change refreshes the changed row itself (same object), never the whole view; a new service refreshes the view', () => {
    const lab = fakeLab([service('app', 'a1'), service('prometheus', 'p1')]);
    const tree = new mod.StackTreeProvider(lab as never);
    const fired: unknown[] = [];
    tree.onDidChangeTreeData((e) => fired.push(e));
    const first = tree.getChildren();
    assert.equal(first.length, 2);

    lab.samples.set('a1', { service: 'app', containerId: 'a1', cpuPercent: 42.5, memoryBytes: 10 * 1024 * 1024, memoryLimitBytes: 0, time: Date.now() });
    lab.change();
    assert.deepEqual(fired, [first[0]], 'only the app row was refreshed, as the same object');
    assert.match(String((first[0] as { description?: string }).description), /42\.5% CPU/);
    assert.deepEqual(tree.getChildren(), first, 'the rows are the same objects after the refresh');

    fired.length = 0;
    lab.change(); // nothing changed
    assert.deepEqual(fired, []);

    lab.model = [...lab.model, service('node-exporter', 'n1')];
    lab.change();
    assert.deepEqual(fired, [undefined], 'a new service refreshes the whole view');
    const after = tree.getChildren();
    assert.equal(after.length, 3);
    assert.equal(after[0], first[0]);
  });

  it('a state change updates the row in place: its status, context value and icon', () => {
    const lab = fakeLab([service('app', 'a1')]);
    const tree = new mod.StackTreeProvider(lab as never);
    const fired: unknown[] = [];
    tree.onDidChangeTreeData((e) => fired.push(e));
    const [row] = tree.getChildren() as [InstanceType<typeof mod.ServiceItem>];
    lab.model = [service('app', 'a1', 'exited')];
    lab.change();
    assert.deepEqual(fired, [row]);
    assert.equal(row.status.state, 'exited');
    assert.match(String(row.contextValue), /^service\.stopped/);
  });

  describe('attach mode', () => {
    type Health = import('../../../src/core/attach/health').EndpointHealth;
    function attachedLab(endpoints: Health[], engine: { kind: string; reason?: string } = { kind: 'reachable' }) {
      const listeners: Array<() => void> = [];
      const lab = {
        ...fakeLab([]),
        endpoints,
        engine,
        onDidChange: (l: () => void) => (listeners.push(l), { dispose: () => undefined }),
        labState: () => ({ engine: lab.engine, services: [], transitions: [] }),
        change: () => listeners.forEach((l) => l()),
      };
      return lab;
    }
    const rows: Health[] = [
      {
        service: 'elasticsearch',
        url: 'https://es:9200',
        status: 'warning',
        summary: 'yellow · 1 nodes · 42 events in "logs"',
        detail: 'The cluster is yellow',
      },
      { service: 'prometheus', url: 'https://prom', status: 'error', summary: 'credentials refused', detail: 'run "Set Prometheus Credentials…"' },
      { service: 'app', status: 'unset', summary: 'not set' },
    ];

    it('shows one row per endpoint with its health instead of containers, and the summary in the title', () => {
      const lab = attachedLab(rows);
      const tree = new mod.StackTreeProvider(lab as never);
      const items = tree.getChildren() as Array<InstanceType<typeof mod.EndpointItem>>;
      assert.deepEqual(
        items.map((i) => [i.label, i.description, (i.iconPath as { id: string }).id, i.contextValue]),
        [
          ['Elasticsearch', 'yellow · 1 nodes · 42 events in "logs"', 'warning', 'endpoint'],
          ['Prometheus', 'credentials refused', 'error', 'endpoint'],
          ['App', 'not set', 'circle-outline', 'endpoint'],
        ],
      );
      assert.match(items[1]!.tooltip as string, /https:\/\/prom[\s\S]*Set Prometheus Credentials/);
      const view = { description: '', message: undefined as string | undefined };
      tree.decorate(view as never);
      assert.equal(view.description, 'attached · 0/2 ok');
    });

    it('a health change updates the endpoint row in place', () => {
      const lab = attachedLab(rows);
      const tree = new mod.StackTreeProvider(lab as never);
      const fired: unknown[] = [];
      tree.onDidChangeTreeData((e) => fired.push(e));
      const first = tree.getChildren();
      lab.endpoints = [rows[0]!, { ...rows[1]!, status: 'ok', summary: '3/3 targets up' }, rows[2]!];
      lab.change();
      assert.deepEqual(fired, [first[1]]);
      assert.equal((first[1] as { description?: string }).description, '3/3 targets up');
    });

    it('an invalid attach setting shows the Open Settings row with the reason', () => {
      const lab = attachedLab([], { kind: 'misconfigured', reason: 'attach mode needs monitoringLab.elasticsearch.url' });
      const tree = new mod.StackTreeProvider(lab as never);
      const items = tree.getChildren();
      assert.equal(items.length, 1);
      assert.ok(items[0] instanceof mod.RemedyItem);
      const view = { description: '', message: undefined as string | undefined };
      tree.decorate(view as never);
      assert.match(String(view.message), /monitoringLab\.elasticsearch\.url/);
    });
  });
});
