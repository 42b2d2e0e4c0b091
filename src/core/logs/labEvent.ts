// The lab app's log events as the extension reads them back: a typed subset of the ECS documents
// the app writes (resources/stack/app/labapp/events.py owns the shape on the writing side, and
// resources/stack/app/labapp/fields.json catalogues every field, including each one LAB_EVENT_FIELDS names).

/** event.action values the app writes; the only vocabulary queries filter on. */
export const EVENT_ACTIONS = {
  loginFailed: 'login-failed',
  loginSucceeded: 'login-succeeded',
  loginLockedOut: 'login-locked-out',
  loginMalformed: 'login-malformed',
  unhandledException: 'unhandled-exception',
} as const;

export interface LabEvent {
  id: string;
  /** Unix milliseconds. */
  timestamp: number;
  level: string;
  message: string;
  action?: string;
  outcome?: string;
  userName?: string;
  sourceIp?: string;
  userAgent?: string;
  urlPath?: string;
  statusCode?: number;
  errorType?: string;
  errorMessage?: string;
}

/**
 * Where each LabEvent property is read from: the ECS field path (dotted) of every field the extension reads out
 * of a stored event; toLabEvent reads nothing else. Each must be in the app's field catalogue,
 * resources/stack/app/labapp/fields.json, marked readByExtension; so must the few that queries.ts filters, sorts
 * or aggregates on. test/unit/core/logs/fieldCatalogue.test.ts checks both, as test/app/test_fields.py checks the
 * writing side.
 */
export const LAB_EVENT_FIELDS = {
  id: 'event.id',
  timestamp: '@timestamp',
  level: 'log.level',
  message: 'message',
  action: 'event.action',
  outcome: 'event.outcome',
  userName: 'user.name',
  sourceIp: 'source.ip',
  userAgent: 'user_agent.original',
  urlPath: 'url.path',
  statusCode: 'http.response.status_code',
  errorType: 'error.type',
  errorMessage: 'error.message',
} as const satisfies Record<keyof LabEvent, string>;

/** The ECS document as stored (nested objects, {"log": {"level": ...}}); read through LAB_EVENT_FIELDS. */
export type EcsDocument = Record<string, unknown>;

/** The value at a dotted field path of a stored document, or undefined where the path leads nowhere. */
export function fieldValue(doc: EcsDocument, path: string): unknown {
  let node: unknown = doc;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** The LabEvent properties a document may lack: all but the four toLabEvent always fills in. */
const OPTIONAL = (Object.keys(LAB_EVENT_FIELDS) as Array<keyof LabEvent>).filter(
  (key) => key !== 'id' && key !== 'timestamp' && key !== 'level' && key !== 'message',
);

/** Maps a stored document to a LabEvent; values stay plain strings (rendered as text, never HTML). */
export function toLabEvent(doc: EcsDocument, fallbackId: string): LabEvent {
  const read = (key: keyof LabEvent): unknown => fieldValue(doc, LAB_EVENT_FIELDS[key]);
  const timestamp = read('timestamp') as string | undefined;
  const event: LabEvent = {
    id: (read('id') as string | undefined) ?? fallbackId,
    timestamp: timestamp ? Date.parse(timestamp) : Number.NaN,
    level: (read('level') as string | undefined) ?? 'info',
    message: (read('message') as string | undefined) ?? '',
  };
  for (const key of OPTIONAL) {
    const value = read(key);
    if (value !== undefined && value !== null) (event as unknown as Record<string, unknown>)[key] = value;
  }
  return event;
}
