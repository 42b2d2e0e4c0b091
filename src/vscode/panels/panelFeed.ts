// What a panel host drives: a feed turns data-source polls into protocol messages for one webview.
// ToHost is the panel's page → host message union (from its protocol file).

export interface PanelFeed<ToHost> {
  /** The page (re)loaded: post a full snapshot of what is known. */
  onReady(): void;
  /** A validated message from the page. */
  onMessage(message: ToHost): void;
  /** Polling runs only while the panel is visible. */
  setVisible(visible: boolean): void;
  dispose(): void;
}
