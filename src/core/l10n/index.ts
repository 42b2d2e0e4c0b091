// The one string catalogue for everything the extension, the CLI and the lab report say. Code writes the English
// sentence through `t()`; l10n/bundle.l10n.<lang>.json maps it to another language (the format of VS Code's own
// bundles, read by @vscode/l10n). English needs no bundle. Text whose language is chosen per call rather than per
// process (the lab report, written in the language asked for it) says `tIn(lang, …)` from ./translate: same bundles,
// same keys, same formatting.
//
// VS Code has no Indonesian display language pack, so VS Code's display language alone would never select
// Indonesian: the language is chosen by `monitoringLab.language` (auto | en | id; auto follows VS Code's display
// language) in the editor, and by `--lang`, else LANG, in the CLI. The extension host is one process with one
// language at a time, so the catalogue is process-wide: `useLanguage()` switches it.
import * as l10n from '@vscode/l10n';
import { type Language, bundleDir, bundleFile, isLanguage, readBundle } from './translate';

export { type Language, LANGUAGES, bundleDir, isLanguage, tIn } from './translate';
export type LanguageSetting = Language | 'auto';

/**
 * `auto` (or nothing) follows the given locale ("id", "id-ID", "in" → Indonesian, an LANG value such as
 * "id_ID.UTF-8" too); anything else is English.
 */
export function resolveLanguage(setting: string | undefined, locale: string | undefined): Language {
  if (isLanguage(setting)) return setting;
  const tag = (locale ?? '').toLowerCase().replace('_', '-');
  return /^(id|in)(-|\.|$)/.test(tag) ? 'id' : 'en';
}

let current: Language = 'en';

/** Loads a language's bundle (English: none); a missing or broken bundle falls back to English and says why. */
export function useLanguage(lang: Language, dir: string = bundleDir()): { language: Language; problem?: string } {
  if (lang === 'en') {
    l10n.config({ contents: {} });
    current = 'en';
    return { language: 'en' };
  }
  const file = bundleFile(lang, dir);
  try {
    l10n.config({ contents: readBundle(lang, dir) });
    current = lang;
    return { language: lang };
  } catch (err) {
    l10n.config({ contents: {} });
    current = 'en';
    return { language: 'en', problem: `cannot read ${file}: ${(err as Error).message}` };
  }
}

export function currentLanguage(): Language {
  return current;
}

/** The BCP 47 tag for Intl in the current language. */
export function locale(lang: Language = current): string {
  return lang === 'id' ? 'id-ID' : 'en-US';
}

/**
 * The sentence in the current language. Placeholders as in vscode.l10n: `{0}`, `{1}`… for positional arguments,
 * `{name}` with an object. Keep the English sentence whole (never glue translated fragments together).
 */
export const t: typeof l10n.t = l10n.t;

/** A number for people, in the current language (1,234.5 / 1.234,5). */
export function formatNumber(value: number, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits }).format(value);
}

/** A local date and time for people, in the current language. */
export function formatDateTime(ms: number, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'medium' }): string {
  return new Intl.DateTimeFormat(locale(), options).format(new Date(ms));
}

/** A local time of day (hh:mm:ss), in the current language. */
export function formatTime(ms: number): string {
  return new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(new Date(ms));
}
