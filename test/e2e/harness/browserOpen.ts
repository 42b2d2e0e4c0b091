/**
 * What the workbench opens in a new browser tab (vscode.env.openExternal, links), and the clipboard.
 *
 * openExternal in the web workbench ends in `window.open(url, '_blank', 'noopener')` on the workbench page.
 * recordWindowOpens() wraps window.open to record each URL (and still opens it, so the workbench sees a
 * normal, unblocked open); the tab it opens is closed by closeOpenedPages().
 *
 * code-server rewrites a URL on localhost/127.0.0.1 (other than its own address) into its port proxy:
 * http://127.0.0.1:PORT/path → <code-server>/proxy/PORT/path (its resolveExternalUri with the product's
 * proxyEndpointTemplate "./proxy/{{port}}/"). proxiedTarget() maps such a URL back to the one the extension
 * asked for, so a test can check both.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { waitFor } from './wait';

export async function recordWindowOpens(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    if (window.__mlabOpened) return;
    window.__mlabOpened = [];
    const original = window.open.bind(window);
    window.open = (url, target, features) => {
      window.__mlabOpened.push({ url: String(url), target: String(target ?? ''), at: Date.now() });
      return original(url, target, features);
    };
  })()`);
}

export interface OpenedUrl {
  url: string;
  target: string;
  at: number;
}

export async function openedUrls(page: Page): Promise<OpenedUrl[]> {
  return page.evaluate<OpenedUrl[]>('window.__mlabOpened || []');
}

/** Waits for a window.open after `since` (Date.now()) and returns it. */
export async function waitForWindowOpen(page: Page, since: number, timeoutMs: number): Promise<OpenedUrl> {
  return waitFor('the workbench to open a URL in a new tab (window.open)', async () => (await openedUrls(page)).find((o) => o.at >= since), timeoutMs, 100);
}

/**
 * The URL the extension asked for, from what the browser was told to open: a code-server proxy URL
 * (`<base>/proxy/PORT/rest`) maps back to http://127.0.0.1:PORT/rest; anything else is returned as is.
 */
export function proxiedTarget(opened: string, codeServerBaseUrl: string): { target: string; viaProxy: boolean } {
  const base = codeServerBaseUrl.replace(/\/$/, '');
  const m = opened.startsWith(`${base}/proxy/`) ? /^\/proxy\/(\d+)(\/.*)?$/.exec(opened.slice(base.length).split('#')[0]!) : null;
  if (!m) return { target: opened, viaProxy: false };
  return { target: `http://127.0.0.1:${m[1]}${m[2] ?? '/'}`, viaProxy: true };
}

/** Closes every page of the context other than `keep` (the tabs window.open made). */
export async function closeOpenedPages(context: BrowserContext, keep: Page): Promise<string[]> {
  const urls: string[] = [];
  for (const p of context.pages()) {
    if (p === keep) continue;
    urls.push(p.url());
    await p.close().catch(() => undefined);
  }
  return urls;
}

/** Lets the page read and write the clipboard (navigator.clipboard) for its origin. */
export async function grantClipboard(context: BrowserContext, origin: string): Promise<void> {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
}

/** The system clipboard's text, read through the page (needs grantClipboard and a focused page). */
export async function readClipboard(page: Page): Promise<string> {
  await page.bringToFront();
  return page.evaluate<string>('navigator.clipboard.readText()');
}
