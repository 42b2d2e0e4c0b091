// Entry point of the extension. activate() stays cheap: it registers contributions and creates objects;
// nothing touches the network or the Docker engine until a view is visible or the user runs a command.
import * as vscode from 'vscode';
import { LabSession } from './vscode/labSession';
import { registerStackCommands } from './vscode/stackCommands';
import { ServiceItem, StackTreeProvider } from './vscode/stackTree';
import { affectsLab } from './vscode/settings';

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Monitoring Lab', { log: true });
  const lab = new LabSession(context);
  const tree = new StackTreeProvider(lab);
  const view = vscode.window.createTreeView<ServiceItem>('monitoringLab.stack', { treeDataProvider: tree, showCollapseAll: false });
  context.subscriptions.push(output, lab, tree, view);

  // The engine is watched only while the Stack view is visible: no engine traffic for a hidden view.
  const followVisibility = () => (view.visible ? lab.startWatching() : lab.stopWatching());
  context.subscriptions.push(
    view.onDidChangeVisibility(followVisibility),
    lab.onDidChange(() => tree.decorate(view)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsLab(e)) void lab.reconnect();
    }),
  );
  followVisibility();

  registerStackCommands(context, lab, output);
}

export function deactivate(): void {
  // Disposables registered on the context are released by VS Code.
}
