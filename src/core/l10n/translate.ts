// The catalogue in a language chosen per call: `tIn(lang, 'English sentence {name}', { name })`. For text whose
// language is not the process's — the lab report is written in the language asked for it (`report --lang`, the
// editor's monitoringLab.report.language), whatever language the CLI or the editor speaks. Same bundles as `t()`
// (l10n/bundle.l10n.<lang>.json, English needs none), same keys (the English sentence, or `message/comment` for a
// sentence that needs a second translation) and the same formatting as @vscode/l10n.
//
// Stateless apart from a read-only cache of the bundle files, so a bundle of its own may carry a copy of this module
// (the report's renderers are built into dist/lazy/reportRender.js, see scripts/build-config.mjs); index.ts, which
// holds the process's language, must never be copied that way.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Language = 'en' | 'id';
export const LANGUAGES: readonly Language[] = ['en', 'id'];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** A bundle as @vscode/l10n reads it: the English key → the translation (or the translation with its comment). */
export type Bundle = Record<string, string | { message: string; comment: string[] }>;

/** The folder of the bundles: l10n/ beside dist/ (the extension's root, or the repository when run from source). */
export function bundleDir(from: string = __dirname): string {
  for (let dir = from, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'l10n');
    if (fs.existsSync(path.join(candidate, 'bundle.l10n.id.json'))) return candidate;
  }
  return path.join(from, '..', 'l10n');
}

export function bundleFile(lang: Language, dir: string = bundleDir()): string {
  return path.join(dir, `bundle.l10n.${lang}.json`);
}

/** Reads a language's bundle (English: none); throws when the file is missing or not JSON. */
export function readBundle(lang: Language, dir: string = bundleDir()): Bundle {
  if (lang === 'en') return {};
  return JSON.parse(fs.readFileSync(bundleFile(lang, dir), 'utf8')) as Bundle;
}

const bundles = new Map<Language, Bundle>();

/** A language's bundle, read once; a missing or broken one is English (useLanguage() says why at start). */
function bundleOf(lang: Language): Bundle {
  let bundle = bundles.get(lang);
  if (!bundle) {
    try {
      bundle = readBundle(lang);
    } catch {
      bundle = {};
    }
    bundles.set(lang, bundle);
  }
  return bundle;
}

type Replacement = string | number | boolean;
type Values = readonly Replacement[] | Record<string, unknown>;

/**
 * @vscode/l10n's placeholder filling, in pieces: the template's own text, and each filled placeholder's value apart
 * (a renderer escapes the two differently). `{0}` or `{name}` becomes its value; one without a value stays as written.
 */
export function messageParts(template: string, values: Values): Array<{ text: string } | { value: string }> {
  // @vscode/l10n accepts any value and lets String() have it; the callers pass strings, numbers and booleans.
  const lookup = values as Record<string, Replacement | null | undefined>;
  const filling = Object.keys(values).length > 0;
  const parts: Array<{ text: string } | { value: string }> = [];
  const text = (piece: string) => {
    const last = parts[parts.length - 1];
    if (last && 'text' in last) last.text += piece;
    else if (piece) parts.push({ text: piece });
  };
  template.split(/{([^}]+)}/).forEach((piece, i) => {
    if (i % 2 === 0) return text(piece);
    const value = filling ? lookup[piece] : undefined;
    if (value === undefined || value === null) text(`{${piece}}`);
    else parts.push({ value: String(value) });
  });
  return parts;
}

/** @vscode/l10n's placeholder filling: `{0}` or `{name}` becomes its value; one without a value stays as written. */
export function formatMessage(template: string, values: Values): string {
  return messageParts(template, values)
    .map((p) => ('text' in p ? p.text : p.value))
    .join('');
}

/**
 * The sentence in `lang`, independent of the process's language (`t()`). Placeholders as in `t()` and
 * vscode.l10n: `{0}`, `{1}`… for positional arguments, `{name}` with an object; `{ message, args, comment }` for a
 * sentence whose key is `message/comment` (the same English with another translation).
 */
export function tIn(lang: Language, message: string, ...args: Replacement[]): string;
export function tIn(lang: Language, message: string, args: Record<string, Replacement>): string;
export function tIn(lang: Language, options: { message: string; args?: Values; comment: string | string[] }): string;
export function tIn(lang: Language, first: string | { message: string; args?: Values; comment: string | string[] }, ...rest: unknown[]): string {
  let key: string;
  let message: string;
  let values: Values;
  if (typeof first === 'string') {
    key = message = first;
    values = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as Record<string, unknown>) : (rest as Replacement[]);
  } else {
    message = first.message;
    const comment = Array.isArray(first.comment) ? first.comment.join('') : first.comment;
    key = comment.length > 0 ? `${message}/${comment}` : message;
    values = first.args ?? {};
  }
  const translated = bundleOf(lang)[key];
  if (!translated) return formatMessage(message, values);
  if (typeof translated === 'string') return formatMessage(translated, values);
  return formatMessage(translated.comment ? translated.message : message, values);
}
