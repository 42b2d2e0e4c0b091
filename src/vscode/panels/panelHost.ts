// Hosts one panel page: webview options and HTML, validated messages in, feed messages out, polling tied
// to visibility, clean disposal. The same code runs for a new panel and for one VS Code restores after a reload.
import * as vscode from 'vscode';
import { type ActionMessage, type PanelKind, type ParseResult, CommonToHost } from '../../shared/panelProtocol';
import type { PanelFeed } from './panelFeed';
import { makeNonce, panelHtml } from './webviewHtml';
import { t } from '../../core/l10n';

/** One panel: its page → host messages are ToHost, checked by `parseMessage` from the panel's protocol file. */
export interface PanelSpec<ToHost extends { type: string }> {
  kind: PanelKind;
  viewType: string;
  /** In the current language (a getter: read when the panel is made or its language changes). */
  readonly title: string;
  /** The page's text and language, built with t() when the page is loaded. */
  init(): { lang: string; strings: Record<string, string> };
  /** The bundle under dist/webview/ (scripts/build.mjs builds one per panel). */
  scriptFile: string;
  /** The host's check of what the page sends: the page is untrusted, anything it rejects is dropped. */
  parseMessage(raw: unknown): ParseResult<ToHost>;
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

/** Hosts a page that receives ToPage messages and sends ToHost ones (both from the panel's protocol file). */
export class PanelHost<ToPage extends { type: string }, ToHost extends { type: string }> implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private droppedMessages = 0;
  private disposed = false;

  /** Takes over `panel` (new or restored): sets its page and wires it to `feed`. */
  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly spec: PanelSpec<ToHost>,
    readonly feed: PanelFeed<ToHost>,
    extensionUri: vscode.Uri,
    private readonly log: (line: string) => void,
    onDisposed: () => void,
  ) {
    const webview = panel.webview;
    webview.options = panelWebviewOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icons', 'lab.svg');
    this.load = () => {
      const title = spec.title;
      panel.title = title;
      webview.html = panelHtml({
        panel: spec.kind,
        title,
        init: spec.init(),
        loadingText: t('Loading {0}…', title),
        cspSource: webview.cspSource,
        nonce: makeNonce(),
        scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', spec.scriptFile)).toString(),
        styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panels.css')).toString(),
        chartStyleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'uPlot.min.css')).toString(),
      });
    };
    this.load();
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

  /** Sets the page (again): after a language change the page reloads with its new text, keeps its saved state, and asks the feed for its data again ('ready'). */
  private readonly load: () => void;

  relocalize(): void {
    if (!this.disposed) this.load();
  }

  post(message: ToPage): void {
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
    const parsed = this.spec.parseMessage(raw);
    if (!parsed.ok) {
      this.droppedMessages++;
      if (this.droppedMessages <= MAX_DROP_LOG_LINES) {
        this.log(
          `${this.spec.title}: dropped a malformed message from the page (${parsed.reason})${this.droppedMessages === MAX_DROP_LOG_LINES ? '; further drops are not logged' : ''}`,
        );
      }
      return;
    }
    const message = parsed.message;
    if (isAction(message) && message.action === 'startLab') {
      void vscode.commands.executeCommand(START_LAB_COMMAND);
      return;
    }
    this.feed.onMessage(message);
  }
}

function isAction(message: { type: string }): message is ActionMessage {
  return message.type === CommonToHost.Action;
}
