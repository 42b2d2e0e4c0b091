// "Top sources" / "Top users": the most frequent values among failed logins, with counts.
import type { TopEntry } from '../../../src/shared/securityEventsProtocol';
import { h, setChildren } from '../common/dom';

export interface TopList {
  element: HTMLElement;
  render(entries: readonly TopEntry[]): void;
}

export function createTopList(title: string, emptyText: string): TopList {
  const list = h('ol', { class: 'top-list', 'aria-label': title });
  const element = h('section', { class: 'top' }, h('h3', {}, title), list);
  return {
    element,
    render(entries) {
      if (entries.length === 0) {
        setChildren(list, h('li', { class: 'muted' }, emptyText));
        return;
      }
      const max = Math.max(...entries.map((e) => e.count));
      setChildren(
        list,
        ...entries.map((e) => {
          const meter = h('span', { class: 'meter', 'aria-hidden': 'true' });
          // CSSOM, not a style attribute: allowed under a style-src without 'unsafe-inline'.
          meter.style.width = `${Math.max(2, Math.round((e.count / max) * 100))}%`;
          return h('li', {}, h('span', { class: 'value' }, e.value), h('span', { class: 'count' }, String(e.count)), meter);
        }),
      );
    },
  };
}
