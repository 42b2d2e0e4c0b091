// Scenario records (src/core/scenarios) as chart markers: only what a chart needs, with a readable label.
import type { ScenarioKind } from '../../core/scenarios/params';
import type { ScenarioRecord } from '../../core/scenarios/records';
import type { ScenarioMarker } from '../../shared/panelProtocol';

/** Typed against ScenarioKind, so a new scenario kind fails to compile until it has a label. */
const KIND_LABELS: Record<ScenarioKind, string> = {
  'brute-force': 'Brute force',
  'error-burst': 'Error burst',
  'cpu-stress': 'CPU stress',
  'memory-pressure': 'Memory pressure',
};

export function scenarioLabel(kind: string): string {
  return (KIND_LABELS as Record<string, string>)[kind] ?? kind;
}

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
