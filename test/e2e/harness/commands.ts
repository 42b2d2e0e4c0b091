/** The command palette: list entries and run commands by their title, as a user would. */
import type { Locator, Page } from 'playwright-core';
import { waitFor } from './wait';

const WIDGET = '.quick-input-widget';
const ROWS = `${WIDGET} .quick-input-list .monaco-list-row`;

/** Opens the command palette (F1, or Ctrl+Shift+P with `via: 'ctrl-shift-p'`) and returns its input box. */
export async function openCommandPalette(page: Page, via: 'f1' | 'ctrl-shift-p' = 'f1', timeoutMs = 15_000): Promise<Locator> {
  const input = page.locator(`${WIDGET} input`).first();
  await waitFor(
    'the command palette to open',
    async () => {
      if (await input.isVisible()) return true;
      // Give the workbench (not a webview or the browser chrome) the keyboard first.
      await page
        .locator('.monaco-workbench')
        .first()
        .focus()
        .catch(() => undefined);
      await page.keyboard.press(via === 'f1' ? 'F1' : 'Control+Shift+P');
      await input.waitFor({ state: 'visible', timeout: 2_000 }).catch(() => undefined);
      return input.isVisible();
    },
    timeoutMs,
    100,
  );
  return input;
}

export async function closeQuickInput(page: Page): Promise<void> {
  const widget = page.locator(WIDGET).first();
  if (await widget.isVisible().catch(() => false)) {
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  }
}

/** The labels of the palette rows currently shown (e.g. "Monitoring Lab: Start Monitoring Lab"). */
export async function paletteLabels(page: Page): Promise<string[]> {
  const rows = page.locator(`${ROWS} .quick-input-list-label .label-name`);
  return (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/** How long one opening of the palette is given to list the wanted rows before it is closed and opened again. */
const PALETTE_ATTEMPT_MS = 3_000;

/**
 * Types `query` into the command palette and returns the labels it lists once `until` holds.
 * The palette computes its list from the context keys of the moment it opens (e.g. `editorLangId` for
 * "Markdown: Open Preview to the Side"); a key set a moment later never updates an open list. So each
 * attempt gets PALETTE_ATTEMPT_MS, then the palette is closed and opened again, until `timeoutMs`.
 */
export async function searchCommands(
  page: Page,
  query: string,
  options: { via?: 'f1' | 'ctrl-shift-p'; until?: (labels: string[]) => boolean; timeoutMs?: number } = {},
): Promise<string[]> {
  const until = options.until ?? ((labels: string[]) => labels.length > 0);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const deadline = Date.now() + timeoutMs;
  let shown: string[] = [];
  let attempts = 0;
  while (attempts === 0 || Date.now() < deadline) {
    attempts++;
    if (attempts > 1) await closeQuickInput(page);
    const input = await openCommandPalette(page, options.via ?? 'f1', Math.max(deadline - Date.now(), 5_000));
    await input.fill(`>${query}`);
    const attemptMs = Math.max(Math.min(PALETTE_ATTEMPT_MS, deadline - Date.now()), 500);
    try {
      return await waitFor(
        `the command palette to list commands for "${query}"`,
        async () => {
          shown = await paletteLabels(page);
          return until(shown) ? shown : undefined;
        },
        attemptMs,
        150,
      );
    } catch {
      shown = await paletteLabels(page).catch(() => shown);
    }
  }
  throw new Error(
    `timed out after ${timeoutMs} ms (${attempts} openings of the palette) waiting for the command palette to list commands for "${query}"; shown: ${JSON.stringify(shown)}`,
  );
}

/** Runs a command by its full palette title, e.g. "Monitoring Lab: Start Monitoring Lab". */
export async function runCommand(page: Page, title: string, timeoutMs = 15_000): Promise<void> {
  await searchCommands(page, title, { until: (labels) => labels.includes(title), timeoutMs });
  const row = page.locator(ROWS).filter({ has: page.locator('.label-name', { hasText: title }) });
  const exact = row.filter({ has: page.getByText(title, { exact: true }) }).first();
  await ((await exact.count()) ? exact : row.first()).click({ timeout: timeoutMs });
  await page
    .locator(WIDGET)
    .first()
    .waitFor({ state: 'hidden', timeout: timeoutMs })
    .catch(() => undefined);
}

/** Opens a workspace file by name through Quick Open (Ctrl+P), as a user would. */
export async function openFile(page: Page, fileName: string, options: { language?: string; timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const input = page.locator(`${WIDGET} input`).first();
  await waitFor(
    'Quick Open to open',
    async () => {
      if (await input.isVisible()) return true;
      await page.keyboard.press('Control+P');
      await input.waitFor({ state: 'visible', timeout: 2_000 }).catch(() => undefined);
      return input.isVisible();
    },
    timeoutMs,
    100,
  );
  await input.fill(fileName);
  // The file index may need a moment after the folder opens: retype until the row shows.
  const row = page
    .locator(ROWS)
    .filter({ has: page.locator('.label-name', { hasText: fileName }) })
    .first();
  await waitFor(
    `Quick Open to list ${fileName}`,
    async () => {
      if (await row.isVisible()) return true;
      await input.fill('');
      await input.fill(fileName);
      await row.waitFor({ state: 'visible', timeout: 1_500 }).catch(() => undefined);
      return row.isVisible();
    },
    timeoutMs,
    100,
  );
  await row.click();
  await page.locator('.part.editor .tab.active', { hasText: fileName }).first().waitFor({ state: 'visible', timeout: timeoutMs });
  if (options.language) {
    // The status bar's language indicator shows the active editor's language once the workbench has resolved it,
    // which is when language-scoped commands ("Markdown: Open Preview to the Side") start to apply.
    const mode = page.locator('[id="status.editor.mode"]').first();
    await waitFor(
      `the active editor's language to be ${options.language}`,
      async () => (await mode.innerText({ timeout: 1_000 }).catch(() => '')).trim() === options.language,
      timeoutMs,
      150,
    );
  }
}
