/** Debian chromium driven by playwright-core, with a throwaway profile. */
import type { BrowserContext } from 'playwright-core';
import { chromium } from 'playwright-core';
import { codeServerInstall } from './paths';
import { withTimeout } from './wait';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserOptions {
  profileDir: string;
  viewport?: { width: number; height: number };
}

export async function launchBrowser(options: BrowserOptions): Promise<BrowserContext> {
  return withTimeout(
    'chromium to launch',
    chromium.launchPersistentContext(options.profileDir, {
      executablePath: codeServerInstall().chromium,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: options.viewport ?? { width: 1400, height: 900 },
      timeout: 60_000,
    }),
    90_000,
  );
}

/** Closes the browser; bounded, never throws. */
export async function closeBrowser(context: BrowserContext | undefined): Promise<void> {
  if (!context) return;
  try {
    await withTimeout('chromium to close', context.close(), 20_000);
  } catch (err) {
    // playwright-core also kills the browser it launched when this process exits.
    console.warn(`[e2e] ${(err as Error).message}`);
  }
}
