// The System Metrics page: host CPU and RAM over the last 15 minutes (Prometheus), per-container CPU and
// memory from the stats sampler, scenario runs as bands on every chart.
import { formatBytes, formatShortClock } from '../../../src/shared/format';
import { CommonToHost } from '../../../src/shared/panelProtocol';
import {
  type MetricsViewState,
  SYSTEM_METRICS_STRING_KEYS,
  type SystemMetricsToHost,
  SystemMetricsToPage,
  parseMetricsViewState,
  parseSystemMetricsInit,
  parseSystemMetricsToPage,
} from '../../../src/shared/systemMetricsProtocol';
import { h, setChildren } from '../common/dom';
import { createScenarioLegend } from '../common/legend';
import { renderSourceState, sourceStateBox } from '../common/sourceState';
import { connect, onHostMessage } from '../common/vscodeApi';
import { metricCard } from './metricCard';
import { fill, loadStrings } from '../common/strings';

/** Every sentence this page shows, from the host in the user's language. */
const S = loadStrings(parseSystemMetricsInit, SYSTEM_METRICS_STRING_KEYS);
const bridge = connect<MetricsViewState, SystemMetricsToHost>(parseMetricsViewState);
bridge.saveState(bridge.loadState());

const SMALL = { width: 160, height: 32 };

const stateBox = sourceStateBox();
const hostCards = h('div', { class: 'cards host-cards' });
const hostRange = h('p', { class: 'muted axis-text' });
const legend = createScenarioLegend();
const containerCards = h('div', { class: 'cards container-cards' });
const containerNote = h('p', { class: 'muted' }, S.waitingForStats);

setChildren(
  document.getElementById('app')!,
  h('header', { class: 'page-header' }, h('h1', {}, S.title)),
  stateBox,
  h('section', { class: 'host', 'aria-labelledby': 'host-heading' }, h('h2', { id: 'host-heading', class: 'section-title' }, S.hostHeading), hostRange, hostCards, legend.element),
  h('section', { class: 'containers', 'aria-labelledby': 'containers-heading' }, h('h2', { id: 'containers-heading', class: 'section-title' }, S.containersHeading), containerNote, containerCards),
);

onHostMessage(parseSystemMetricsToPage, (message) => {
  switch (message.type) {
    case SystemMetricsToPage.Status:
      renderSourceState(stateBox, message, 'Prometheus', bridge.post);
      return;
    case SystemMetricsToPage.Host: {
      const x: [number, number] = [message.from, message.to];
      setChildren(
        hostCards,
        metricCard({ title: S.cpu, points: message.cpu.points, x, markers: message.markers }),
        metricCard({ title: S.memory, points: message.memory.points, x, markers: message.markers }),
      );
      hostRange.textContent = fill(S.hostRange, formatShortClock(message.from), formatShortClock(message.to), message.cpu.points.length);
      legend.render(message.markers);
      return;
    }
    case SystemMetricsToPage.Containers: {
      const x: [number, number] = [message.from, message.to];
      if (!message.available) containerNote.textContent = S.statsUnavailable;
      else if (message.services.length === 0) containerNote.textContent = S.noStatsYet;
      else containerNote.textContent = fill(S.containersRange, Math.round((message.to - message.from) / 60_000));
      setChildren(
        containerCards,
        ...message.services.map((svc) =>
          h(
            'article',
            { class: 'container-card', 'data-service': svc.service },
            h('h3', {}, svc.service),
            metricCard({ title: S.cpu, points: svc.cpuPercent, x, markers: message.markers, size: SMALL, headingLevel: 'h4' }),
            metricCard({
              title: S.memory,
              points: svc.memoryPercent,
              x,
              markers: message.markers,
              size: SMALL,
              headingLevel: 'h4',
              ...(svc.memoryLimitBytes > 0 ? {} : { emptyText: S.noMemoryLimit }),
              note: svc.memoryLimitBytes > 0 ? fill(S.memoryOf, formatBytes(svc.memoryBytes), formatBytes(svc.memoryLimitBytes)) : fill(S.memoryNoLimit, formatBytes(svc.memoryBytes)),
            }),
          ),
        ),
      );
      return;
    }
  }
});

bridge.post({ type: CommonToHost.Ready });
