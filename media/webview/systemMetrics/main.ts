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
  SystemMetricsToHost,
  SystemMetricsToPage,
  parseMetricsViewState,
  parseSystemMetricsToPage,
} from '../../../src/shared/systemMetricsProtocol';
import { h, setChildren } from '../common/dom';
import { renderSourceState, sourceStateBox } from '../common/sourceState';
import { createWindowPicker } from '../common/timeChart';
import { connect, onHostMessage } from '../common/vscodeApi';
import { createContainerCards, createHostCharts } from './metricsCharts';

const bridge = connect<MetricsViewState, SystemMetricsToHost>(parseMetricsViewState);
const state = bridge.loadState();
bridge.saveState(state);

const WINDOW_TEXT: Record<MetricsWindow, string> = {
  '5m': 'Last 5 minutes',
  '15m': 'Last 15 minutes',
  '1h': 'Last hour',
  run: 'This scenario run',
  evidence: 'Back to the alert’s evidence',
};

/** The window the user just picked, until the host's answer for it arrives (older answers are not shown meanwhile). */
let pending: ChartWindowKey | undefined;

const stateBox = sourceStateBox();
const hostRange = h('p', { class: 'muted axis-text', 'aria-live': 'polite' });
const picker = createWindowPicker(CHART_WINDOWS, state.window, (window) => {
  state.window = window;
  bridge.saveState(state);
  pending = window;
  bridge.post({ type: SystemMetricsToHost.SetWindow, window });
  hostRange.textContent = `${WINDOW_TEXT[window]}: loading…`;
});
const hostCharts = createHostCharts();
const containerHolder = h('div', { class: 'cards container-cards' });
const containerCards = createContainerCards(containerHolder);
const containerNote = h('p', { class: 'muted' }, 'Waiting for container stats…');

setChildren(
  document.getElementById('app')!,
  h('header', { class: 'page-header' }, h('h1', {}, 'System Metrics'), picker.element),
  stateBox,
  h(
    'section',
    { class: 'host', 'aria-labelledby': 'host-heading' },
    h('h2', { id: 'host-heading', class: 'section-title' }, 'Host (Node Exporter)'),
    hostRange,
    h('p', { class: 'muted hint' }, 'Point at a chart to read its values; drag across it to zoom (Escape or Reset zoom to return). Arrow keys move the cursor when a chart has focus.'),
    hostCharts.element,
  ),
  h('section', { class: 'containers', 'aria-labelledby': 'containers-heading' }, h('h2', { id: 'containers-heading', class: 'section-title' }, 'Containers'), containerNote, containerHolder),
);

onHostMessage(parseSystemMetricsToPage, (message) => {
  switch (message.type) {
    case SystemMetricsToPage.Status:
      renderSourceState(stateBox, message, 'Prometheus', bridge.post);
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
        message.noRun ? 'No scenario run yet, so the last 15 minutes' : WINDOW_TEXT[message.window],
        `${formatShortClock(message.from)}–${formatShortClock(message.to)}`,
        `a point every ${Math.round(message.stepMs / 1000)} s`,
        message.startsAtFirstSample ? 'starting at the lab’s first sample' : '',
      ]
        .filter(Boolean)
        .join('; ');
      return;
    }
    case SystemMetricsToPage.Containers: {
      if (!message.available) containerNote.textContent = 'Per-container stats are not available (no stats sampler is running).';
      else if (message.services.length === 0) containerNote.textContent = 'No container stats yet: they appear while the lab runs and this panel is visible.';
      else containerNote.textContent = `${formatShortClock(message.from)}–${formatShortClock(message.to)}, sampled while this panel is visible.`;
      containerCards.update(message.from, message.to, message.services, message.markers);
      return;
    }
  }
});

bridge.post({ type: CommonToHost.Ready });
