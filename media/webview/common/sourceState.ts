// The box a page shows instead of (or above) its data: loading, lab stopped, store unreachable, error.
// Every state says what to do, with the button that does it.
import { type ActionMessage, type SourceStatus, CommonToHost } from '../../../src/shared/panelProtocol';
import { h, setChildren } from './dom';

const HEADINGS: Record<SourceStatus['state'], string> = {
  loading: 'Loading…',
  stopped: 'The lab is not running',
  unreachable: 'unreachable',
  error: 'A query failed',
  ready: '',
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
  const heading = status.state === 'unreachable' ? `${source} is unreachable` : HEADINGS[status.state];
  const actions: HTMLElement[] = [];
  if (status.state === 'stopped' || status.state === 'unreachable') {
    const start = h('button', { type: 'button', class: 'primary', 'data-action': 'startLab' }, 'Start the lab');
    start.addEventListener('click', () => post({ type: CommonToHost.Action, action: 'startLab' }));
    actions.push(start);
  }
  if (status.state === 'unreachable' || status.state === 'error') {
    const retry = h('button', { type: 'button', class: 'secondary', 'data-action': 'retry' }, 'Retry now');
    retry.addEventListener('click', () => post({ type: CommonToHost.Action, action: 'retry' }));
    actions.push(retry);
  }
  setChildren(
    box,
    h('h2', {}, heading),
    status.detail ? h('p', {}, status.detail) : null,
    actions.length ? h('div', { class: 'actions' }, ...actions) : null,
  );
}

/** The source-state box: a polite live region, so a screen reader hears "unreachable" when it happens. */
export function sourceStateBox(): HTMLElement {
  return h('section', { class: 'source-state', role: 'status', 'aria-live': 'polite', hidden: true });
}
