// Scenario records (src/core/scenarios) as chart markers: only what a chart needs, with a readable label in the
// user's language (monitoringLab.language). The label comes from the kind's scenario descriptor
// (src/core/scenarios/catalog.ts: its English name) through the string catalogue; its colour from the
// `marker-<kind>` class in media/panels.css, whose tones the catalog's unit test checks against each descriptor's
// marker tone.
import { t } from '../../core/l10n';
import { scenarioLabel } from '../../core/scenarios/catalog';
import type { ScenarioRecord } from '../../core/scenarios/records';
import type { ScenarioMarker } from '../../shared/panelProtocol';

export { scenarioLabel };

/**
 * The descriptors' English kind names in the current language. A name not listed here (a descriptor renamed
 * without a translation, a record from another version) shows as the descriptor says it.
 */
function translatedKindName(name: string): string {
  switch (name) {
    case 'Brute force':
      return t('Brute force');
    case 'Error burst':
      return t('Error burst');
    case 'CPU stress':
      return t('CPU stress');
    case 'Memory pressure':
      return t('Memory pressure');
    default:
      return name;
  }
}

/** "Brute force (completed)": the kind's name with how the run ended, as one sentence of the catalogue. */
export function markerLabel(kind: string, outcome: string): string {
  const name = translatedKindName(scenarioLabel(kind));
  switch (outcome) {
    case 'running':
      return t('{0} (running)', name);
    case 'completed':
      return t('{0} (completed)', name);
    case 'cancelled':
      return t('{0} (cancelled)', name);
    case 'failed':
      return t('{0} (failed)', name);
    default:
      return `${name} (${outcome})`;
  }
}

export function toMarker(record: ScenarioRecord): ScenarioMarker {
  const marker: ScenarioMarker = {
    id: record.id,
    kind: record.kind,
    label: markerLabel(record.kind, record.outcome),
    start: record.startedAt,
    outcome: record.outcome,
  };
  if (record.endedAt !== undefined) marker.end = record.endedAt;
  return marker;
}
