/**
 * The guided exercise (contributes.walkthroughs "exercise") as the workbench shows it: opened from the Stack view's
 * welcome or from Get Started ("Welcome: Open Walkthrough..."), its steps read checked off or not. Shared by the
 * suites that look at it (workbench.test.ts without a lab, live.test.ts after the lab ran its scenarios).
 */
import type { Locator, Page } from 'playwright-core';
import { waitFor } from '../harness';
import { startCommand } from '../harness/quickInput';
import { EXTENSION_ID } from './constants';

export const WALKTHROUGH_TITLE = 'Monitoring Lab: the Guided Exercise';
/** The Stack view's welcome button. */
export const OPEN_GUIDED_EXERCISE = 'Open the Guided Exercise';
/** VS Code's own "Get Started" entry to a walkthrough. */
const GET_STARTED_COMMAND = 'Welcome: Open Walkthrough...';

/** A step's button on the walkthrough's page; it carries aria-checked="true" once the step completed. */
export function walkthroughStep(page: Page, stepId: string): Locator {
  return page
    .locator(`.gettingStartedContainer .gettingStartedSlideDetails button.getting-started-step[data-step-id="${EXTENSION_ID}#exercise#${stepId}"]`)
    .first();
}

/** Waits until the walkthrough's own page shows (its title, and its "start the lab" step). */
export async function waitForWalkthroughPage(page: Page, timeoutMs = 30_000): Promise<void> {
  // The list of every walkthrough stays in the page, hidden, beside the one shown: look in the shown one only.
  await page
    .locator('.gettingStartedContainer .gettingStartedSlideDetails .category-title', { hasText: WALKTHROUGH_TITLE })
    .first()
    .waitFor({ state: 'visible', timeout: timeoutMs });
  await walkthroughStep(page, 'startLab').waitFor({ state: 'visible', timeout: timeoutMs });
}

/** Get Started: "Welcome: Open Walkthrough..." from the palette, then the exercise from its list. */
export async function openWalkthroughFromGetStarted(page: Page, timeoutMs = 30_000): Promise<void> {
  await startCommand(page, GET_STARTED_COMMAND, timeoutMs);
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: WALKTHROUGH_TITLE }).first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  await row.click({ timeout: timeoutMs });
  await waitForWalkthroughPage(page, timeoutMs);
}

/** Whether each step reads checked off (undefined: the step is not on the page, e.g. hidden by its `when`). */
export async function walkthroughStepStates(page: Page, stepIds: readonly string[]): Promise<Record<string, boolean | undefined>> {
  const states: Record<string, boolean | undefined> = {};
  for (const id of stepIds) {
    const step = walkthroughStep(page, id);
    states[id] = (await step.count()) ? (await step.getAttribute('aria-checked', { timeout: 2_000 })) === 'true' : undefined;
  }
  return states;
}

/** Waits until the steps read as `expected` (checked off or not); the last states are in the timeout's message. */
export async function waitForWalkthroughSteps(page: Page, expected: Record<string, boolean>, timeoutMs = 20_000): Promise<Record<string, boolean | undefined>> {
  let last: Record<string, boolean | undefined> = {};
  try {
    return await waitFor(
      `the walkthrough's steps to read ${JSON.stringify(expected)}`,
      async () => {
        last = await walkthroughStepStates(page, Object.keys(expected));
        return Object.entries(expected).every(([id, done]) => last[id] === done) ? last : undefined;
      },
      timeoutMs,
      250,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; they read ${JSON.stringify(last)}`, { cause: err });
  }
}
