// A stand-in for the 'vscode' module, so editor glue can be loaded and driven in plain node: it records the commands
// registered and executed and the messages shown, and answers everything else with inert values. Install it before
// requiring any src/vscode module (require() inside before(), not a top-level import) and uninstall it after.
import Module from 'node:module';

type Listener = (value: unknown) => void;

export interface Shown {
  severity: 'information' | 'warning' | 'error';
  text: string;
  items: string[];
}

export interface FakeVscode {
  module: Record<string, unknown>;
  registered: Map<string, (...args: unknown[]) => unknown>;
  executed: Array<{ id: string; args: unknown[] }>;
  shown: Shown[];
  log: string[];
  /** What the next message answers (the button pressed); undefined: dismissed. */
  answer?: string;
}

const disposable = () => ({ dispose: () => undefined });

/** Anything: every property is another such thing, calling or constructing it gives one too; never a thenable. */
function inert(): unknown {
  const target = function () {} as unknown as Record<string | symbol, unknown>;
  return new Proxy(target, {
    get: (_t, p) => {
      if (p === 'then') return undefined;
      if (p === Symbol.toPrimitive) return () => '';
      if (p === Symbol.iterator) return undefined;
      if (p === 'dispose') return () => undefined;
      return inert();
    },
    set: () => true,
    apply: () => inert(),
    construct: () => inert() as object,
  });
}

class EventEmitter {
  private listeners: Listener[] = [];
  event = (listener: Listener) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(value?: unknown): void {
    for (const l of [...this.listeners]) l(value);
  }
  dispose(): void {
    this.listeners = [];
  }
}

class TreeItem {
  description?: string;
  tooltip?: unknown;
  iconPath?: unknown;
  command?: { command: string; title: string; arguments?: unknown[] };
  contextValue?: string;
  constructor(
    public label: unknown,
    public collapsibleState = 0,
  ) {}
}

class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: unknown,
  ) {}
}

class ThemeColor {
  constructor(readonly id: string) {}
}

class MarkdownString {
  constructor(public value = '') {}
  appendMarkdown(text: string): this {
    this.value += text;
    return this;
  }
  appendText(text: string): this {
    this.value += text;
    return this;
  }
}

const uri = (path: string) => ({ fsPath: path, path, toString: () => path, with: () => uri(path) });

export function installFakeVscode(packageJSON: unknown): FakeVscode {
  const fake: FakeVscode = { module: {}, registered: new Map(), executed: [], shown: [], log: [] };
  const show =
    (severity: Shown['severity']) =>
    (text: string, ...rest: unknown[]) => {
      const items = rest.filter((r): r is string => typeof r === 'string');
      fake.shown.push({ severity, text, items });
      return Promise.resolve(fake.answer !== undefined && items.includes(fake.answer) ? fake.answer : undefined);
    };
  const output = {
    info: (line: string) => fake.log.push(`info ${line}`),
    warn: (line: string) => fake.log.push(`warn ${line}`),
    error: (line: string) => fake.log.push(`error ${line}`),
    debug: () => undefined,
    trace: () => undefined,
    appendLine: (line: string) => fake.log.push(line),
    append: () => undefined,
    show: () => undefined,
    dispose: () => undefined,
  };
  const configuration = { get: (_key: string, fallback?: unknown) => fallback, inspect: () => undefined, has: () => false, update: () => Promise.resolve() };
  const overrides: Record<string, unknown> = {
    EventEmitter,
    TreeItem,
    ThemeIcon,
    ThemeColor,
    MarkdownString,
    Disposable: class {
      static from = () => disposable();
      dispose = () => undefined;
    },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    ViewColumn: { Active: -1, Beside: -2, One: 1 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    Uri: { file: uri, parse: uri, joinPath: (base: { path: string }, ...parts: string[]) => uri([base.path, ...parts].join('/')) },
    commands: {
      registerCommand: (id: string, handler: (...args: unknown[]) => unknown) => {
        if (fake.registered.has(id)) throw new Error(`command '${id}' already exists`);
        fake.registered.set(id, handler);
        return { dispose: () => fake.registered.delete(id) };
      },
      executeCommand: (id: string, ...args: unknown[]) => {
        fake.executed.push({ id, args });
        return Promise.resolve(undefined);
      },
    },
    window: new Proxy(
      {
        createOutputChannel: () => output,
        createTreeView: () => ({
          visible: false,
          selection: [],
          onDidChangeVisibility: disposable,
          onDidChangeSelection: disposable,
          dispose: () => undefined,
          badge: undefined,
          description: undefined,
          message: undefined,
        }),
        registerTreeDataProvider: disposable,
        registerWebviewPanelSerializer: disposable,
        showInformationMessage: show('information'),
        showWarningMessage: show('warning'),
        showErrorMessage: show('error'),
        showQuickPick: () => Promise.resolve(undefined),
        showInputBox: () => Promise.resolve(undefined),
        withProgress: (_options: unknown, task: (progress: unknown, token: unknown) => unknown) =>
          Promise.resolve(task({ report: () => undefined }, { isCancellationRequested: false, onCancellationRequested: disposable })),
      } as Record<string | symbol, unknown>,
      { get: (t, p) => (p in t ? t[p] : inert()) },
    ),
    workspace: new Proxy(
      { getConfiguration: () => configuration, onDidChangeConfiguration: disposable, workspaceFolders: undefined } as Record<string | symbol, unknown>,
      { get: (t, p) => (p in t ? t[p] : inert()) },
    ),
    env: new Proxy({ openExternal: () => Promise.resolve(true), clipboard: { writeText: () => Promise.resolve() } } as Record<string | symbol, unknown>, {
      get: (t, p) => (p in t ? t[p] : inert()),
    }),
  };
  fake.module = new Proxy(overrides, { get: (t, p) => (p in t ? t[p as string] : inert()) });

  const loader = Module as unknown as { _load: (this: unknown, request: string, parent: unknown, isMain: boolean) => unknown };
  const realLoad = loader._load;
  loader._load = function (request: string, parent: unknown, isMain: boolean) {
    return request === 'vscode' ? fake.module : realLoad.call(this, request, parent, isMain);
  };
  installed.push(() => (loader._load = realLoad));
  void packageJSON;
  return fake;
}

const installed: Array<() => void> = [];

/** Restores the real module loader. */
export function uninstallFakeVscode(): void {
  for (const restore of installed.splice(0)) restore();
}

/** An ExtensionContext good enough for activate(): in-memory state, no secrets, the real package.json. */
export function fakeContext(packageJSON: unknown): Record<string, unknown> {
  const state = new Map<string, unknown>();
  const memento = {
    get: (k: string, d?: unknown) => (state.has(k) ? state.get(k) : d),
    update: (k: string, v: unknown) => (state.set(k, v), Promise.resolve()),
    keys: () => [...state.keys()],
  };
  return {
    subscriptions: [] as Array<{ dispose(): void }>,
    globalState: memento,
    workspaceState: memento,
    secrets: { get: () => Promise.resolve(undefined), store: () => Promise.resolve(), delete: () => Promise.resolve(), onDidChange: disposable },
    extensionUri: uri('/ext'),
    extensionPath: '/ext',
    globalStorageUri: uri('/tmp/mlab-unit-global'),
    storageUri: undefined,
    logUri: uri('/tmp/mlab-unit-log'),
    extension: { packageJSON, id: 'monitoring-lab.monitoring-lab', extensionUri: uri('/ext') },
  };
}
