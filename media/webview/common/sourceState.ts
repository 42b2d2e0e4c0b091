// The box a page shows instead of (or above) its data: loading, lab stopped, store unreachable, error.
// Every state says what to do, with the button that does it.
import { type ActionMessage, type CommonStringKey, type SourceStatus, CommonToHost } from '../../../src/shared/panelProtocol';
import { h, setChildren } from './dom';
import { fill, text } from './strings';

/** The heading of each state, by its sentence in the page's table (read when shown: the table loads first). */
const HEADINGS: Record<SourceStatus['state'], CommonStringKey | undefined> = {
  loading: 'loading',
  stopped: 'labNotRunning',
  unreachable: 'sourceUnreachable',
  error: 'queryFailed',
  ready: undefined,
};

/** Fills `box` for `status` (hidden when ready). `source` names the store, e.g. "Elasticsearch". */
export function renderSourceState(box: HTMLElement, status: SourceStatus, source: string, post: (m: ActionMessage) => void): void {
  box.hidden = status.state === 'ready';
  box.dataset.state = status.state;
  document.getElementById('app')?.setAttribute('aria-busy', String(status.state === 'loading'));
  if (status.state === 'ready') {
    setChildren(box);
    return;
  }
  const key = HEADINGS[status.state];
  const heading = key ? fill(text(key), source) : '';
  const actions: HTMLElement[] = [];
  if (status.state === 'stopped' || status.state === 'unreachable') {
    const start = h('button', { type: 'button', class: 'primary', 'data-action': 'startLab' }, text('startLab'));
    start.addEventListener('click', () => post({ type: CommonToHost.Action, action: 'startLab' }));
    actions.push(start);
  }
  if (status.state === 'unreachable' || status.state === 'error') {
    const retry = h('button', { type: 'button', class: 'secondary', 'data-action': 'retry' }, text('retryNow'));
    retry.addEventListener('click', () => post({ type: CommonToHost.Action, action: 'retry' }));
    actions.push(retry);
  }
  setChildren(box, h('h2', {}, heading), status.detail ? h('p', {}, status.detail) : null, actions.length ? h('div', { class: 'actions' }, ...actions) : null);
}

/** The source-state box: a polite live region, so a screen reader hears "unreachable" when it happens. */
export function sourceStateBox(): HTMLElement {
  return h('section', { class: 'source-state', role: 'status', 'aria-live': 'polite', hidden: true });
}
