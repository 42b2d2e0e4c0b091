// Which scenario run caused an alert: a record of the matching kind whose run overlaps the evidence. Which kind a
// rule's alerts come from is each scenario descriptor's `traits.rule` (src/core/scenarios/catalog.ts).
// Attribution only labels an alert; detection never reads the scenario runner's own counts.
import { kindForRule } from '../scenarios/catalog';
import type { ScenarioRecord } from '../scenarios/records';
import type { ScenarioAttribution } from './alert';
import type { RuleId } from './rule';

/** The most recent overlapping record of the rule's kind; none for rules no scenario causes (container down). */
export function attributeScenario(ruleId: RuleId, overlapping: readonly ScenarioRecord[]): ScenarioAttribution | undefined {
  const kind = kindForRule(ruleId);
  if (!kind) return undefined;
  const match = overlapping.filter((r) => r.kind === kind).sort((a, b) => b.startedAt - a.startedAt)[0];
  if (!match) return undefined;
  const attribution: ScenarioAttribution = { id: match.id, kind: match.kind, startedAt: match.startedAt };
  if (match.endedAt !== undefined) attribution.endedAt = match.endedAt;
  return attribution;
}
