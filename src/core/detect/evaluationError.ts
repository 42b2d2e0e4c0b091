// Turns a failed evaluation into a short, stable status line. Stable matters: the status is reported once
// when it changes, not on every tick, so an unreachable Elasticsearch cannot become a storm of messages.
import { LogQueryError, LogStoreUnreachableError } from '../logs/logStore';
import { PrometheusQueryError, PrometheusUnreachableError } from '../metrics/prometheusClient';
import type { Rule } from './rule';
import { NoMetricDataError } from './rules/sustainedMetric';
import { t } from '../l10n';

export interface EvaluationProblem {
  /** Short and stable across ticks, e.g. "cannot evaluate: Elasticsearch unreachable". */
  reason: string;
  /** The underlying message (may vary between ticks; not compared). */
  detail: string;
}

export function describeEvaluationError(rule: Pick<Rule, 'source'>, err: unknown): EvaluationProblem {
  const detail = err instanceof Error ? err.message : String(err);
  if (err instanceof LogStoreUnreachableError || err instanceof PrometheusUnreachableError || isNetworkError(err)) {
    return { reason: t('cannot evaluate: {0} unreachable', sourceName(rule.source)), detail };
  }
  if (err instanceof LogQueryError || err instanceof PrometheusQueryError)
    return { reason: t('cannot evaluate: {0} rejected the query', sourceName(rule.source)), detail };
  if (err instanceof NoMetricDataError) return { reason: t('cannot evaluate: no data from {0}', sourceName(rule.source)), detail };
  return { reason: t('cannot evaluate: {0} request failed', sourceName(rule.source)), detail };
}

/** Elasticsearch and Prometheus are names; "Docker engine" is words. */
function sourceName(source: Rule['source']): string {
  return source === 'Docker engine' ? t('Docker engine') : source;
}

/** Plain network failures from fetch or sockets, for sources that do not wrap them. */
function isNetworkError(err: unknown): boolean {
  const code = (err as { code?: unknown; cause?: { code?: unknown } } | null)?.code ?? (err as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ENOENT', 'EPIPE'].includes(code);
}
