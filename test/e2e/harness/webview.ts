/**
 * Webview content lives in nested iframes: the workbench hosts an outer `iframe.webview`, whose document hosts the
 * extension's HTML in an inner frame. Playwright lists all of them in page.frames().
 */
import type { Frame, Page } from 'playwright-core';
import { waitFor } from './wait';

/** True for frames below another iframe (the inner frames that carry webview HTML). */
export function isNestedFrame(page: Page, frame: Frame): boolean {
  const parent = frame.parentFrame();
  return parent !== null && parent !== page.mainFrame();
}

/**
 * The first webview frame for which `predicate` holds, e.g.
 *   findWebviewFrame(page, f => f.locator('h1', { hasText: 'Metrics' }).count().then(n => n > 0))
 */
export async function findWebviewFrame(
  page: Page,
  predicate: (frame: Frame) => Promise<boolean> | boolean,
  options: { timeoutMs?: number; nestedOnly?: boolean; what?: string } = {},
): Promise<Frame> {
  const nestedOnly = options.nestedOnly ?? true;
  return waitFor(
    options.what ?? 'a webview frame matching the predicate',
    async () => {
      for (const frame of page.frames()) {
        if (frame === page.mainFrame() || frame.isDetached()) continue;
        if (nestedOnly && !isNestedFrame(page, frame)) continue;
        try {
          if (await predicate(frame)) return frame;
        } catch {
          /* frame navigating or detached: try the others */
        }
      }
      return undefined;
    },
    options.timeoutMs ?? 20_000,
    250,
  );
}

/** The inner webview frame whose document contains `text`. */
export function findWebviewFrameWithText(page: Page, text: string, timeoutMs = 20_000): Promise<Frame> {
  return findWebviewFrame(page, async (f) => (await f.getByText(text).count()) > 0, { timeoutMs, what: `a webview frame showing "${text}"` });
}
