// The build context of an image the lab builds (the app): its top-level entries for the tar, and a content
// hash stored as an image label, so an unchanged context is never rebuilt.
import { t } from '../../l10n';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sha256, stableJson } from '../plan/configHash';

/** Hash of every file (path and bytes) under `dir`, plus the build options that change the result. */
export function buildContextHash(dir: string, options: { dockerfile: string; args: Record<string, string> }): string {
  const parts: string[] = [stableJson(options)];
  for (const file of listFiles(dir)) {
    parts.push(`${file}\0${sha256(fs.readFileSync(path.join(dir, file)))}`);
  }
  return sha256(parts.join('\n'));
}

/** Relative paths of all files, sorted, with "/" separators on every platform. Skips Python byte-code caches. */
function listFiles(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) throw new Error(t('the build context {0} does not exist', dir));
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return entries.flatMap((entry) => {
    if (entry.name === '__pycache__') return [];
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return listFiles(path.join(dir, entry.name), rel);
    return entry.isFile() ? [rel] : [];
  });
}

/** Top-level names for dockerode's build context (tar-fs packs directories recursively). */
export function contextEntries(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => name !== '__pycache__');
}
