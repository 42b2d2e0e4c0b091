// Turns a failed evaluation into a short, stable status line. Stable matters: the status is reported once
// when it changes, not on every tick, so an unreachable Elasticsearch cannot become a storm of messages.
import { LogQueryError, LogStoreUnreachableError } from '../logs/logStore';
import { PrometheusQueryError, PrometheusUnreachableError } from '../metrics/prometheusClient';
import type { Rule } from './rule';
import { NoMetricDataError } from './rules/sustainedMetric';

export interface EvaluationProblem {
  /** Short and stable across ticks, e.g. "cannot evaluate: Elasticsearch unreachable". */
  reason: string;
  /** The underlying message (may vary between ticks; not compared). */
  detail: string;
}

export function describeEvaluationError(rule: Pick<Rule, 'source'>, err: unknown): EvaluationProblem {
  const detail = err instanceof Error ? err.message : String(err);
  if (err instanceof LogStoreUnreachableError || err instanceof PrometheusUnreachableError || isNetworkError(err)) {
    return { reason: `cannot evaluate: ${rule.source} unreachable`, detail };
  }
  if (err instanceof LogQueryError || err instanceof PrometheusQueryError) return { reason: `cannot evaluate: ${rule.source} rejected the query`, detail };
  if (err instanceof NoMetricDataError) return { reason: `cannot evaluate: no data from ${rule.source}`, detail };
  return { reason: `cannot evaluate: ${rule.source} request failed`, detail };
}

/** Plain network failures from fetch or sockets, for sources that do not wrap them. */
function isNetworkError(err: unknown): boolean {
  const code = (err as { code?: unknown; cause?: { code?: unknown } } | null)?.code ?? (err as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ENOENT', 'EPIPE'].includes(code);
}
