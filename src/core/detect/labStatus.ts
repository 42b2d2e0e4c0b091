// The one-line state of the lab for a status bar or a terminal: health of the services, the most severe
// active alert, and whether detection is blind somewhere. Plain text; the editor adds icons and colours.
import { type Alert, type RuleStatus, compareAlerts } from './alert';
import { type LabState, currentTransition, isLabRunning, summarizeServices } from '../stack/labState';

export type StatusLevel = 'ok' | 'warning' | 'critical' | 'stopped';

export interface LabStatus {
  level: StatusLevel;
  /** e.g. "Lab: 4/4 healthy", "Lab: stopped". */
  lab: string;
  /** The most severe active alert's headline, e.g. "Brute-force login attempts: 203.0.113.7 (+1 more alert)". */
  alert?: string;
  /** The alert a click should show. */
  alertId?: string;
  /** Multi-line details for a tooltip. */
  details: string[];
}

const TRANSITIONS = {
  starting: { lab: 'Lab: starting…', detail: 'Waiting for the lab to start; detection begins when it is up.' },
  stopping: { lab: 'Lab: stopping…', detail: 'The lab is stopping; detection is paused.' },
  resetting: { lab: 'Lab: resetting…', detail: 'The lab is being reset; detection is paused.' },
} as const;

export function labStatus(lab: LabState, active: readonly Alert[], statuses: readonly RuleStatus[]): LabStatus {
  const transition = currentTransition(lab);
  if (transition) return { level: 'stopped', lab: TRANSITIONS[transition].lab, details: [TRANSITIONS[transition].detail] };
  if (!isLabRunning(lab)) return { level: 'stopped', lab: 'Lab: stopped', details: ['The lab is not running; detection is paused.'] };
  const summary = summarizeServices(lab.services ?? []);
  const starting = summary.starting ? `, ${summary.starting} starting` : '';
  const stopped = summary.stopped ? `, ${summary.stopped} stopped` : '';
  const labText = `Lab: ${summary.healthy}/${summary.total} healthy${starting}${stopped}`;
  const details = [labText, ...summary.down.map((d) => `${d.service}: ${d.problem}`)];
  const blind = statuses.filter((s): s is Extract<RuleStatus, { state: 'cannot-evaluate' }> => s.state === 'cannot-evaluate');
  for (const reason of new Set(blind.map((s) => s.reason))) {
    const rules = blind.filter((s) => s.reason === reason).map((s) => s.ruleId);
    details.push(`${capitalize(reason)} (${rules.join(', ')})`);
  }
  const sorted = [...active].sort(compareAlerts);
  const top = sorted[0];
  if (!top) return { level: summary.down.length || blind.length ? 'warning' : 'ok', lab: labText, details };
  const who = top.evidence.subjects.map((s) => s.name).slice(0, 2).join(', ');
  const more = sorted.length > 1 ? ` (+${sorted.length - 1} more alert${sorted.length > 2 ? 's' : ''})` : '';
  for (const a of sorted) details.push(`${a.severity.toUpperCase()} ${a.title}: ${a.evidence.summary}`);
  // Sorted most severe first: the top alert's severity is the lab's level.
  return { level: top.severity, lab: labText, alert: `${top.title}${who ? `: ${who}` : ''}${more}`, alertId: top.id, details };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
