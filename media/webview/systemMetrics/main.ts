// The System Metrics page: host CPU and RAM over the last 15 minutes (Prometheus), per-container CPU and
// memory from the stats sampler, scenario runs as bands on every chart.
import { formatBytes, formatShortClock } from '../../../src/shared/format';
import { CommonToHost } from '../../../src/shared/panelProtocol';
import { type MetricsViewState, type SystemMetricsToHost, SystemMetricsToPage, parseMetricsViewState, parseSystemMetricsToPage } from '../../../src/shared/systemMetricsProtocol';
import { h, setChildren } from '../common/dom';
import { createScenarioLegend } from '../common/legend';
import { renderSourceState, sourceStateBox } from '../common/sourceState';
import { connect, onHostMessage } from '../common/vscodeApi';
import { metricCard } from './metricCard';

const bridge = connect<MetricsViewState, SystemMetricsToHost>(parseMetricsViewState);
bridge.saveState(bridge.loadState());

const SMALL = { width: 160, height: 32 };

const stateBox = sourceStateBox();
const hostCards = h('div', { class: 'cards host-cards' });
const hostRange = h('p', { class: 'muted axis-text' });
const legend = createScenarioLegend();
const containerCards = h('div', { class: 'cards container-cards' });
const containerNote = h('p', { class: 'muted' }, 'Waiting for container stats…');

setChildren(
  document.getElementById('app')!,
  h('header', { class: 'page-header' }, h('h1', {}, 'System Metrics')),
  stateBox,
  h('section', { class: 'host', 'aria-labelledby': 'host-heading' }, h('h2', { id: 'host-heading', class: 'section-title' }, 'Host (Node Exporter)'), hostRange, hostCards, legend.element),
  h('section', { class: 'containers', 'aria-labelledby': 'containers-heading' }, h('h2', { id: 'containers-heading', class: 'section-title' }, 'Containers'), containerNote, containerCards),
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
        metricCard({ title: 'CPU', points: message.cpu.points, x, markers: message.markers }),
        metricCard({ title: 'Memory', points: message.memory.points, x, markers: message.markers }),
      );
      hostRange.textContent = `Last 15 minutes, ${formatShortClock(message.from)}–${formatShortClock(message.to)}; ${message.cpu.points.length} points per series`;
      legend.render(message.markers);
      return;
    }
    case SystemMetricsToPage.Containers: {
      const x: [number, number] = [message.from, message.to];
      if (!message.available) containerNote.textContent = 'Per-container stats are not available (no stats sampler is running).';
      else if (message.services.length === 0) containerNote.textContent = 'No container stats yet: they appear while the lab runs and this panel is visible.';
      else containerNote.textContent = `Last ${Math.round((message.to - message.from) / 60_000)} minutes, sampled while this panel is visible.`;
      setChildren(
        containerCards,
        ...message.services.map((svc) =>
          h(
            'article',
            { class: 'container-card', 'data-service': svc.service },
            h('h3', {}, svc.service),
            metricCard({ title: 'CPU', points: svc.cpuPercent, x, markers: message.markers, size: SMALL, headingLevel: 'h4' }),
            metricCard({
              title: 'Memory',
              points: svc.memoryPercent,
              x,
              markers: message.markers,
              size: SMALL,
              headingLevel: 'h4',
              ...(svc.memoryLimitBytes > 0 ? {} : { emptyText: 'No memory limit set, so no percentage.' }),
              note: svc.memoryLimitBytes > 0 ? `${formatBytes(svc.memoryBytes)} of ${formatBytes(svc.memoryLimitBytes)}` : `${formatBytes(svc.memoryBytes)} (no limit)`,
            }),
          ),
        ),
      );
      return;
    }
  }
});

bridge.post({ type: CommonToHost.Ready });
