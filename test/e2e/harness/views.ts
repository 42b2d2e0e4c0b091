/** Activity bar, side bar views, tree rows and welcome content. */
import type { Locator, Page } from 'playwright-core';
import type { PageElement } from './pageElement';
import { waitFor } from './wait';

/** The activity-bar entry of a view container, by its title (e.g. "Monitoring Lab"). */
export function activityBarItem(page: Page, title: string): Locator {
  return page
    .locator('.part.activitybar .action-item')
    .filter({ has: page.locator(`[aria-label^="${title.replace(/"/g, '\\"')}"]`) })
    .or(page.locator(`.part.activitybar .action-item[aria-label^="${title.replace(/"/g, '\\"')}"]`))
    .first();
}

/** Opens a view container from the activity bar (does not toggle it closed if it is already open). */
export async function openViewContainer(page: Page, title: string, timeoutMs = 30_000): Promise<Locator> {
  const item = activityBarItem(page, title);
  await item.waitFor({ state: 'visible', timeout: timeoutMs });
  const sidebarTitle = page.locator('.part.sidebar .composite.title .title-label');
  const isOpen = async (): Promise<boolean> =>
    (await page.locator('.part.sidebar').first().isVisible()) &&
    (
      (await sidebarTitle
        .first()
        .innerText()
        .catch(() => '')) || ''
    )
      .toLowerCase()
      .includes(title.toLowerCase());
  // The entry of the shown container is marked active ("checked"); a click on it would close the side bar.
  const isActive = async (): Promise<boolean> =>
    item
      .evaluate(
        (el: PageElement) => el.classList.contains('checked') || el.getAttribute('aria-pressed') === 'true' || el.getAttribute('aria-expanded') === 'true',
      )
      .catch(() => false);
  // A click while the workbench is still laying out can be lost: click again, at most every 2 s, and never on an
  // entry already active while the side bar shows (its title may just be slow to render).
  let lastClick = 0;
  await waitFor(
    `the side bar to show "${title}"`,
    async () => {
      if (await isOpen()) return true;
      if ((await isActive()) && (await page.locator('.part.sidebar').first().isVisible())) return false;
      if (Date.now() - lastClick >= 2_000) {
        lastClick = Date.now();
        await item.click({ timeout: 5_000 }).catch(() => undefined);
      }
      return false;
    },
    timeoutMs,
    100,
  );
  return page.locator('.part.sidebar').first();
}

/** A view's pane in the side bar, by view name (e.g. "Stack"). */
export function viewPane(page: Page, viewName: string): Locator {
  return page
    .locator('.part.sidebar .pane')
    .filter({ has: page.locator('.pane-header', { has: page.getByText(viewName, { exact: true }) }) })
    .first();
}

/** The welcome content of the view shown in the side bar, as one whitespace-normalised string. */
export async function welcomeText(page: Page, viewName: string, timeoutMs = 15_000): Promise<string> {
  const content = viewPane(page, viewName).locator('.welcome-view-content');
  await content.first().waitFor({ state: 'visible', timeout: timeoutMs });
  return (await content.first().innerText()).replace(/\s+/g, ' ').trim();
}

/** A button of a view's welcome content (rendered from `[label](command:...)`). */
export function welcomeButton(page: Page, viewName: string, label: string): Locator {
  return viewPane(page, viewName).locator('.welcome-view-content').getByRole('button', { name: label, exact: true });
}

/** The labels of the visible rows of a tree view. */
export async function treeItemLabels(page: Page, viewName: string): Promise<string[]> {
  const rows = viewPane(page, viewName).locator('.monaco-list-row');
  return (
    await rows.evaluateAll((els) => els.map((e) => (e as unknown as { getAttribute(n: string): string | null }).getAttribute('aria-label') ?? ''))
  ).filter(Boolean);
}

/**
 * The visible text of each row of a tree view (label and description), whitespace-normalised. Unlike the
 * aria-label, this is what the user reads: VS Code uses an item's tooltip as its aria-label when it has one.
 */
export async function treeRowTexts(page: Page, viewName: string): Promise<string[]> {
  return (await viewPane(page, viewName).locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/** Waits until a tree row whose aria-label matches `label` is shown and returns it. */
export async function waitForTreeItem(page: Page, viewName: string, label: string | RegExp, timeoutMs = 15_000): Promise<Locator> {
  const matches = (s: string): boolean => (typeof label === 'string' ? s.includes(label) : label.test(s));
  await waitFor(`tree view "${viewName}" to show an item ${String(label)}`, async () => (await treeItemLabels(page, viewName)).some(matches), timeoutMs, 200);
  return viewPane(page, viewName)
    .locator('.monaco-list-row')
    .filter({ hasText: typeof label === 'string' ? label : label })
    .first();
}

/** A status bar entry by its text. */
export function statusBarItem(page: Page, text: string | RegExp): Locator {
  return page.locator('.part.statusbar .statusbar-item').filter({ hasText: text }).first();
}

/** Texts of all status bar entries. */
export async function statusBarTexts(page: Page): Promise<string[]> {
  return (await page.locator('.part.statusbar .statusbar-item').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
}

/** Texts of the notification toasts shown. */
export async function notificationTexts(page: Page): Promise<string[]> {
  return (await page.locator('.notification-toast .notification-list-item-message').allInnerTexts()).map((t) => t.trim());
}

/** The modal dialog the workbench shows (e.g. a `showWarningMessage(..., { modal: true })`). */
export const DIALOG = '.monaco-dialog-box';

/** Waits for a modal dialog whose message matches `message`, returns its text, and clicks `button` in it. */
export async function answerDialog(page: Page, message: string | RegExp, button: string, timeoutMs = 15_000): Promise<string> {
  const box = page.locator(DIALOG).filter({ hasText: message }).first();
  try {
    await box.waitFor({ state: 'visible', timeout: timeoutMs });
  } catch {
    const shown = await page
      .locator(DIALOG)
      .allInnerTexts()
      .catch(() => []);
    throw new Error(`timed out after ${timeoutMs} ms waiting for a modal dialog matching ${String(message)}; dialogs shown: ${JSON.stringify(shown)}`);
  }
  const messageText = box.locator('.dialog-message-text').first();
  const text = ((await messageText.count()) ? await messageText.innerText() : await box.innerText()).replace(/\s+/g, ' ').trim();
  await box
    .locator('.dialog-buttons .monaco-button', { hasText: new RegExp(`^\\s*${button.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) })
    .first()
    .click({ timeout: timeoutMs });
  await box.waitFor({ state: 'hidden', timeout: timeoutMs });
  return text;
}

/** The message a view shows above its content (a TreeView's `message`), whitespace-normalised, or ''. */
export async function viewMessage(page: Page, viewName: string): Promise<string> {
  const msg = viewPane(page, viewName).locator('.message');
  if (
    !(await msg
      .first()
      .isVisible()
      .catch(() => false))
  )
    return '';
  return (await msg.first().innerText()).replace(/\s+/g, ' ').trim();
}
