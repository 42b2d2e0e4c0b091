// The only place that writes PromQL. Everyone else asks for a series by meaning, not by query text.

/** The job/instance labels an attached Prometheus is read with (monitoringLab.prometheus.job / .instance). */
export interface LabelScope {
  job?: string;
  instance?: string;
}

/** The host metrics this module reads from Node Exporter, and the scrape-health series: what a scope narrows. */
export const SCOPED_METRICS = ['node_cpu_seconds_total', 'node_memory_MemAvailable_bytes', 'node_memory_MemTotal_bytes', 'up'] as const;

/** A label matcher list for a scope: job="node",instance="host:9100" (values escaped as PromQL strings). */
export function scopeMatchers(scope: LabelScope | undefined): string {
  const quote = (v: string) => JSON.stringify(v);
  return [scope?.job ? `job=${quote(scope.job)}` : '', scope?.instance ? `instance=${quote(scope.instance)}` : ''].filter(Boolean).join(',');
}

/**
 * A query this module wrote, with every selector of a host metric (and `up`) narrowed to the scope's labels: the
 * panels, rules and report ask for "host CPU" as ever, and an attached Prometheus answers for the configured
 * target only. The app's own metric (lab_log_events_dropped_total) names its target by itself and stays as is.
 */
export function scopeQuery(query: string, scope: LabelScope | undefined): string {
  const matchers = scopeMatchers(scope);
  if (!matchers) return query;
  let out = query;
  for (const metric of SCOPED_METRICS) {
    // metric{…} gets the matchers first, metric{} and a bare metric get them as their only ones. A whole name only,
    // never inside a quoted label value.
    const selector = new RegExp(`(?<![\\w:"])${metric}(\\{\\}|\\{|(?![\\w:{"]))`, 'g');
    out = out.replace(selector, (_m, brace: string) => (brace === '{' ? `${metric}{${matchers},` : `${metric}{${matchers}}`));
  }
  return out;
}

/** Prometheus' advice: a rate() window should cover at least four scrapes, or it goes empty after one missed scrape. */
export function rateWindowSeconds(scrapeIntervalSeconds: number): number {
  if (!(scrapeIntervalSeconds > 0)) throw new RangeError(`scrape interval must be positive, got ${scrapeIntervalSeconds}`);
  return Math.ceil(4 * scrapeIntervalSeconds);
}

/** Host CPU busy ratio (0..1) from Node Exporter: 1 − the average idle rate over all cores. */
export function hostCpuBusy(scrapeIntervalSeconds: number, selector = ''): string {
  const w = rateWindowSeconds(scrapeIntervalSeconds);
  return `1 - avg(rate(node_cpu_seconds_total{mode="idle"${selector ? `,${selector}` : ''}}[${w}s]))`;
}

/** Host memory used ratio (0..1): what the kernel says is not available to new work. */
export function hostMemoryUsed(selector = ''): string {
  const s = selector ? `{${selector}}` : '';
  return `1 - node_memory_MemAvailable_bytes${s} / node_memory_MemTotal_bytes${s}`;
}

/** Host memory available, in bytes. */
export function hostMemoryAvailableBytes(selector = ''): string {
  return `node_memory_MemAvailable_bytes${selector ? `{${selector}}` : ''}`;
}

/**
 * Events the lab app could not deliver to Elasticsearch (they are only in its stdout), by reason
 * (buffer_overflow, rejected, shutdown): the increase over the last `windowSeconds`.
 */
export function appEventsDroppedIncrease(windowSeconds: number): string {
  return `sum by (reason) (increase(lab_log_events_dropped_total[${Math.max(1, Math.round(windowSeconds))}s]))`;
}

/** Every event the lab app dropped since it started. */
export function appEventsDroppedTotal(): string {
  return 'sum(lab_log_events_dropped_total)';
}

/** Prometheus refuses a query_range of more than 11,000 points per series. */
export const MAX_POINTS_PER_SERIES = 11_000;

/** A step (whole seconds, at least the scrape interval) that yields about `targetPoints` points over the range. */
export function stepForRange(rangeSeconds: number, targetPoints: number, scrapeIntervalSeconds: number): number {
  if (!(rangeSeconds > 0)) throw new RangeError(`range must be positive, got ${rangeSeconds}`);
  if (!(targetPoints >= 2)) throw new RangeError(`need at least 2 points, got ${targetPoints}`);
  const step = Math.max(Math.ceil(rangeSeconds / (targetPoints - 1)), Math.ceil(scrapeIntervalSeconds));
  return Math.max(step, Math.ceil(rangeSeconds / (MAX_POINTS_PER_SERIES - 1)));
}

/** The highest value of a ratio expression over the last `rangeSeconds` before the evaluation time, at `stepSeconds` resolution (a subquery). */
export function maxOverTime(expression: string, rangeSeconds: number, stepSeconds: number): string {
  if (!(rangeSeconds >= 1) || !Number.isInteger(rangeSeconds)) throw new RangeError(`range must be whole seconds ≥ 1, got ${rangeSeconds}`);
  if (!(stepSeconds >= 1) || !Number.isInteger(stepSeconds)) throw new RangeError(`step must be whole seconds ≥ 1, got ${stepSeconds}`);
  return `max_over_time((${expression})[${rangeSeconds}s:${stepSeconds}s])`;
}
