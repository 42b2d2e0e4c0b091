// The lab's secrets outlive its versioned folder. Each extension version copies the stack into its own
// <base>/stack-<version>, but Grafana's volume keeps the admin password of its first start, and the app's
// demo account is what a person learned: regenerating them at an upgrade made "Copy Grafana Password" copy a
// password Grafana refuses. So they are kept in one owner-only file beside the versioned folders,
// <base>/secrets.env; a lab made before that file existed hands over the secrets of its newest earlier folder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LabSecrets } from '../../config';
import { SECRET_VARIABLES, formatDotEnv, readDotEnvFile, writeDotEnvFile } from '../../config';
import type { PathPlatform } from './labPaths';
import { labDirectory } from './labPaths';

export const SECRETS_FILE_NAME = 'secrets.env';
const ENV_FILE_NAME = '.env';
const LAB_FOLDER = /^stack-(.+)$/;

const MESSAGES = {
  header:
    "Written by Monitoring Lab: the lab's generated secrets, kept across extension updates (every stack-<version>\n" +
    'folder uses them; Grafana keeps the admin password of its first start). Keep this file private.',
};

export function secretsFile(baseDir: string, platform: PathPlatform): string {
  return (platform === 'win32' ? path.win32 : path.posix).join(baseDir, SECRETS_FILE_NAME);
}

/** Only the secret variables of a .env-style map. */
function secretVariables(vars: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.values(SECRET_VARIABLES)) if (vars[name]) out[name] = vars[name];
  return out;
}

/**
 * Orders versions as people read them: numeric parts by value (0.10.0 after 0.9.1), a pre-release before its
 * release (1.0.0-rc.1 before 1.0.0), anything else by text.
 */
export function compareVersions(a: string, b: string): number {
  const split = (v: string) => {
    const dash = v.indexOf('-');
    return { main: (dash < 0 ? v : v.slice(0, dash)).split('.'), pre: dash < 0 ? undefined : v.slice(dash + 1) };
  };
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < Math.max(x.main.length, y.main.length); i++) {
    const p = x.main[i] ?? '0';
    const q = y.main[i] ?? '0';
    const c = /^\d+$/.test(p) && /^\d+$/.test(q) ? Number(p) - Number(q) : p.localeCompare(q);
    if (c !== 0) return Math.sign(c);
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return Math.sign(x.pre.localeCompare(y.pre, undefined, { numeric: true }));
}

/** The lab folders of versions before `version`, newest first. A missing base folder has none. */
export function earlierLabFolders(baseDir: string, version: string, platform: PathPlatform): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(baseDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names
    .map((name) => LAB_FOLDER.exec(name)?.[1])
    .filter((v): v is string => v !== undefined && compareVersions(v, version) < 0)
    .sort((a, b) => compareVersions(b, a))
    .map((v) => labDirectory(baseDir, v, platform));
}

/**
 * The secrets kept for this lab base folder, as .env variables: the shared file's, or (before it existed) those
 * of the newest earlier stack-<version> folder that has any. Empty for a new lab.
 */
export function readKeptSecrets(baseDir: string, version: string, platform: PathPlatform): Record<string, string> {
  const kept = secretVariables(readDotEnvFile(secretsFile(baseDir, platform)));
  if (Object.keys(kept).length > 0) return kept;
  for (const folder of earlierLabFolders(baseDir, version, platform)) {
    const earlier = secretVariables(readDotEnvFile(path.join(folder, ENV_FILE_NAME)));
    if (Object.keys(earlier).length > 0) return earlier;
  }
  return {};
}

/** Writes the shared secrets file (owner-only) when its content would change. */
export function keepSecrets(baseDir: string, platform: PathPlatform, secrets: LabSecrets): void {
  const file = secretsFile(baseDir, platform);
  const vars: Record<string, string> = {};
  for (const key of Object.keys(SECRET_VARIABLES) as Array<keyof LabSecrets>) vars[SECRET_VARIABLES[key]] = secrets[key];
  let current: string | undefined;
  try {
    current = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (current === formatDotEnv(vars, MESSAGES.header)) return;
  fs.mkdirSync(baseDir, { recursive: true });
  writeDotEnvFile(file, vars, MESSAGES.header);
}
