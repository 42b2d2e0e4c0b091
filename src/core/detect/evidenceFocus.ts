// Where an alert's evidence is shown: which panel, filtered to what. Plain data; the editor maps a panel to
// its command (Security Events for log rules, System Metrics for metric rules, the Stack view for services).
// The Security Events part is that panel's own focus (source, tab, range: the argument of its open command),
// defined once in its protocol file, here with the range required.
import type { SecurityEventsFocus } from '../../shared/securityEventsProtocol';
import type { Alert } from './alert';

export type EvidenceFocus =
  | ({ panel: 'security-events'; from: number; to: number } & SecurityEventsFocus)
  | { panel: 'system-metrics'; from: number; to: number }
  | { panel: 'stack'; services: string[] };

/** Margin before the evidence window, so the view shows the quiet time before the attack too. */
const LEAD_MS = 30_000;

export function evidenceFocus(alert: Alert, now: number): EvidenceFocus {
  const from = alert.span.from - LEAD_MS;
  const to = Math.max(alert.clearedAt ?? now, alert.span.to);
  switch (alert.ruleId) {
    case 'brute-force': {
      // The worst source first; the panel filters to it.
      const top = alert.evidence.subjects[0] ?? alert.subjectsSeen[0];
      return { panel: 'security-events', ...(top ? { sourceIp: top.name } : {}), from, to };
    }
    case 'error-burst':
      // The evidence is the error events: the panel opens on its Errors tab (its default tab is failed logins).
      return { panel: 'security-events', tab: 'errors', from, to };
    // The panel says how many events the app dropped, next to the ones that arrived.
    case 'events-dropped':
      return { panel: 'security-events', from, to };
    case 'high-cpu':
    case 'high-memory':
      return { panel: 'system-metrics', from, to };
    case 'container-down':
      return { panel: 'stack', services: alert.subjectsSeen.map((s) => s.name) };
  }
}
