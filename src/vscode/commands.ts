// Command handlers: thin glue from the palette to src/core.
import * as vscode from 'vscode';

export function registerCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('monitoringLab.start', async () => {
      await vscode.window.showInformationMessage('Monitoring Lab: starting the stack is not implemented yet.');
    }),
  );
}
