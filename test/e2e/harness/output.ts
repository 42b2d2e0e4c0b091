/**
 * The Output panel: which channel it shows and the text of that channel (the lines the editor renders; Monaco
 * renders the visible lines only, so this is the end of a long channel when it scrolls to the bottom).
 */
import type { Page } from 'playwright-core';
import { waitFor } from './wait';

const PANEL = '.part.panel';

/** The channel the Output view shows (the selected entry of its channel picker), or '' when none is found. */
export async function activeOutputChannel(page: Page): Promise<string> {
  return page.evaluate<string>(`(() => {
    const panel = document.querySelector(${JSON.stringify(PANEL)});
    if (!panel) return '';
    for (const select of panel.querySelectorAll('select')) {
      const option = select.options[select.selectedIndex];
      if (option && option.text) return option.text.trim();
    }
    return '';
  })()`);
}

/** The rendered lines of the Output view's editor, one string per line (nbsp normalised). */
export async function outputLines(page: Page): Promise<string[]> {
  const lines = page.locator(`${PANEL} .monaco-editor .view-lines .view-line`);
  const texts = await lines.allInnerTexts().catch(() => [] as string[]);
  return texts.map((t) => t.replace(/\u00a0/g, ' ').trimEnd());
}

/** Whether the Output panel shows `channel` and its text satisfies `until` (one look, no waiting). */
export async function outputShows(page: Page, channel: string, until: (lines: string[]) => boolean): Promise<boolean> {
  if (
    !(await page
      .locator(PANEL)
      .first()
      .isVisible()
      .catch(() => false))
  )
    return false;
  return (await activeOutputChannel(page)) === channel && until(await outputLines(page));
}

/**
 * Waits until the Output panel shows channel `channel` and its text satisfies `until`; returns the lines.
 * The failure message names the channel shown and its last lines.
 */
export async function waitForOutput(page: Page, channel: string, until: (lines: string[]) => boolean, timeoutMs: number): Promise<string[]> {
  let shown = '';
  let lines: string[] = [];
  try {
    return await waitFor(
      `the Output panel to show channel "${channel}" with the expected lines`,
      async () => {
        if (!(await page.locator(PANEL).first().isVisible())) return undefined;
        shown = await activeOutputChannel(page);
        lines = await outputLines(page);
        return shown === channel && until(lines) ? lines : undefined;
      },
      timeoutMs,
      250,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; shown channel ${JSON.stringify(shown)}, last lines ${JSON.stringify(lines.slice(-8))}`, { cause: err });
  }
}
