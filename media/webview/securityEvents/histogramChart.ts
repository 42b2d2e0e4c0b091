// Security Events' histogram as a bar chart with axes: hovering reads out the bucket's time and count, clicking a
// bar (or Enter on it) filters the table to that bucket's interval (the page then asks its host for the interval's
// rows: see main.ts). The filter shows as a chip next to the chart ("10:41:00–10:41:10 ×") whose button, or Escape
// in the chart, clears it, and as a highlight over the picked bar.
import type { ChartBand } from '../../../src/core/charts';
import { BAND_LANES, bandsWithFocus } from '../../../src/core/charts';
import { formatShortClock } from '../../../src/shared/format';
import type { ScenarioMarker } from '../../../src/shared/panelProtocol';
import { h } from '../common/dom';
import { TimeChart } from '../common/timeChart';
import { fill, pageText, text } from '../common/strings';

export interface TimeFilter {
  from: number;
  to: number;
}

export interface HistogramView {
  from: number;
  to: number;
  bucketMs: number;
  counts: readonly number[];
  markers: readonly ScenarioMarker[];
  /** An alert's evidence range, highlighted. */
  focus?: TimeFilter;
}

export interface HistogramChart {
  element: HTMLElement;
  chip: HTMLElement;
  update(view: HistogramView): void;
  setFilter(filter: TimeFilter | undefined): void;
}

export function chipText(filter: TimeFilter): string {
  return `${formatShortClock(filter.from)}–${formatShortClock(filter.to)}`;
}

export function createHistogramChart(noun: string, onFilter: (filter: TimeFilter | undefined) => void): HistogramChart {
  let filter: TimeFilter | undefined;
  const chart = new TimeChart({
    title: fill(pageText('histogramTitle'), noun),
    height: 140,
    kind: 'bars',
    countNoun: noun,
    onPick: (from, to) => set({ from, to }),
  });
  const chipLabel = h('span', { class: 'chip-label' });
  const clear = h('button', { type: 'button', class: 'chip-clear', 'aria-label': pageText('clearTimeFilter'), title: pageText('clearTimeFilter') }, '×');
  const chip = h(
    'span',
    { class: 'filter-chip', hidden: true, role: 'status' },
    h('span', { class: 'visually-hidden' }, pageText('showingOnly')),
    chipLabel,
    clear,
  );
  clear.addEventListener('click', () => set(undefined));
  chart.element.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && filter) {
      e.preventDefault();
      set(undefined);
    }
  });

  let last: HistogramView | undefined;

  function draw(): void {
    const view = last;
    if (!view) return;
    const bands: ChartBand[] = bandsWithFocus(view.markers, view.from, view.to, view.focus && { ...view.focus, label: text('alertEvidence') });
    // The picked bar, highlighted: which interval the table shows.
    if (filter && filter.to > view.from && filter.from < view.to)
      bands.push({
        id: 'picked',
        kind: 'focus',
        label: pageText('showingOnly').trim(),
        from: filter.from,
        to: filter.to,
        running: false,
        lane: bands.length % BAND_LANES,
      });
    chart.update({
      from: view.from,
      to: view.to,
      unit: 'count',
      bucketMs: view.bucketMs,
      series: [{ label: noun, role: 'events', points: view.counts.map((c, i) => [view.from + i * view.bucketMs, c]) }],
      bands,
    });
  }

  function render(): void {
    draw();
    chip.hidden = !filter;
    chipLabel.textContent = filter ? chipText(filter) : '';
    chip.dataset.from = filter ? String(filter.from) : '';
    chip.dataset.to = filter ? String(filter.to) : '';
  }

  function set(next: TimeFilter | undefined): void {
    filter = next;
    render();
    onFilter(filter);
  }

  return {
    element: chart.element,
    chip,
    update(view) {
      last = view;
      draw();
    },
    setFilter(next) {
      filter = next;
      render();
    },
  };
}
