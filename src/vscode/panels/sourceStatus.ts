// Turns a data-source failure into the state a panel shows, with text that says what to do.
import { LogQueryError, LogStoreUnreachableError } from '../../core/logs/logStore';
import { PrometheusQueryError, PrometheusUnreachableError } from '../../core/metrics/prometheusClient';
import { CommonToPage, type SourceStatus } from '../../shared/panelProtocol';
import { t } from '../../core/l10n';

export type SourceName = 'Elasticsearch' | 'Prometheus';

export function stoppedStatus(source: SourceName): SourceStatus {
  return {
    type: CommonToPage.Status,
    state: 'stopped',
    detail: t(
      'Until it runs there is no {0} to read from. Start the lab (the button below, or the Stack view); this panel fills in by itself once {0} answers.',
      source,
    ),
  };
}

export function statusForError(source: SourceName, err: unknown): SourceStatus {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof LogStoreUnreachableError || err instanceof PrometheusUnreachableError) {
    return {
      type: CommonToPage.Status,
      state: 'unreachable',
      detail: t('{0} If the lab was just started, {1} may still be starting: this panel retries by itself.', message, source),
    };
  }
  if (err instanceof LogQueryError || err instanceof PrometheusQueryError) {
    return { type: CommonToPage.Status, state: 'error', detail: t('{0} The panel keeps retrying; check the Monitoring Lab output for details.', message) };
  }
  return { type: CommonToPage.Status, state: 'error', detail: t('Reading {0} failed: {1}', source, message) };
}

export function sameStatus(a: SourceStatus | undefined, b: SourceStatus): boolean {
  return a !== undefined && a.state === b.state && a.detail === b.detail;
}
