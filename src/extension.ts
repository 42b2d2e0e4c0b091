// Entry point of the extension. activate() stays cheap: it only registers contributions.
// Nothing here touches the network or the Docker engine until the user asks for it.
import * as vscode from 'vscode';
import { registerCommands } from './vscode/commands';
import { StackTreeProvider } from './vscode/stackTree';

export function activate(context: vscode.ExtensionContext): void {
  const tree = new StackTreeProvider();
  context.subscriptions.push(vscode.window.registerTreeDataProvider('monitoringLab.stack', tree));
  registerCommands(context);
}

export function deactivate(): void {
  // Disposables registered on the context are released by VS Code.
}
