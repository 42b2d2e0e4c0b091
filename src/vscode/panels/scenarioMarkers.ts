// Scenario records (src/core/scenarios) as chart markers: only what a chart needs, with a readable label. The label
// comes from the kind's scenario descriptor (src/core/scenarios/catalog.ts); its colour from the `marker-<kind>`
// class in media/panels.css, whose tones the catalog's unit test checks against each descriptor's marker tone.
import { scenarioLabel } from '../../core/scenarios/catalog';
import type { ScenarioRecord } from '../../core/scenarios/records';
import type { ScenarioMarker } from '../../shared/panelProtocol';

export { scenarioLabel };

export function toMarker(record: ScenarioRecord): ScenarioMarker {
  const marker: ScenarioMarker = {
    id: record.id,
    kind: record.kind,
    label: `${scenarioLabel(record.kind)} (${record.outcome})`,
    start: record.startedAt,
    outcome: record.outcome,
  };
  if (record.endedAt !== undefined) marker.end = record.endedAt;
  return marker;
}
