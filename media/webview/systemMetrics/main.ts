// The System Metrics page: host CPU and memory over the chosen window (Prometheus) as time-series charts with the
// rules' thresholds and alert markers, per-container CPU and memory from the stats sampler (a sparkline headline
// and a chart per container), scenario runs as labelled bands on every chart. The window picker asks the host for
// the window's history; the host says which window each answer is for (an alert's evidence opens its own).
import { CHART_WINDOWS, type ChartWindowKey } from '../../../src/core/charts/windows';
import { formatShortClock } from '../../../src/shared/format';
import { CommonToHost } from '../../../src/shared/panelProtocol';
import {
  type MetricsViewState,
  type MetricsWindow,
  SYSTEM_METRICS_STRING_KEYS,
  SystemMetricsToHost,
  SystemMetricsToPage,
  parseMetricsViewState,
  parseSystemMetricsInit,
  parseSystemMetricsToPage,
} from '../../../src/shared/systemMetricsProtocol';
import { h, setChildren } from '../common/dom';
import { renderSourceState, sourceStateBox } from '../common/sourceState';
import { createWindowPicker } from '../common/timeChart';
import { connect, onHostMessage } from '../common/vscodeApi';
import { createContainerCards, createHostCharts } from './metricsCharts';
import { fill, loadStrings } from '../common/strings';

/** Every sentence this page shows, from the host in the user's language. */
const S = loadStrings(parseSystemMetricsInit, SYSTEM_METRICS_STRING_KEYS);
const bridge = connect<MetricsViewState, SystemMetricsToHost>(parseMetricsViewState);
const state = bridge.loadState();
bridge.saveState(state);

/**
 * Each window's words: what the line above the charts calls it, and (windows the picker offers) its button's
 * label. The 'evidence' window (an alert's look-back) has no button: the host opens it.
 */
const WINDOWS: { [K in MetricsWindow]: K extends ChartWindowKey ? { text: string; button: string } : { text: string } } = {
  '5m': { text: S.window5m, button: S.windowButton5m },
  '15m': { text: S.window15m, button: S.windowButton15m },
  '1h': { text: S.window1h, button: S.windowButton1h },
  run: { text: S.windowRun, button: S.windowButtonRun },
  evidence: { text: S.windowEvidence },
};

/** The window the user just picked, until the host's answer for it arrives (older answers are not shown meanwhile). */
let pending: ChartWindowKey | undefined;

const stateBox = sourceStateBox();
const hostRange = h('p', { class: 'muted axis-text', 'aria-live': 'polite' });
const picker = createWindowPicker(
  CHART_WINDOWS.map((w) => ({ key: w.key, label: WINDOWS[w.key].button })),
  state.window,
  (window) => {
    state.window = window;
    bridge.saveState(state);
    pending = window;
    bridge.post({ type: SystemMetricsToHost.SetWindow, window });
    hostRange.textContent = fill(S.windowLoading, WINDOWS[window].text);
  },
);
const hostCharts = createHostCharts();
const containerHolder = h('div', { class: 'cards container-cards' });
const containerCards = createContainerCards(containerHolder);
const containerNote = h('p', { class: 'muted' }, S.waitingForStats);

setChildren(
  document.getElementById('app')!,
  h('header', { class: 'page-header' }, h('h1', {}, S.title), picker.element),
  stateBox,
  h(
    'section',
    { class: 'host', 'aria-labelledby': 'host-heading' },
    h('h2', { id: 'host-heading', class: 'section-title' }, S.hostHeading),
    hostRange,
    h('p', { class: 'muted hint' }, S.chartHint),
    hostCharts.element,
  ),
  h(
    'section',
    { class: 'containers', 'aria-labelledby': 'containers-heading' },
    h('h2', { id: 'containers-heading', class: 'section-title' }, S.containersHeading),
    containerNote,
    containerHolder,
  ),
);

onHostMessage(parseSystemMetricsToPage, (message) => {
  switch (message.type) {
    case SystemMetricsToPage.Status:
      renderSourceState(stateBox, message, 'Prometheus', (m) => bridge.post(m));
      return;
    case SystemMetricsToPage.Host: {
      if (pending !== undefined && message.window !== pending) return;
      pending = undefined;
      picker.select(message.window);
      hostCharts.update({
        from: message.from,
        to: message.to,
        cpu: message.cpu.points,
        memory: message.memory.points,
        markers: message.markers,
        thresholds: message.thresholds,
        alerts: message.alerts,
        ...(message.focus ? { focus: message.focus } : {}),
      });
      hostRange.textContent = [
        message.noRun ? S.windowNoRun : WINDOWS[message.window].text,
        `${formatShortClock(message.from)}–${formatShortClock(message.to)}`,
        fill(S.pointEvery, Math.round(message.stepMs / 1000)),
        message.startsAtFirstSample ? S.startsAtFirstSample : '',
      ]
        .filter(Boolean)
        .join('; ');
      return;
    }
    case SystemMetricsToPage.Containers: {
      if (!message.available) containerNote.textContent = S.statsUnavailable;
      else if (message.services.length === 0) containerNote.textContent = S.noStatsYet;
      else containerNote.textContent = fill(S.containersSampled, formatShortClock(message.from), formatShortClock(message.to));
      containerCards.update(message.from, message.to, message.services, message.markers);
      return;
    }
  }
});

bridge.post({ type: CommonToHost.Ready });
