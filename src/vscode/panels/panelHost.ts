// Hosts one panel page: webview options and HTML, validated messages in, feed messages out, polling tied
// to visibility, clean disposal. The same code runs for a new panel and for one VS Code restores after a reload.
import * as vscode from 'vscode';
import { HostMessage, PanelKind, parseWebviewMessage } from '../../shared/panelProtocol';
import type { PanelFeed } from './panelFeed';
import { makeNonce, panelHtml } from './webviewHtml';

export interface PanelSpec {
  kind: PanelKind;
  viewType: string;
  title: string;
  /** The bundle under dist/webview/ (scripts/build.mjs builds one per panel). */
  scriptFile: string;
}

export const START_LAB_COMMAND = 'monitoringLab.start';

/** Folders a page may load from: the stylesheet's and the bundles'. Nothing else on disk, nothing remote. */
export function panelResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')];
}

export function panelWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: panelResourceRoots(extensionUri) };
}

/** Dropped messages are logged, but a page flooding the host must not flood the log too. */
const MAX_DROP_LOG_LINES = 20;

export class PanelHost implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private droppedMessages = 0;
  private disposed = false;

  /** Takes over `panel` (new or restored): sets its page and wires it to `feed`. */
  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly spec: PanelSpec,
    readonly feed: PanelFeed,
    extensionUri: vscode.Uri,
    private readonly log: (line: string) => void,
    onDisposed: () => void,
  ) {
    const webview = panel.webview;
    webview.options = panelWebviewOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icons', 'lab.svg');
    webview.html = panelHtml({
      panel: spec.kind,
      title: spec.title,
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', spec.scriptFile)).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panels.css')).toString(),
    });
    this.subscriptions.push(
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      // Without retainContextWhenHidden the page is torn down while hidden and reloads when shown (then
      // it sends 'ready' and gets a snapshot); polling stops meanwhile so a hidden panel costs nothing.
      panel.onDidChangeViewState((e) => this.feed.setVisible(e.webviewPanel.visible)),
      panel.onDidDispose(() => {
        this.dispose();
        onDisposed();
      }),
    );
    this.feed.setVisible(panel.visible);
  }

  post(message: HostMessage): void {
    if (this.disposed) return;
    // A hidden page drops messages; it asks for a snapshot when it comes back, so nothing is lost.
    void this.panel.webview.postMessage(message).then(undefined, () => undefined);
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.feed.dispose();
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }

  private receive(raw: unknown): void {
    const parsed = parseWebviewMessage(this.spec.kind, raw);
    if (!parsed.ok) {
      this.droppedMessages++;
      if (this.droppedMessages <= MAX_DROP_LOG_LINES) {
        this.log(`${this.spec.title}: dropped a malformed message from the page (${parsed.reason})${this.droppedMessages === MAX_DROP_LOG_LINES ? '; further drops are not logged' : ''}`);
      }
      return;
    }
    const message = parsed.message;
    if (message.type === 'action' && message.action === 'startLab') {
      void vscode.commands.executeCommand(START_LAB_COMMAND);
      return;
    }
    this.feed.onMessage(message);
  }
}
