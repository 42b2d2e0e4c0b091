/**
 * Colour themes for the chart screenshots: the workbench theme is switched as a user does (Preferences: Color
 * Theme in the palette), then the panel's page must follow (VS Code sets the theme's kind as a class on the
 * webview's body) before anything is looked at.
 */
import type { Frame, Page } from 'playwright-core';
import { THEME_VARIABLES, type ColourRole } from '../../../src/core/charts/colours';
import { waitFor } from '../harness';
import { startCommand } from '../harness/quickInput';

/** The themes the chart screenshots use: the palette's label and the body class the webview gets. */
export const THEMES = {
  darkModern: { label: 'Dark Modern', bodyClass: 'vscode-dark' },
  lightModern: { label: 'Light Modern', bodyClass: 'vscode-light' },
  /** "Default High Contrast" (uiTheme hc-black), labelled "Dark High Contrast" in the palette. */
  highContrastDark: { label: 'Dark High Contrast', bodyClass: 'vscode-high-contrast' },
  /** "Default High Contrast Light" (uiTheme hc-light), labelled "Light High Contrast". */
  highContrastLight: { label: 'Light High Contrast', bodyClass: 'vscode-high-contrast-light' },
} as const;

export type ThemeInfo = (typeof THEMES)[keyof typeof THEMES];

/** Switches the workbench colour theme through the palette and waits for the panel page to follow. */
export async function setTheme(page: Page, frame: Frame, theme: ThemeInfo): Promise<void> {
  await startCommand(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget input').first();
  await input.fill(theme.label);
  // The row whose label is exactly the theme's ("Dark High Contrast" also matches other rows' words).
  const row = page
    .locator('.quick-input-widget .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: theme.label }) })
    .filter({ has: page.getByText(theme.label, { exact: true }) })
    .first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
  await followsTheme(page, frame, theme);
}

/** Waits for a panel's page to be in `theme` (a panel brought to the front gets the theme it missed). */
export async function followsTheme(page: Page, frame: Frame, theme: ThemeInfo): Promise<void> {
  await waitFor(
    `the panel to switch to ${theme.label}`,
    async () => frame.evaluate<boolean>(`document.body.classList.contains(${JSON.stringify(theme.bodyClass)})`),
    15_000,
    250,
  );
  // The charts re-read their colours on the theme change: give them a frame to redraw.
  await page.waitForTimeout(500);
}

/** The colour each chart role resolves to in the page now (the theme variables src/core/charts/colours.ts reads). */
export async function chartColours(frame: Frame): Promise<Partial<Record<ColourRole, string>>> {
  return frame.evaluate<Partial<Record<ColourRole, string>>>(`(() => {
    const variables = ${JSON.stringify(THEME_VARIABLES)};
    const root = getComputedStyle(document.documentElement);
    const body = getComputedStyle(document.body);
    const out = {};
    for (const [role, names] of Object.entries(variables)) {
      for (const name of names) {
        const value = (root.getPropertyValue(name) || body.getPropertyValue(name)).trim();
        if (value) { out[role] = value; break; }
      }
    }
    return out;
  })()`);
}

/** sRGB channels (0–255) of #rgb, #rgba, #rrggbb, #rrggbbaa or rgb()/rgba(); undefined for anything else. */
export function rgb(colour: string): [number, number, number] | undefined {
  const hex = /^#([0-9a-f]{3,8})$/i.exec(colour.trim());
  if (hex) {
    let d = hex[1]!;
    if (d.length === 3 || d.length === 4) d = [...d].map((c) => c + c).join('');
    return [0, 2, 4].map((i) => parseInt(d.slice(i, i + 2), 16)) as [number, number, number];
  }
  const fn = /^rgba?\(([^)]+)\)$/i.exec(colour.trim());
  if (fn) {
    const [r, g, b] = fn[1]!
      .split(/[ ,/]+/)
      .filter(Boolean)
      .map(Number);
    if ([r, g, b].every((v) => Number.isFinite(v))) return [r!, g!, b!];
  }
  return undefined;
}

/** WCAG 2 contrast ratio of two colours (1–21); NaN when either cannot be read. */
export function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const channels = rgb(c);
    if (!channels) return Number.NaN;
    const [r, g, bl] = channels.map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [x, y] = [lum(a), lum(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}
