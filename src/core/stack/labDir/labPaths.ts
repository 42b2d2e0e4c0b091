// Path logic of the lab directory, for the platform the files live on (Windows paths included). Pure: the
// platform is a parameter so every form is unit-testable on any machine.
import * as path from 'node:path';

export type PathPlatform = 'win32' | 'posix';

export function pathPlatform(platform: NodeJS.Platform): PathPlatform {
  return platform === 'win32' ? 'win32' : 'posix';
}

function api(platform: PathPlatform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** The stable, versioned copy of the stack: <base>/stack-<version>. An update gets a fresh folder. */
export function labDirectory(baseDir: string, stackVersion: string, platform: PathPlatform): string {
  return api(platform).join(baseDir, `stack-${stackVersion}`);
}

/** Where the host-network transform puts its rewritten copies, mirroring the lab directory's layout. */
export const RENDERED_DIR = '.rendered';

/**
 * A bind mount's or build context's source as written in compose.yaml → an absolute host path.
 * Relative paths resolve against the lab directory (the compose file's folder), "~" against the home
 * directory; absolute POSIX, drive-letter (C:\ or C:/) and UNC (\\server\share) paths stay as they are.
 */
export function resolveHostPath(labDir: string, source: string, platform: PathPlatform, homeDir?: string): string {
  const p = api(platform);
  if (source === '~' || source.startsWith('~/') || source.startsWith('~\\')) {
    if (!homeDir) throw new Error(`"${source}" needs a home directory`);
    return p.normalize(p.join(homeDir, source.slice(1)));
  }
  if (platform === 'win32') {
    // Forward slashes are fine in Windows paths; normalize to backslashes, as Docker Desktop shows them.
    if (/^[A-Za-z]:[\\/]/.test(source) || /^[\\/]{2}[^\\/]/.test(source)) return p.normalize(source);
    // "/opt/x" on Windows: a path inside Docker Desktop's VM, not a Windows path. Keep it POSIX.
    if (source.startsWith('/')) return path.posix.normalize(source);
    return p.resolve(labDir, source);
  }
  if (source.startsWith('/')) return p.normalize(source);
  return p.resolve(labDir, source);
}

/** `file` relative to `dir` when it lies inside it (case-insensitively on Windows), else undefined. */
export function relativeInside(dir: string, file: string, platform: PathPlatform): string | undefined {
  const p = api(platform);
  const fold = (s: string) => (platform === 'win32' ? s.toLowerCase() : s);
  const rel = p.relative(fold(p.resolve(dir)), fold(p.resolve(file)));
  if (!rel || rel.startsWith('..') || p.isAbsolute(rel)) return undefined;
  // Keep the file's own casing: folding does not change lengths, so the tail of the full path is the answer.
  const full = p.resolve(file);
  return full.slice(full.length - rel.length);
}

/** Where the rewritten copy of a file inside the lab directory goes. */
export function renderedPath(labDir: string, file: string, platform: PathPlatform): string | undefined {
  const rel = relativeInside(labDir, file, platform);
  return rel === undefined ? undefined : api(platform).join(labDir, RENDERED_DIR, rel);
}
