// One tab's table of events, newest first. Cells are filled with text nodes only.
import { formatClock } from '../../../src/shared/format';
import type { EventRow, EventTab, SecurityEventsStringKey } from '../../../src/shared/securityEventsProtocol';
import { h, setChildren } from '../common/dom';
import { pageText } from '../common/strings';

interface Column {
  /** The heading's sentence in the page's table. */
  titleKey: SecurityEventsStringKey;
  cell(row: EventRow): string;
  className?: string;
}

const COLUMNS: Record<EventTab, Column[]> = {
  'failed-logins': [
    { titleKey: 'colTime', cell: (r) => formatClock(r.time), className: 'time' },
    { titleKey: 'colUser', cell: (r) => r.user ?? '' },
    { titleKey: 'colSource', cell: (r) => r.source ?? '' },
    { titleKey: 'colUserAgent', cell: (r) => r.userAgent ?? '', className: 'wrap' },
  ],
  errors: [
    { titleKey: 'colTime', cell: (r) => formatClock(r.time), className: 'time' },
    { titleKey: 'colPath', cell: (r) => r.path ?? '' },
    { titleKey: 'colStatus', cell: (r) => (r.status === undefined ? '' : String(r.status)) },
    { titleKey: 'colError', cell: (r) => r.errorType ?? '' },
    { titleKey: 'colMessage', cell: (r) => r.message, className: 'wrap' },
  ],
};

export interface EventTable {
  element: HTMLElement;
  render(rows: readonly EventRow[], emptyText: string): void;
}

export function createEventTable(tab: EventTab, caption: string): EventTable {
  const columns = COLUMNS[tab];
  const body = h('tbody');
  const empty = h('p', { class: 'empty', hidden: true });
  const table = h(
    'table',
    { class: 'events', 'data-tab': tab },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col', class: c.className }, pageText(c.titleKey))))),
    body,
  );
  const element = h('div', { class: 'table-wrap' }, table, empty);
  return {
    element,
    render(rows, emptyText) {
      const fragment = document.createDocumentFragment();
      for (const row of rows) {
        fragment.append(h('tr', { 'data-id': row.id }, ...columns.map((c) => h('td', { class: c.className }, c.cell(row)))));
      }
      body.replaceChildren(fragment);
      table.hidden = rows.length === 0;
      empty.hidden = rows.length > 0;
      setChildren(empty, emptyText);
    },
  };
}
