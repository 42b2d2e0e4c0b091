// The Security Events page: state box, histogram with scenario markers, top lists, and two tabs of
// live rows (failed logins, errors) with a filter and pause/resume. Data arrives from the host.
import { CommonToHost, CommonToPage, type SourceStatus } from '../../../src/shared/panelProtocol';
import {
  EVENT_TABS,
  type EventTab,
  type HistogramMessage,
  MAX_FILTER_LENGTH,
  SecurityEventsToHost,
  SecurityEventsToPage,
  type SecurityViewState,
  parseSecurityEventsToPage,
  parseSecurityViewState,
} from '../../../src/shared/securityEventsProtocol';
import { applyFilter } from '../../../src/shared/rows/rowFilter';
import { RowBuffer } from '../../../src/shared/rows/rowBuffer';
import { frameScheduler, h, setChildren } from '../common/dom';
import { renderSourceState, sourceStateBox } from '../common/sourceState';
import { createTabs } from '../common/tabs';
import { connect, onHostMessage } from '../common/vscodeApi';
import { createEventTable } from './eventTable';
import { type TimeFilter, chipText, createHistogramChart } from './histogramChart';
import { createTopList } from './topList';

const bridge = connect<SecurityViewState, SecurityEventsToHost>(parseSecurityViewState);
const state: SecurityViewState = bridge.loadState();
const buffers: Record<EventTab, RowBuffer> = { 'failed-logins': new RowBuffer(), errors: new RowBuffer() };
let status: SourceStatus = { type: CommonToPage.Status, state: 'loading' };
let histogram: HistogramMessage | undefined;
let focusRange: { from: number; to: number } | undefined;
/** A histogram bar the user picked: the table shows only that interval until cleared. */
let timeFilter: TimeFilter | undefined;

const TAB_TITLES: Record<EventTab, string> = { 'failed-logins': 'Failed logins', errors: 'Errors' };
const EMPTY_TEXT: Record<EventTab, string> = {
  'failed-logins': 'No failed logins in the last 15 minutes. Run the Brute force scenario to see an attack arrive here.',
  errors: 'No error events in the last 15 minutes. Run the Error burst scenario to see some.',
};

// ----- layout -----
const stateBox = sourceStateBox();
/** Events the app could not deliver: rows this page will never show. Hidden while there are none. */
const droppedNotice = h('p', { class: 'notice warning', role: 'status', hidden: true });
const liveText = h('span', { class: 'live', role: 'status', 'aria-live': 'polite' });
const pauseButton = h('button', { type: 'button', class: 'secondary', 'aria-pressed': 'false' }, 'Pause');
const histogramChart = createHistogramChart('failed logins', (filter) => {
  timeFilter = filter;
  scheduleRows();
});
const histogramCaption = h('p', { class: 'muted histogram-caption' }, 'Failed logins per 10 s, last 15 minutes');
const topSources = createTopList('Top sources', 'No failed logins yet');
const topUsers = createTopList('Top users', 'No failed logins yet');
const filterInput = h('input', { type: 'search', id: 'filter', placeholder: 'user, source, agent…', maxlength: MAX_FILTER_LENGTH, spellcheck: 'false', autocomplete: 'off' });
const filterCount = h('span', { class: 'muted', 'aria-live': 'polite' });
const tables = { 'failed-logins': createEventTable('failed-logins', 'Failed logins, newest first'), errors: createEventTable('errors', 'Error events, newest first') };
const panels = { 'failed-logins': h('div', {}, tables['failed-logins'].element), errors: h('div', {}, tables.errors.element) };
const tabs = createTabs('Event lists', EVENT_TABS.map((key) => ({ key, label: TAB_TITLES[key], panel: panels[key] })), state.tab, (key) => {
  state.tab = key;
  save();
  scheduleRows();
});

filterInput.value = state.filter;
const app = document.getElementById('app')!;
setChildren(
  app,
  h('header', { class: 'page-header' }, h('h1', {}, 'Security Events'), h('div', { class: 'header-tools' }, liveText, pauseButton)),
  stateBox,
  droppedNotice,
  h(
    'section',
    { class: 'summary', 'aria-label': 'Failed logins over time' },
    h('div', { class: 'histogram-figure' }, histogramCaption, histogramChart.element),
    h('div', { class: 'tops' }, topSources.element, topUsers.element),
  ),
  h('div', { class: 'toolbar' }, h('label', { for: 'filter' }, 'Filter'), filterInput, histogramChart.chip, filterCount),
  tabs.list,
  panels['failed-logins'],
  panels.errors,
);

