/**
 * The quick inputs an extension command opens after the palette: pick an item of a QuickPick, answer an
 * InputBox. The workbench reuses one widget for the palette and for them, so a command that asks something
 * is started with startCommand (no wait for the palette to hide: it may never look hidden).
 */
import type { Locator, Page } from 'playwright-core';
import { searchCommands } from './commands';
import { waitFor } from './wait';

const WIDGET = '.quick-input-widget';
const ROWS = `${WIDGET} .quick-input-list .monaco-list-row`;

function matches(text: string, pattern: string | RegExp): boolean {
  return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
}

/** Runs a command by its palette title and returns at once (the command's own quick input follows). */
export async function startCommand(page: Page, title: string, timeoutMs = 15_000): Promise<void> {
  await searchCommands(page, title, { until: (labels) => labels.includes(title), timeoutMs });
  const row = page.locator(ROWS).filter({ has: page.locator('.label-name', { hasText: title }) });
  const exact = row.filter({ has: page.getByText(title, { exact: true }) }).first();
  await ((await exact.count()) ? exact : row.first()).click({ timeout: timeoutMs });
}

/** The visible quick input whose title matches `title` (e.g. the command's name). */
export async function waitForQuickInput(page: Page, title: string | RegExp, timeoutMs = 15_000): Promise<Locator> {
  const widget = page.locator(WIDGET).first();
  const titleText = widget.locator('.quick-input-title');
  await waitFor(
    `a quick input titled ${String(title)}`,
    async () => (await widget.isVisible()) && matches((await titleText.innerText().catch(() => '')).trim(), title),
    timeoutMs,
    100,
  );
  return widget;
}

/** Picks the QuickPick row whose text matches `item`; returns the row's text. */
export async function pickQuickItem(page: Page, title: string | RegExp, item: string | RegExp, timeoutMs = 15_000): Promise<string> {
  await waitForQuickInput(page, title, timeoutMs);
  const row = page.locator(ROWS).filter({ hasText: item }).first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  const text = (await row.innerText()).replace(/\s+/g, ' ').trim();
  await row.click({ timeout: timeoutMs });
  return text;
}

/**
 * Accepts the QuickPick's focused row with Enter, after checking it is the one matching `item` (the first row
 * is focused when a pick opens). Unlike a click, this leaves the keyboard free for a key pressed right after.
 */
export async function acceptQuickItem(page: Page, title: string | RegExp, item: string | RegExp, timeoutMs = 15_000): Promise<string> {
  await waitForQuickInput(page, title, timeoutMs);
  const focused = page.locator(`${ROWS}.focused`).filter({ hasText: item }).first();
  await focused.waitFor({ state: 'visible', timeout: timeoutMs });
  const text = (await focused.innerText()).replace(/\s+/g, ' ').trim();
  await page.locator(`${WIDGET} input`).first().press('Enter');
  return text;
}

/**
 * Answers the InputBox whose prompt (shown under the box) matches `prompt`: replaces its value and presses
 * Enter, then waits until that box is gone (hidden, or replaced by the next question).
 */
export async function answerInputBox(page: Page, title: string | RegExp, prompt: string | RegExp, value: string, timeoutMs = 15_000): Promise<void> {
  const widget = await waitForQuickInput(page, title, timeoutMs);
  const message = widget.locator('.quick-input-message');
  const promptShown = async () => (await widget.isVisible()) && matches((await message.innerText().catch(() => '')).trim(), prompt);
  await waitFor(`the input box asking ${String(prompt)}`, promptShown, timeoutMs, 100);
  const input = widget.locator('.quick-input-box input').first();
  await input.fill(value);
  await input.press('Enter');
  await waitFor(`the input box asking ${String(prompt)} to accept ${JSON.stringify(value)}`, async () => !(await promptShown()), timeoutMs, 100);
}
