/** Where things are: the repository, the artifacts folder, and the code-server install made by testbed/vscode/install.sh. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The repository root: the nearest folder above this file whose package.json is the extension's. */
export function repoRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 10; i++) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if ((JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'monitoring-lab') return dir;
      } catch {
        /* keep looking */
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`e2e: cannot find the repository root (package.json named monitoring-lab) above ${__dirname}`);
}

/**
 * The extension the workbench runs: the unpacked .vsix (production bundles, exactly the packaged file list) that
 * test/e2e/run.sh makes and names in MLAB_E2E_EXTENSION_DIR; the repository itself (development build) when unset.
 */
export function extensionUnderTest(): string {
  return process.env.MLAB_E2E_EXTENSION_DIR || repoRoot();
}

/** Repo-relative artifacts folder for screenshots and logs (git-ignored). */
export function artifactsDir(): string {
  const dir = path.join(repoRoot(), 'artifacts', 'e2e');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function cacheRoot(): string {
  return process.env.MLAB_CACHE || path.join(os.homedir(), '.cache', 'monitoring-lab');
}

export interface CodeServerInstall {
  /** The Node 24 binary code-server runs under. */
  node: string;
  /** code-server's out/node/entry.js. */
  codeServerEntry: string;
  /** The browser playwright-core drives. */
  chromium: string;
}

/**
 * The install made by testbed/vscode/install.sh (it writes paths.json).
 * MLAB_CODE_SERVER_NODE, MLAB_CODE_SERVER_ENTRY and MLAB_CHROMIUM override single entries.
 */
export function codeServerInstall(): CodeServerInstall {
  const file = path.join(cacheRoot(), 'code-server', 'paths.json');
  let fromFile: Partial<CodeServerInstall> = {};
  if (fs.existsSync(file)) fromFile = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<CodeServerInstall>;
  const install: CodeServerInstall = {
    node: process.env.MLAB_CODE_SERVER_NODE || fromFile.node || '',
    codeServerEntry: process.env.MLAB_CODE_SERVER_ENTRY || fromFile.codeServerEntry || '',
    chromium: process.env.MLAB_CHROMIUM || fromFile.chromium || '/usr/bin/chromium',
  };
  for (const [what, p] of Object.entries(install) as Array<[keyof CodeServerInstall, string]>) {
    if (!p || !fs.existsSync(p)) {
      throw new Error(`e2e: ${what} not found (${p || 'unset'}); run: bash testbed/vscode/install.sh`);
    }
  }
  return install;
}
