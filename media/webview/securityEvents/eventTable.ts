// One tab's table of events, newest first. Cells are filled with text nodes only.
import { formatClock } from '../../../src/shared/format';
import type { EventRow, EventTab } from '../../../src/shared/securityEventsProtocol';
import { h, setChildren } from '../common/dom';

interface Column {
  title: string;
  cell(row: EventRow): string;
  className?: string;
}

const COLUMNS: Record<EventTab, Column[]> = {
  'failed-logins': [
    { title: 'Time', cell: (r) => formatClock(r.time), className: 'time' },
    { title: 'User', cell: (r) => r.user ?? '' },
    { title: 'Source', cell: (r) => r.source ?? '' },
    { title: 'User agent', cell: (r) => r.userAgent ?? '', className: 'wrap' },
  ],
  errors: [
    { title: 'Time', cell: (r) => formatClock(r.time), className: 'time' },
    { title: 'Path', cell: (r) => r.path ?? '' },
    { title: 'Status', cell: (r) => (r.status === undefined ? '' : String(r.status)) },
    { title: 'Error', cell: (r) => r.errorType ?? '' },
    { title: 'Message', cell: (r) => r.message, className: 'wrap' },
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
    h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col', class: c.className }, c.title)))),
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
