// The alert history kept in a JSON file under the lab folder (bounded), so a report made later — from the
// editor after a reload, or from the CLI — still knows which alerts the editor raised and when.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Alert } from './alert';

export const ALERT_HISTORY_FILE_NAME = 'alert-history.json';
export const MAX_STORED_ALERTS = 500;

function isAlert(value: unknown): value is Alert {
  const a = value as Partial<Alert> | null;
  return (
    typeof a === 'object' &&
    a !== null &&
    typeof a.id === 'string' &&
    typeof a.ruleId === 'string' &&
    typeof a.firedAt === 'number' &&
    typeof a.evidence === 'object' &&
    a.evidence !== null
  );
}

/** The stored alerts, oldest first; a missing or damaged file is an empty history. */
export function readAlertHistory(file: string): Alert[] {
  try {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    return Array.isArray(raw) ? raw.filter(isAlert) : [];
  } catch {
    return [];
  }
}

/** Merges `alerts` into the file by id (newer state wins), keeps the newest `max`, writes atomically. */
export function storeAlerts(file: string, alerts: readonly Alert[], max = MAX_STORED_ALERTS): Alert[] {
  const byId = new Map(readAlertHistory(file).map((a) => [a.id, a]));
  for (const a of alerts) byId.set(a.id, a);
  const list = [...byId.values()].sort((a, b) => a.firedAt - b.firedAt).slice(-max);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(list));
  fs.renameSync(tmp, file);
  return list;
}
