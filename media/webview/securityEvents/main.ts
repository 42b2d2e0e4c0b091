// The Security Events page: state box, histogram with scenario markers, top lists, and two tabs of
// live rows (failed logins, errors) with a filter and pause/resume. Data arrives from the host.
import { CommonToHost, CommonToPage, type SourceStatus } from '../../../src/shared/panelProtocol';
import {
  EVENT_TABS,
  type EventRow,
  type EventTab,
  type HistogramMessage,
  type IntervalRowsMessage,
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
/**
 * The host's answer for the picked interval, per tab: its rows read from Elasticsearch, so the filtered table is
 * complete even where the rows held here (the newest only) do not reach. Missing while the answer is on its way.
 */
let intervalAnswers: Partial<Record<EventTab, IntervalRowsMessage>> = {};

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
  intervalAnswers = {};
  if (filter) bridge.post({ type: SecurityEventsToHost.ShowInterval, from: filter.from, to: filter.to });
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
/** About the picked interval's rows: still being read, more than were sent, or not readable. */
const intervalNote = h('p', { class: 'muted interval-note', role: 'status', hidden: true });
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
  intervalNote,
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

/**
 * The rows of the picked interval on a tab: those held here that fall in it, with the host's answer from
 * Elasticsearch (each row once, newest first); only the held ones until the answer arrives or when it failed.
 */
function intervalRows(tab: EventTab, held: readonly EventRow[], filter: TimeFilter): EventRow[] {
  const inside = held.filter((r) => r.time >= filter.from && r.time < filter.to);
  const answer = intervalAnswers[tab];
  if (!answer || answer.error !== undefined || answer.rows.length === 0) return inside;
  const merged = new RowBuffer(answer.rows.length + inside.length);
  merged.add(answer.rows);
  merged.add(inside);
  return merged.snapshot();
}

function intervalNoteText(tab: EventTab, filter: TimeFilter): string {
  const answer = intervalAnswers[tab];
  if (!answer) return fill(S.intervalLoading, chipText(filter));
  if (answer.error !== undefined) return fill(S.intervalFailed, chipText(filter), answer.error);
  if (answer.truncated) return fill(S.intervalTruncated, answer.rows.length, chipText(filter));
  return '';
}

const scheduleRows = frameScheduler(() => {
  for (const tab of EVENT_TABS) {
    const all = buffers[tab].snapshot();
    tabs.setLabel(tab, `${TAB_TITLES[tab]} (${all.length})`);
    if (tab !== state.tab) continue;
    const inTime = timeFilter ? intervalRows(tab, all, timeFilter) : all;
    const shown = applyFilter(inTime, state.filter);
    const note = timeFilter ? intervalNoteText(tab, timeFilter) : '';
    const emptyText = timeFilter
      ? note || fill(state.filter ? S.noRowsMatchBetween : S.noRowsBetween, chipText(timeFilter))
      : status.state !== 'ready' && all.length === 0
        ? S.noEventsYet
        : all.length === 0
          ? EMPTY_TEXT[tab]
          : S.noRowsMatch;
    tables[tab].render(shown, emptyText);
    intervalNote.textContent = shown.length > 0 ? note : '';
    intervalNote.hidden = shown.length === 0 || !note;
    filterCount.textContent = state.filter || timeFilter ? fill(S.filterCount, shown.length, inTime.length) : '';
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
      renderSourceState(stateBox, message, 'Elasticsearch', (m) => bridge.post(m));
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
    case SecurityEventsToPage.IntervalRows:
      // An answer for an interval no longer picked (another bar, or cleared) is dropped.
      if (timeFilter && message.from === timeFilter.from && message.to === timeFilter.to) {
        intervalAnswers[message.tab] = message;
        scheduleRows();
      }
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
