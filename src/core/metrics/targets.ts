// Prometheus' scrape targets as its `up` series report them: one series per target, 1 when its last scrape worked.
// (The same answer as Prometheus' Status → Targets page, through the one instant-query client.)

export interface ScrapeTarget {
  job: string;
  instance: string;
  up: boolean;
}

/** The PromQL that lists every scrape target with its health. */
export const TARGETS_QUERY = 'up';

/** An instant-query client (PrometheusClient). */
export interface InstantQuery {
  query(query: string): Promise<Array<{ labels: Record<string, string>; value: number }>>;
}

/** Every scrape target, sorted by job then instance. */
export async function readScrapeTargets(prometheus: InstantQuery): Promise<ScrapeTarget[]> {
  const samples = await prometheus.query(TARGETS_QUERY);
  return samples
    .map((s) => ({ job: s.labels.job ?? '?', instance: s.labels.instance ?? '?', up: s.value === 1 }))
    .sort((a, b) => a.job.localeCompare(b.job) || a.instance.localeCompare(b.instance));
}
