/**
 * Whether an extension has activated, read from the remote extension host's log on the server's disk
 * (`ExtensionService#_doActivateExtension <id>, ... activationEvent: '...'`), so UI tests can check activation
 * without code inside the extension host.
 */
import * as fs from 'fs';
import * as path from 'path';
import { waitFor } from './wait';

function logFiles(dir: string, out: string[] = []): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) logFiles(p, out);
    else if (e.name.endsWith('.log')) out.push(p);
  }
  return out;
}

export interface ActivationRecord {
  extensionId: string;
  activationEvent: string;
  logFile: string;
}

/** Scans `<userData>/logs/**\/*.log` for the activation line of `extensionId`. */
export function findActivation(userDataDir: string, extensionId: string): ActivationRecord | undefined {
  const needle = `_doActivateExtension ${extensionId},`;
  for (const file of logFiles(path.join(userDataDir, 'logs'))) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const line = text.split('\n').find((l) => l.toLowerCase().includes(needle.toLowerCase()));
    if (line) {
      const event = /activationEvent: '([^']*)'/.exec(line)?.[1] ?? '';
      return { extensionId, activationEvent: event, logFile: file };
    }
  }
  return undefined;
}

export function waitForActivation(userDataDir: string, extensionId: string, timeoutMs = 30_000): Promise<ActivationRecord> {
  return waitFor(`extension ${extensionId} to activate (extension host log)`, () => findActivation(userDataDir, extensionId), timeoutMs, 200);
}

/** Lines of the extension host logs that mention `extensionId` (for failure messages). */
export function extensionHostLogExcerpt(userDataDir: string, pattern: RegExp, max = 30): string {
  const hits: string[] = [];
  for (const file of logFiles(path.join(userDataDir, 'logs'))) {
    try {
      for (const l of fs.readFileSync(file, 'utf8').split('\n')) if (pattern.test(l)) hits.push(`${path.basename(file)}: ${l}`);
    } catch {
      /* skip */
    }
  }
  return hits.slice(-max).join('\n');
}
