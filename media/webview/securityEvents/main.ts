// The Security Events page: state box, histogram with scenario markers, top lists, and two tabs of
// live rows (failed logins, errors) with a filter and pause/resume. Data arrives from the host.
import { CommonToHost, CommonToPage, type SourceStatus } from '../../../src/shared/panelProtocol';
import {
  EVENT_TABS,
  type EventTab,
  type HistogramMessage,
  MAX_FILTER_LENGTH,
  SECURITY_EVENTS_STRING_KEYS,
  SecurityEventsToHost,
  SecurityEventsToPage,
  type SecurityViewState,
  parseSecurityEventsInit,
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
import { fill, loadStrings } from '../common/strings';

/** Every sentence this page shows, from the host in the user's language. */
const S = loadStrings(parseSecurityEventsInit, SECURITY_EVENTS_STRING_KEYS);
const bridge = connect<SecurityViewState, SecurityEventsToHost>(parseSecurityViewState);
const state: SecurityViewState = bridge.loadState();
const buffers: Record<EventTab, RowBuffer> = { 'failed-logins': new RowBuffer(), errors: new RowBuffer() };
let status: SourceStatus = { type: CommonToPage.Status, state: 'loading' };
let histogram: HistogramMessage | undefined;
let focusRange: { from: number; to: number } | undefined;
/** A histogram bar the user picked: the table shows only that interval until cleared. */
let timeFilter: TimeFilter | undefined;

const TAB_TITLES: Record<EventTab, string> = { 'failed-logins': S.tabFailedLogins, errors: S.tabErrors };
const EMPTY_TEXT: Record<EventTab, string> = { 'failed-logins': S.emptyFailedLogins, errors: S.emptyErrors };

// ----- layout -----
const stateBox = sourceStateBox();
/** Events the app could not deliver: rows this page will never show. Hidden while there are none. */
const droppedNotice = h('p', { class: 'notice warning', role: 'status', hidden: true });
const liveText = h('span', { class: 'live', role: 'status', 'aria-live': 'polite' });
const pauseButton = h('button', { type: 'button', class: 'secondary', 'aria-pressed': 'false' }, S.pause);
const histogramChart = createHistogramChart(S.histogramSeries, (filter) => {
  timeFilter = filter;
  scheduleRows();
});
const histogramCaption = h('p', { class: 'muted histogram-caption' }, S.histogramCaption);
const topSources = createTopList(S.topSources, S.topEmpty);
const topUsers = createTopList(S.topUsers, S.topEmpty);
const filterInput = h('input', {
  type: 'search',
  id: 'filter',
  placeholder: S.filterPlaceholder,
  maxlength: MAX_FILTER_LENGTH,
  spellcheck: 'false',
  autocomplete: 'off',
});
const filterCount = h('span', { class: 'muted', 'aria-live': 'polite' });
const tables = { 'failed-logins': createEventTable('failed-logins', S.tableFailedLogins), errors: createEventTable('errors', S.tableErrors) };
const panels = { 'failed-logins': h('div', {}, tables['failed-logins'].element), errors: h('div', {}, tables.errors.element) };
const tabs = createTabs(
  S.eventLists,
  EVENT_TABS.map((key) => ({ key, label: TAB_TITLES[key], panel: panels[key] })),
  state.tab,
  (key) => {
    state.tab = key;
    save();
    scheduleRows();
  },
);

filterInput.value = state.filter;
const app = document.getElementById('app')!;
setChildren(
  app,
  h('header', { class: 'page-header' }, h('h1', {}, S.title), h('div', { class: 'header-tools' }, liveText, pauseButton)),
  stateBox,
  droppedNotice,
  h(
    'section',
    { class: 'summary', 'aria-label': S.summaryLabel },
    h('div', { class: 'histogram-figure' }, histogramCaption, histogramChart.element),
    h('div', { class: 'tops' }, topSources.element, topUsers.element),
  ),
  h('div', { class: 'toolbar' }, h('label', { for: 'filter' }, S.filter), filterInput, histogramChart.chip, filterCount),
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
        ? S.noEventsYet
        : all.length === 0
          ? EMPTY_TEXT[tab]
          : timeFilter
            ? fill(state.filter ? S.noRowsMatchBetween : S.noRowsBetween, chipText(timeFilter))
            : S.noRowsMatch;
    tables[tab].render(shown, emptyText);
    filterCount.textContent = state.filter || timeFilter ? fill(S.filterCount, shown.length, all.length) : '';
  }
});

function renderPaused(): void {
  pauseButton.textContent = state.paused ? S.resume : S.pause;
  pauseButton.setAttribute('aria-pressed', String(state.paused));
  pauseButton.setAttribute('aria-label', state.paused ? S.resumeLabel : S.pauseLabel);
  liveText.textContent = status.state !== 'ready' ? '' : state.paused ? S.paused : S.live;
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
  histogramCaption.textContent = fill(S.histogramCaptionClick, Math.round(histogram.bucketMs / 1000), total);
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
      droppedNotice.textContent = message.count === 1 ? S.droppedOne : message.count > 0 ? fill(S.droppedMany, message.count) : '';
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
