// The lab app's log events as the extension reads them back: a typed subset of the ECS documents
// the app writes (resources/stack/app/labapp/events.py owns the shape on the writing side).

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

/** The ECS document as stored (nested objects). Only the fields read are typed. */
export interface EcsDocument {
  '@timestamp'?: string;
  message?: string;
  log?: { level?: string };
  event?: { id?: string; action?: string; outcome?: string };
  user?: { name?: string };
  source?: { ip?: string };
  user_agent?: { original?: string };
  url?: { path?: string };
  http?: { response?: { status_code?: number } };
  error?: { type?: string; message?: string };
}

/** Maps a stored document to a LabEvent; values stay plain strings (rendered as text, never HTML). */
export function toLabEvent(doc: EcsDocument, fallbackId: string): LabEvent {
  const event: LabEvent = {
    id: doc.event?.id ?? fallbackId,
    timestamp: doc['@timestamp'] ? Date.parse(doc['@timestamp']) : Number.NaN,
    level: doc.log?.level ?? 'info',
    message: doc.message ?? '',
  };
  const optional: Array<[keyof LabEvent, unknown]> = [
    ['action', doc.event?.action],
    ['outcome', doc.event?.outcome],
    ['userName', doc.user?.name],
    ['sourceIp', doc.source?.ip],
    ['userAgent', doc.user_agent?.original],
    ['urlPath', doc.url?.path],
    ['statusCode', doc.http?.response?.status_code],
    ['errorType', doc.error?.type],
    ['errorMessage', doc.error?.message],
  ];
  for (const [key, value] of optional) {
    if (value !== undefined && value !== null) (event as unknown as Record<string, unknown>)[key] = value;
  }
  return event;
}
