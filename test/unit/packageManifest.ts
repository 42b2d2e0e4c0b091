// package.json as VS Code shows it: its texts are `%key%` references into package.nls.json (English) and
// package.nls.<language>.json, which VS Code substitutes in every string of the manifest (localizeManifest in VS
// Code's extensionNls.ts). Tests read the manifest through here to see what the user sees.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export type Nls = Record<string, string>;
/** The languages package.json is translated into; 'en' is package.nls.json. */
export const MANIFEST_LANGUAGES = ['en', 'id'] as const;
export type ManifestLanguage = (typeof MANIFEST_LANGUAGES)[number];

const REFERENCE = /^%(.+)%$/;

export function nlsFile(lang: ManifestLanguage): string {
  return lang === 'en' ? 'package.nls.json' : `package.nls.${lang}.json`;
}

export function readNls(lang: ManifestLanguage): Nls {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, nlsFile(lang)), 'utf8')) as Nls;
}

/** package.json as written: with its `%key%` references. */
export function rawPackageJson(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
}

/** The key of a `%key%` reference; undefined for any other value. */
export function referenceKey(value: unknown): string | undefined {
  return typeof value === 'string' ? REFERENCE.exec(value)?.[1] : undefined;
}

/** Every `%key%` reference in a JSON value, with its JSON path (e.g. contributes.commands[0].title). */
export function references(value: unknown, where = ''): Array<{ key: string; where: string }> {
  const key = referenceKey(value);
  if (key !== undefined) return [{ key, where }];
  if (Array.isArray(value)) return value.flatMap((v, i) => references(v, `${where}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => references(v, where ? `${where}.${k}` : k));
  return [];
}

/** A copy of a JSON value with every `%key%` replaced by its text; a key the messages lack throws. */
export function localize<T>(value: T, nls: Nls): T {
  const key = referenceKey(value);
  if (key !== undefined) {
    if (typeof nls[key] !== 'string') throw new Error(`no text for %${key}%`);
    return nls[key] as T;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => localize(v, nls)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, localize(v, nls)])) as T;
  return value;
}

/** package.json as VS Code shows it in the given display language. */
export function localizedPackageJson(lang: ManifestLanguage = 'en'): Record<string, unknown> {
  return localize(rawPackageJson(), lang === 'en' ? readNls('en') : { ...readNls('en'), ...readNls(lang) });
}