// ----- behaviour -----
function save(): void {
  bridge.saveState({ ...state });
}

filterInput.addEventListener('input', () => {
  state.filter = filterInput.value.slice(0, MAX_FILTER_LENGTH);
  save();
  scheduleRows();
});

pauseButton.addEventListener('click', () => bridge.post({ type: SecurityEventsToHost.SetPaused, paused: !state.paused }));

const scheduleRows = frameScheduler(() => {
  for (const tab of EVENT_TABS) {
    const all = buffers[tab].snapshot();
    tabs.setLabel(tab, `${TAB_TITLES[tab]} (${all.length})`);
    if (tab !== state.tab) continue;
    const inTime = timeFilter ? all.filter((r) => r.time >= timeFilter!.from && r.time < timeFilter!.to) : all;
    const shown = applyFilter(inTime, state.filter);
    const emptyText =
      status.state !== 'ready' && all.length === 0
        ? 'No events to show yet.'
        : all.length === 0
          ? EMPTY_TEXT[tab]
          : timeFilter
            ? `No rows ${state.filter ? 'match the filter ' : ''}between ${chipText(timeFilter)} (the list keeps the newest rows only).`
            : 'No rows match the filter.';
    tables[tab].render(shown, emptyText);
    filterCount.textContent = state.filter || timeFilter ? `${shown.length} of ${all.length} shown` : '';
  }
});

function renderPaused(): void {
  pauseButton.textContent = state.paused ? 'Resume' : 'Pause';
  pauseButton.setAttribute('aria-pressed', String(state.paused));
  pauseButton.setAttribute('aria-label', state.paused ? 'Resume the live list' : 'Pause the live list');
  liveText.textContent = status.state !== 'ready' ? '' : state.paused ? 'Paused' : 'Live';
  // The dot means "rows are arriving": only while the store answers.
  liveText.dataset.mode = status.state !== 'ready' ? 'off' : state.paused ? 'paused' : 'live';
}

function renderHistogram(): void {
  if (!histogram) return;
  const total = histogram.counts.reduce((a, b) => a + b, 0);
  histogramChart.update({
    from: histogram.from,
    to: histogram.to,
    bucketMs: histogram.bucketMs,
    counts: histogram.counts,
    markers: histogram.markers,
    ...(focusRange ? { focus: focusRange } : {}),
  });
  histogramCaption.textContent = `Failed logins per ${Math.round(histogram.bucketMs / 1000)} s, last 15 minutes (total ${total}). Click a bar (or Enter on it) to list only its interval.`;
}

onHostMessage(parseSecurityEventsToPage, (message) => {
  switch (message.type) {
    case SecurityEventsToPage.Status:
      status = message;
      renderSourceState(stateBox, message, 'Elasticsearch', bridge.post);
      renderPaused();
      scheduleRows();
      return;
    case SecurityEventsToPage.Events:
      if (message.replace) buffers[message.tab].clear();
      buffers[message.tab].add(message.rows);
      scheduleRows();
      return;
    case SecurityEventsToPage.Histogram:
      histogram = message;
      renderHistogram();
      return;
    case SecurityEventsToPage.Top:
      topSources.render(message.sources);
      topUsers.render(message.users);
      return;
    case SecurityEventsToPage.Dropped:
      droppedNotice.hidden = message.count <= 0;
      droppedNotice.textContent =
        message.count > 0
          ? `${message.count} event${message.count === 1 ? '' : 's'} dropped by the app since it started: they never reached Elasticsearch, so the lists and counts here may be missing some of them (the app's log output still has them: Stack view → app → Show Logs).`
          : '';
      return;
    case SecurityEventsToPage.Paused:
      state.paused = message.paused;
      save();
      renderPaused();
      return;
    case SecurityEventsToPage.Focus:
      if (message.evidence.sourceIp) {
        state.filter = message.evidence.sourceIp;
        filterInput.value = state.filter;
      }
      focusRange = message.evidence.from !== undefined ? { from: message.evidence.from, to: message.evidence.to ?? Date.now() } : undefined;
      tabs.select(message.evidence.tab ?? 'failed-logins', false);
      save();
      renderHistogram();
      scheduleRows();
      return;
  }
});

renderPaused();
topSources.render([]);
topUsers.render([]);
scheduleRows();
bridge.post({ type: CommonToHost.Ready });
