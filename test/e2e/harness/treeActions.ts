/**
 * Acting on a tree view's rows as a user does: the inline action buttons a row shows on hover, and the
 * right-click context menu. The web workbench renders its menus in a shadow root; playwright's CSS locators
 * pierce open shadow roots, so the menu items are found like any other element.
 */
import type { Locator, Page } from 'playwright-core';
import type { PageElement } from './pageElement';
import { viewPane } from './views';
import { waitFor } from './wait';

/** The row of a tree view whose accessible label starts with `labelPrefix` (e.g. "app:" for the Stack's app). */
export function treeRow(page: Page, viewName: string, labelPrefix: string): Locator {
  return viewPane(page, viewName)
    .locator(`.monaco-list-row[aria-label^="${labelPrefix.replace(/"/g, '\\"')}"]`)
    .first();
}

/** The accessible label of the row (the tree item's accessibility label, or its label and description). */
export async function treeRowLabel(page: Page, viewName: string, labelPrefix: string): Promise<string> {
  return (
    (await treeRow(page, viewName, labelPrefix)
      .getAttribute('aria-label', { timeout: 2_000 })
      .catch(() => null)) ?? ''
  );
}

/** Waits until the row's accessible label matches `pattern`; returns the label. */
export async function waitForRowLabel(page: Page, viewName: string, labelPrefix: string, pattern: RegExp, timeoutMs: number): Promise<string> {
  let last = '';
  try {
    return await waitFor(
      `the ${viewName} row "${labelPrefix}" to read ${String(pattern)}`,
      async () => {
        last = await treeRowLabel(page, viewName, labelPrefix);
        return pattern.test(last) ? last : undefined;
      },
      timeoutMs,
      250,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; last label: ${JSON.stringify(last)}`, { cause: err });
  }
}

/** The titles of the inline action buttons the row shows on hover. */
export async function inlineActionTitles(page: Page, viewName: string, labelPrefix: string): Promise<string[]> {
  const row = treeRow(page, viewName, labelPrefix);
  await row.hover({ timeout: 10_000 });
  const labels = row.locator('.actions .action-label');
  return (
    await labels.evaluateAll((els) => els.map((e) => (e as unknown as { getAttribute(n: string): string | null }).getAttribute('aria-label') ?? ''))
  ).filter(Boolean);
}

/**
 * Clicks the row's inline action button titled `title` (e.g. "Open in Browser"), then waits for `until` (the
 * action's visible effect). The row is selected first, so its buttons stay shown. A row re-renders whenever its
 * description changes (the Stack's CPU and memory figures do every few seconds), and a click landing during that
 * is lost: when the effect does not show within `retryAfterMs`, the button is clicked again, until `timeoutMs`.
 * Only for idempotent actions or effects that tell clicks apart.
 */
export async function clickInlineAction(
  page: Page,
  viewName: string,
  labelPrefix: string,
  title: string,
  options: { until: () => Promise<boolean>; what: string; timeoutMs?: number; retryAfterMs?: number },
): Promise<number> {
  const row = treeRow(page, viewName, labelPrefix);
  const button = row.locator(`.actions .action-label[aria-label="${title.replace(/"/g, '\\"')}"]`).first();
  let clicks = 0;
  let lastClick = 0;
  await waitFor(
    `${options.what} after clicking the inline action "${title}" on the ${viewName} row "${labelPrefix}"`,
    async () => {
      if (clicks > 0 && (await options.until())) return true;
      if (clicks === 0 || Date.now() - lastClick >= (options.retryAfterMs ?? 5_000)) {
        if (!(await row.evaluate((el: PageElement) => el.classList.contains('selected')).catch(() => false))) {
          await row
            .locator('.label-name, .monaco-icon-label')
            .first()
            .click({ timeout: 2_000 })
            .catch(() => undefined);
        }
        await row.hover({ timeout: 2_000 }).catch(() => undefined);
        if (await button.isVisible().catch(() => false)) {
          await button.click({ timeout: 2_000 }).then(
            () => {
              clicks++;
              lastClick = Date.now();
            },
            () => undefined,
          );
        }
      }
      return false;
    },
    options.timeoutMs ?? 30_000,
    200,
  );
  return clicks;
}

const MENU_ITEMS = '.context-view .monaco-menu .action-item';

/** The entries of the row's context menu (right click), then closes it. */
export async function contextMenuEntries(page: Page, viewName: string, labelPrefix: string, timeoutMs = 10_000): Promise<string[]> {
  await openContextMenu(page, viewName, labelPrefix, timeoutMs);
  const entries = (await page.locator(`${MENU_ITEMS} .action-label`).allInnerTexts()).map((t) => t.trim()).filter(Boolean);
  await page.keyboard.press('Escape');
  await page
    .locator(MENU_ITEMS)
    .first()
    .waitFor({ state: 'hidden', timeout: timeoutMs })
    .catch(() => undefined);
  return entries;
}

async function openContextMenu(page: Page, viewName: string, labelPrefix: string, timeoutMs: number): Promise<void> {
  const row = treeRow(page, viewName, labelPrefix);
  const items = page.locator(MENU_ITEMS);
  let lastClick = 0;
  await waitFor(
    `the context menu of the ${viewName} row "${labelPrefix}"`,
    async () => {
      if ((await items.count()) > 0 && (await items.first().isVisible())) return true;
      if (Date.now() - lastClick >= 1_500) {
        lastClick = Date.now();
        await row.click({ button: 'right', timeout: 2_000 }).catch(() => undefined);
      }
      return false;
    },
    timeoutMs,
    100,
  );
}

/** Right-clicks the row and picks the context-menu entry `title` (e.g. "Stop Service"). */
export async function runContextMenuAction(page: Page, viewName: string, labelPrefix: string, title: string, timeoutMs = 10_000): Promise<void> {
  await openContextMenu(page, viewName, labelPrefix, timeoutMs);
  const entry = page
    .locator(MENU_ITEMS)
    .filter({ has: page.locator('.action-label', { hasText: new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }) })
    .first();
  try {
    await entry.waitFor({ state: 'visible', timeout: timeoutMs });
  } catch {
    const shown = (
      await page
        .locator(`${MENU_ITEMS} .action-label`)
        .allInnerTexts()
        .catch(() => [])
    )
      .map((t) => t.trim())
      .filter(Boolean);
    await page.keyboard.press('Escape');
    throw new Error(`the context menu of the ${viewName} row "${labelPrefix}" has no "${title}"; it shows ${JSON.stringify(shown)}`);
  }
  await entry.click({ timeout: timeoutMs });
  await page
    .locator(MENU_ITEMS)
    .first()
    .waitFor({ state: 'hidden', timeout: timeoutMs })
    .catch(() => undefined);
}
