// Log events (src/core/logs) as panel rows: only the fields the table shows; strings stay plain strings.
import type { LabEvent } from '../../core/logs/labEvent';
import type { EventKind } from '../../core/logs/queries';
import type { EventRow, EventTab } from '../../shared/securityEventsProtocol';

export function toEventRow(event: LabEvent): EventRow {
  const row: EventRow = { id: event.id, time: event.timestamp, message: event.errorMessage ?? event.message };
  if (event.userName !== undefined) row.user = String(event.userName);
  if (event.sourceIp !== undefined) row.source = String(event.sourceIp);
  if (event.userAgent !== undefined) row.userAgent = String(event.userAgent);
  if (event.urlPath !== undefined) row.path = String(event.urlPath);
  if (typeof event.statusCode === 'number') row.status = event.statusCode;
  if (event.errorType !== undefined) row.errorType = String(event.errorType);
  return row;
}

/** The log query behind each tab. */
export const TAB_KIND: Record<EventTab, EventKind> = {
  'failed-logins': 'failed-logins',
  errors: 'errors',
};
