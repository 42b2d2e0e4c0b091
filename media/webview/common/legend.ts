// The legend under a chart: one entry per scenario run drawn as a band, with its time range. Shared by both
// pages; the swatch colour comes from the marker-<kind> class (media/panels.css), the text is text only.
import { formatShortClock } from '../../../src/shared/format';
import type { ScenarioMarker } from '../../../src/shared/panelProtocol';
import { h, setChildren } from './dom';
import { text } from './strings';

export interface ScenarioLegend {
  element: HTMLElement;
  render(markers: readonly ScenarioMarker[]): void;
}

/** "Brute force 14:03:07–14:03:42", or "…–now" for a run still going. */
function entryText(marker: ScenarioMarker): string {
  return `${marker.label} ${formatShortClock(marker.start)}–${marker.end ? formatShortClock(marker.end) : text('legendNow')}`;
}

export function createScenarioLegend(): ScenarioLegend {
  const element = h('ul', { class: 'legend', 'aria-label': text('legendLabel') });
  return {
    element,
    render(markers) {
      setChildren(element, ...markers.map((m) => h('li', { class: `legend-item marker-${m.kind}` }, h('span', { class: 'swatch', 'aria-hidden': 'true' }), entryText(m))));
    },
  };
}
