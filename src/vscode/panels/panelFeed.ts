// What a panel host drives: a feed turns data-source polls into protocol messages for one webview.
import type { WebviewMessage } from '../../shared/panelProtocol';

export interface PanelFeed {
  /** The page (re)loaded: post a full snapshot of what is known. */
  onReady(): void;
  /** A validated message from the page. */
  onMessage(message: WebviewMessage): void;
  /** Polling runs only while the panel is visible. */
  setVisible(visible: boolean): void;
  dispose(): void;
}
