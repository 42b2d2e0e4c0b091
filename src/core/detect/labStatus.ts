// The one-line state of the lab for a status bar or a terminal: health of the services, the most severe
// active alert, and whether detection is blind somewhere. Plain text; the editor adds icons and colours.
import { type Alert, type RuleStatus, compareAlerts } from './alert';
import { type LabState, currentTransition, isLabRunning, summarizeServices } from '../stack/labState';
import { t } from '../l10n';

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

/** Read when asked, so the words follow the language in use. */
const TRANSITIONS = {
  starting: () => ({ lab: t('Lab: starting…'), detail: t('Waiting for the lab to start; detection begins when it is up.') }),
  stopping: () => ({ lab: t('Lab: stopping…'), detail: t('The lab is stopping; detection is paused.') }),
  resetting: () => ({ lab: t('Lab: resetting…'), detail: t('The lab is being reset; detection is paused.') }),
} as const;

export function labStatus(lab: LabState, active: readonly Alert[], statuses: readonly RuleStatus[]): LabStatus {
  const transition = currentTransition(lab);
  if (transition) {
    const words = TRANSITIONS[transition]();
    return { level: 'stopped', lab: words.lab, details: [words.detail] };
  }
  if (!isLabRunning(lab)) return { level: 'stopped', lab: t('Lab: stopped'), details: [t('The lab is not running; detection is paused.')] };
  const summary = summarizeServices(lab.services ?? []);
  const { healthy, total, starting, stopped } = summary;
  const labText =
    starting && stopped
      ? t('Lab: {0}/{1} healthy, {2} starting, {3} stopped', healthy, total, starting, stopped)
      : starting
        ? t('Lab: {0}/{1} healthy, {2} starting', healthy, total, starting)
        : stopped
          ? t('Lab: {0}/{1} healthy, {2} stopped', healthy, total, stopped)
          : t('Lab: {0}/{1} healthy', healthy, total);
  const details = [labText, ...summary.down.map((d) => `${d.service}: ${problemWord(d.problem)}`)];
  const blind = statuses.filter((s): s is Extract<RuleStatus, { state: 'cannot-evaluate' }> => s.state === 'cannot-evaluate');
  for (const reason of new Set(blind.map((s) => s.reason))) {
    const rules = blind.filter((s) => s.reason === reason).map((s) => s.ruleId);
    details.push(`${capitalize(reason)} (${rules.join(', ')})`);
  }
  const sorted = [...active].sort(compareAlerts);
  const top = sorted[0];
  if (!top) return { level: summary.down.length || blind.length ? 'warning' : 'ok', lab: labText, details };
  const who = top.evidence.subjects
    .map((s) => s.name)
    .slice(0, 2)
    .join(', ');
  const headline = who ? `${top.title}: ${who}` : top.title;
  const others = sorted.length - 1;
  const alert = others === 0 ? headline : others === 1 ? t('{0} (+1 more alert)', headline) : t('{0} (+{1} more alerts)', headline, others);
  for (const a of sorted)
    details.push(a.severity === 'critical' ? t('CRITICAL {0}: {1}', a.title, a.evidence.summary) : t('WARNING {0}: {1}', a.title, a.evidence.summary));
  // Sorted most severe first: the top alert's severity is the lab's level.
  return { level: top.severity, lab: labText, alert, alertId: top.id, details };
}

/** A service's problem (its container state, or "unhealthy") in the current language. */
function problemWord(problem: string): string {
  switch (problem) {
    case 'exited':
      return t('exited');
    case 'missing':
      return t('missing');
    case 'restarting':
      return t('restarting');
    case 'unhealthy':
      return t('unhealthy');
    default:
      return problem;
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
