// The page's side of the bridge: acquireVsCodeApi() may be called once per page, so it is wrapped here,
// and everything sent goes through the shared protocol's types.
import type { WebviewMessage } from '../../../src/shared/panelProtocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface PageBridge<TState> {
  post(message: WebviewMessage): void;
  /** Saved state, validated by the page's parser (state survives reloads and may be stale or tampered with). */
  loadState(): TState;
  saveState(state: TState): void;
}

export function connect<TState>(parseState: (raw: unknown) => TState): PageBridge<TState> {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    loadState: () => parseState(api.getState()),
    saveState: (state) => api.setState(state),
  };
}

/** Messages from the host, typed by the page that listens. The host is trusted; unknown types are ignored. */
export function onHostMessage<T extends { type: string }>(handler: (message: T) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string') handler(data as T);
  });
}
