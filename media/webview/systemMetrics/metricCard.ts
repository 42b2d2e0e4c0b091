// A card with one sparkline and its current/min/max: used for host CPU and RAM, and (small) per container.
import { summarize, percentDomain } from '../../../src/shared/chart/sparkline';
import type { Domain } from '../../../src/shared/chart/scale';
import { formatPercent } from '../../../src/shared/format';
import type { Point, ScenarioMarker } from '../../../src/shared/panelProtocol';
import type { ChartSize } from '../common/charts';
import { sparklineSvg } from '../common/charts';
import { h } from '../common/dom';
import { fill, pageText } from '../common/strings';
import type { SystemMetricsStringKey } from '../../../src/shared/systemMetricsProtocol';

export interface MetricCardData {
  title: string;
  points: readonly Point[];
  x: Domain;
  markers: readonly ScenarioMarker[];
  /** Extra text after the numbers, e.g. "312 MiB of 1 GiB". */
  note?: string;
  size?: ChartSize;
  /** Said instead of the chart's numbers when there is nothing to draw. */
  emptyText?: string;
  headingLevel?: 'h2' | 'h3' | 'h4';
}

export function metricCard(data: MetricCardData): HTMLElement {
  const summary = summarize(data.points);
  const numbers = fill(
    pageText<SystemMetricsStringKey>('metricNumbers'),
    formatPercent(summary.current),
    formatPercent(summary.min),
    formatPercent(summary.max),
  );
  const noData = summary.current === undefined;
  const chart = sparklineSvg({
    points: data.points,
    x: data.x,
    y: percentDomain(data.points),
    markers: data.markers,
    label: noData
      ? fill(pageText<SystemMetricsStringKey>('metricNoDataLabel'), data.title)
      : fill(pageText<SystemMetricsStringKey>('metricChartLabel'), data.title, numbers),
    ...(data.size ? { size: data.size } : {}),
  });
  const card = h(
    'article',
    { class: 'metric-card', 'data-metric': data.title },
    h(data.headingLevel ?? 'h2', { class: 'metric-title' }, data.title),
    h(
      'p',
      { class: 'metric-now' },
      h('span', { class: 'current' }, formatPercent(summary.current)),
      h('span', { class: 'range muted' }, fill(pageText<SystemMetricsStringKey>('metricRange'), formatPercent(summary.min), formatPercent(summary.max))),
    ),
    chart,
  );
  if (noData) card.append(h('p', { class: 'muted' }, data.emptyText ?? pageText<SystemMetricsStringKey>('metricNoData')));
  if (data.note) card.append(h('p', { class: 'muted note' }, data.note));
  return card;
}
