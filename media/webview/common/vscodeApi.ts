// The page's side of the bridge: acquireVsCodeApi() may be called once per page, so it is wrapped here.
// Everything sent is typed by the panel's protocol file; everything received goes through its parser.
import type { ParseResult } from '../../../src/shared/panelProtocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** ToHost: the panel's page → host messages (from its protocol file). */
export interface PageBridge<TState, ToHost> {
  post: (message: ToHost) => void;
  /** Saved state, validated by the page's parser (state survives reloads and may be stale or tampered with). */
  loadState(): TState;
  saveState(state: TState): void;
}

export function connect<TState, ToHost>(parseState: (raw: unknown) => TState): PageBridge<TState, ToHost> {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    loadState: () => parseState(api.getState()),
    saveState: (state) => api.setState(state),
  };
}

/**
 * Messages from the host, checked by the panel's parser (from its protocol file) before `handler` sees them.
 * The host is trusted, but a message this page cannot read (an unknown type, a wrong shape) is dropped with
 * the reason in the webview's developer tools, instead of half-rendering it.
 */
export function onHostMessage<ToPage>(parse: (raw: unknown) => ParseResult<ToPage>, handler: (message: ToPage) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const parsed = parse(event.data);
    if (parsed.ok) handler(parsed.message);
    else console.warn(`Monitoring Lab: dropped a message from the extension (${parsed.reason})`);
  });
}
