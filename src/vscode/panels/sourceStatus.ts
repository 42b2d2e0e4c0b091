// Turns a data-source failure into the state a panel shows, with text that says what to do.
import { LogQueryError, LogStoreUnreachableError } from '../../core/logs/logStore';
import { PrometheusQueryError, PrometheusUnreachableError } from '../../core/metrics/prometheusClient';
import { CommonToPage, type SourceStatus } from '../../shared/panelProtocol';

export type SourceName = 'Elasticsearch' | 'Prometheus';

export function stoppedStatus(source: SourceName): SourceStatus {
  return { type: CommonToPage.Status, state: 'stopped', detail: `Until it runs there is no ${source} to read from. Start the lab (the button below, or the Stack view); this panel fills in by itself once ${source} answers.` };
}

export function statusForError(source: SourceName, err: unknown): SourceStatus {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof LogStoreUnreachableError || err instanceof PrometheusUnreachableError) {
    return { type: CommonToPage.Status, state: 'unreachable', detail: `${message} If the lab was just started, ${source} may still be starting: this panel retries by itself.` };
  }
  if (err instanceof LogQueryError || err instanceof PrometheusQueryError) {
    return { type: CommonToPage.Status, state: 'error', detail: `${message} The panel keeps retrying; check the Monitoring Lab output for details.` };
  }
  return { type: CommonToPage.Status, state: 'error', detail: `Reading ${source} failed: ${message}` };
}

export function sameStatus(a: SourceStatus | undefined, b: SourceStatus): boolean {
  return a !== undefined && a.state === b.state && a.detail === b.detail;
}
