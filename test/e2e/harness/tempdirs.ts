/** A temp folder tree for one VS Code instance: user data, extensions, XDG dirs, TMPDIR, browser profile, workspace. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { onExitCleanup } from './cleanup';

export interface TempDirs {
  root: string;
  userData: string;
  extensions: string;
  xdgConfig: string;
  xdgData: string;
  xdgCache: string;
  tmp: string;
  browserProfile: string;
  workspace: string;
  /** Removes the whole tree (idempotent). */
  remove(): void;
}

export function makeTempDirs(prefix = 'mlab-e2e-'): TempDirs {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const sub = (name: string): string => {
    const dir = path.join(root, name);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  };
  let unregister = (): void => undefined;
  const remove = (): void => {
    fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    unregister();
  };
  unregister = onExitCleanup(() => fs.rmSync(root, { recursive: true, force: true }));
  return {
    root,
    userData: sub('user-data'),
    extensions: sub('extensions'),
    xdgConfig: sub('xdg/config'),
    xdgData: sub('xdg/data'),
    xdgCache: sub('xdg/cache'),
    tmp: sub('tmp'),
    browserProfile: sub('browser'),
    workspace: sub('workspace'),
    remove,
  };
}
