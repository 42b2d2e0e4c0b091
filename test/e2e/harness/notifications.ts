/**
 * Notifications. The workbench shows no toasts when started with --enable-smoke-test-driver (which the harness
 * needs for its payload), so notifications are read in the notification center. The center closes whenever a
 * quick input opens, so a test opens it with a key pressed right after the command's last question is answered
 * (the palette would be too slow: a burst's progress notification lives about a second). The keys are user
 * keybindings: pass NOTIFICATION_KEYBINDINGS to the session (LiveLab's `keybindings` option).
 */
import type { Page } from 'playwright-core';
import { waitFor } from './wait';

export const SHOW_NOTIFICATIONS = { key: 'ctrl+alt+shift+n', press: 'Control+Alt+Shift+N', command: 'notifications.showList' };
export const HIDE_NOTIFICATIONS = { key: 'ctrl+alt+shift+m', press: 'Control+Alt+Shift+M', command: 'notifications.hideList' };
/** keybindings.json entries for the two keys above. */
export const NOTIFICATION_KEYBINDINGS = [SHOW_NOTIFICATIONS, HIDE_NOTIFICATIONS].map(({ key, command }) => ({ key, command }));

export interface SeenToast {
  text: string;
  progress: boolean;
  at: number;
}

/** Opens or closes the notification center (through the keys of NOTIFICATION_KEYBINDINGS). */
export async function setNotificationCenter(page: Page, visible: boolean): Promise<void> {
  const center = page.locator('.notifications-center.visible');
  await waitFor(
    `the notification center to ${visible ? 'open' : 'close'}`,
    async () => {
      if ((await center.count()) > 0 === visible) return true;
      await page.keyboard.press(visible ? SHOW_NOTIFICATIONS.press : HIDE_NOTIFICATIONS.press);
      await page.waitForTimeout(200);
      return (await center.count()) > 0 === visible;
    },
    10_000,
    50,
  );
}

/**
 * Records every notification the workbench renders (text, and whether it carries a running progress bar), from
 * a MutationObserver: a progress notification of a 30-request burst may live for well under a second.
 */
export async function recordToasts(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    if (window.__mlabToasts) return;
    const seen = [];
    const keys = new Set();
    window.__mlabToasts = seen;
    const scan = () => {
      for (const toast of document.querySelectorAll('.notification-list-item')) {
        const message = toast.querySelector('.notification-list-item-message');
        const text = ((message && message.textContent) || '').replace(/\\s+/g, ' ').trim();
        // The progress bar is the list row's, next to the item (not inside it).
        const row = toast.closest('.monaco-list-row') || toast.parentElement;
        const bar = row && row.querySelector('.monaco-progress-container');
        const progress = !!bar && bar.classList.contains('active') && !bar.classList.contains('done');
        const key = text + '|' + progress;
        if (text && !keys.has(key)) {
          keys.add(key);
          seen.push({ text, progress, at: Date.now() });
        }
      }
    };
    new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['class'] });
  })()`);
}

/** Every notification seen since recordToasts(), oldest first. */
export async function toasts(page: Page): Promise<SeenToast[]> {
  return page.evaluate<SeenToast[]>('window.__mlabToasts || []');
}

/** Waits for a recorded notification matching `test` (the center must be open for it to render). */
export async function waitForToast(page: Page, what: string, test: (t: SeenToast) => boolean, timeoutMs: number): Promise<SeenToast> {
  try {
    return await waitFor(what, async () => (await toasts(page)).find(test), timeoutMs, 100);
  } catch (err) {
    throw new Error(`${(err as Error).message}; notifications seen: ${JSON.stringify((await toasts(page)).map((t) => t.text))}`, { cause: err });
  }
}

/**
 * Waits for a notification matching `test` with the notification center open, then closes it again: for result
 * messages, which stay listed in the center (unlike progress notifications, which go when their work ends).
 */
export async function expectNotification(page: Page, what: string, test: (t: SeenToast) => boolean, timeoutMs: number): Promise<SeenToast> {
  await setNotificationCenter(page, true);
  try {
    return await waitForToast(page, what, test, timeoutMs);
  } finally {
    await setNotificationCenter(page, false).catch(() => undefined);
  }
}

/** Clicks a button of a notification in the open notification center (e.g. "Turn Lockout Off"). */
export async function clickNotificationButton(page: Page, message: string | RegExp, button: string, timeoutMs = 10_000): Promise<void> {
  await setNotificationCenter(page, true);
  const item = page
    .locator('.notifications-center .notification-list-item')
    .filter({ has: page.locator('.notification-list-item-message', { hasText: message }) })
    .first();
  await item.waitFor({ state: 'visible', timeout: timeoutMs });
  await item.locator('.monaco-button', { hasText: button }).first().click({ timeout: timeoutMs });
}
