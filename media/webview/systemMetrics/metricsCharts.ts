// System Metrics' time-series charts: host CPU and memory (each with its headline numbers, its rule's thresholds
// and the moments its alert fired), and one chart per container under the container card's sparkline headline.
// Chart instances live as long as the page: a new message updates them (a zoom survives a refresh).
import type { AlertMoment, ThresholdLine } from '../../../src/core/charts';
import { bandsWithFocus, scenarioBands } from '../../../src/core/charts';
import { summarize } from '../../../src/shared/chart/sparkline';
import { formatBytes, formatPercent } from '../../../src/shared/format';
import type { Point, ScenarioMarker } from '../../../src/shared/panelProtocol';
import { h, setChildren } from '../common/dom';
import { TimeChart } from '../common/timeChart';
import { metricCard } from './metricCard';
import { fill, pageText, text } from '../common/strings';

export const HOST_CHART_HEIGHT = 220;
export const CONTAINER_CHART_HEIGHT = 150;

/** The headline above a chart: the latest value, and the range's min and max. */
function headline(points: readonly Point[]): HTMLElement[] {
  const summary = summarize(points);
  return [
    h('span', { class: 'current' }, formatPercent(summary.current)),
    h('span', { class: 'range muted' }, fill(pageText('metricRange'), formatPercent(summary.min), formatPercent(summary.max))),
  ];
}

export interface HostChartView {
  from: number;
  to: number;
  cpu: readonly Point[];
  memory: readonly Point[];
  markers: readonly ScenarioMarker[];
  thresholds: { cpu: readonly ThresholdLine[]; memory: readonly ThresholdLine[] };
  alerts: { cpu: readonly AlertMoment[]; memory: readonly AlertMoment[] };
  /** An alert's evidence range, highlighted. */
  focus?: { from: number; to: number };
}

export interface HostCharts {
  element: HTMLElement;
  update(view: HostChartView): void;
}

export function createHostCharts(): HostCharts {
  const make = (metric: 'CPU' | 'Memory', title: string) => {
    const now = h('p', { class: 'metric-now' });
    const chart = new TimeChart({ title, height: HOST_CHART_HEIGHT });
    const card = h('article', { class: 'metric-card host-chart', 'data-metric': metric }, h('h3', { class: 'metric-title' }, title), now, chart.element);
    return { card, now, chart };
  };
  const cpu = make('CPU', pageText('hostCpuTitle'));
  const memory = make('Memory', pageText('hostMemoryTitle'));
  const element = h('div', { class: 'host-charts' }, cpu.card, memory.card);
  return {
    element,
    update(view) {
      const bands = bandsWithFocus(view.markers, view.from, view.to, view.focus && { ...view.focus, label: text('alertEvidence') });
      setChildren(cpu.now, ...headline(view.cpu));
      setChildren(memory.now, ...headline(view.memory));
      cpu.chart.update({
        from: view.from,
        to: view.to,
        unit: 'percent',
        series: [{ label: pageText('cpu'), role: 'cpu', points: view.cpu }],
        bands,
        thresholds: view.thresholds.cpu,
        alerts: view.alerts.cpu,
        emptyText: pageText('noCpuSamples'),
      });
      memory.chart.update({
        from: view.from,
        to: view.to,
        unit: 'percent',
        series: [{ label: pageText('memory'), role: 'memory', points: view.memory }],
        bands,
        thresholds: view.thresholds.memory,
        alerts: view.alerts.memory,
        emptyText: pageText('noMemorySamples'),
      });
    },
  };
}

export interface ContainerView {
  service: string;
  cpuPercent: readonly Point[];
  memoryPercent: readonly Point[];
  memoryUsed: readonly Point[];
  memoryBytes: number;
  memoryLimitBytes: number;
}

const SPARK = { width: 160, height: 32 };

/**
 * One card per container: the sparkline headline (CPU and memory at a glance), then a CPU chart (percent) and a
 * memory chart in binary units with the container's limit as a line. Cards are kept by service, so their charts
 * (and zoom) survive the next message.
 */
export function createContainerCards(holder: HTMLElement): {
  update(from: number, to: number, services: readonly ContainerView[], markers: readonly ScenarioMarker[]): void;
} {
  const cards = new Map<string, { card: HTMLElement; glance: HTMLElement; cpu: TimeChart; memory: TimeChart }>();
  return {
    update(from, to, services, markers) {
      const x: [number, number] = [from, to];
      const seen = new Set<string>();
      const ordered: HTMLElement[] = [];
      const bands = scenarioBands(markers, from, to);
      for (const svc of services) {
        seen.add(svc.service);
        let entry = cards.get(svc.service);
        if (!entry) {
          const glance = h('div', { class: 'container-glance' });
          const cpu = new TimeChart({ title: fill(pageText('serviceCpu'), svc.service), height: CONTAINER_CHART_HEIGHT });
          const memory = new TimeChart({ title: fill(pageText('serviceMemory'), svc.service), height: CONTAINER_CHART_HEIGHT });
          const card = h('article', { class: 'container-card', 'data-service': svc.service }, h('h3', {}, svc.service), glance, cpu.element, memory.element);
          entry = { card, glance, cpu, memory };
          cards.set(svc.service, entry);
        }
        const limited = svc.memoryLimitBytes > 0;
        setChildren(
          entry.glance,
          metricCard({ title: pageText('cpu'), points: svc.cpuPercent, x, markers, size: SPARK, headingLevel: 'h4' }),
          metricCard({
            title: pageText('memory'),
            points: svc.memoryPercent,
            x,
            markers,
            size: SPARK,
            headingLevel: 'h4',
            ...(limited ? {} : { emptyText: pageText('noMemoryLimit') }),
            note: limited
              ? fill(pageText('memoryOf'), formatBytes(svc.memoryBytes), formatBytes(svc.memoryLimitBytes))
              : fill(pageText('memoryNoLimit'), formatBytes(svc.memoryBytes)),
          }),
        );
        const emptyText = pageText('containerNoSamples');
        entry.cpu.update({ from, to, unit: 'percent', series: [{ label: pageText('cpu'), role: 'cpu', points: svc.cpuPercent }], bands, emptyText });
        // Memory in bytes on a binary axis. The limit (where the engine would kill it) is a line when it is near the
        // usage; a far-away limit (Docker reports the host's memory for an unlimited container) is only named below.
        const peak = Math.max(0, ...svc.memoryUsed.map(([, v]) => v ?? 0));
        const limitNear = limited && svc.memoryLimitBytes <= 2 * peak;
        entry.memory.update({
          from,
          to,
          unit: 'bytes',
          series: [{ label: pageText('memory'), role: 'memory', points: svc.memoryUsed }],
          scaleValues: limitNear ? [svc.memoryLimitBytes] : [],
          bands,
          thresholds: limited
            ? [{ value: svc.memoryLimitBytes, label: fill(pageText('memoryLimitLine'), formatBytes(svc.memoryLimitBytes)), role: 'threshold' }]
            : [],
          emptyText,
        });
        ordered.push(entry.card);
      }
      for (const [service, entry] of cards) {
        if (seen.has(service)) continue;
        entry.cpu.destroy();
        entry.memory.destroy();
        cards.delete(service);
      }
      // Re-attach only when the set or order changed: moving a node drops its focus (a chart being read by keyboard).
      const current = [...holder.children];
      if (current.length !== ordered.length || current.some((el, i) => el !== ordered[i])) setChildren(holder, ...ordered);
    },
  };
}
