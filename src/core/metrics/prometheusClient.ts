// A small client for Prometheus' HTTP API (instant and range queries). Node's fetch, no dependency.
import { MAX_POINTS_PER_SERIES } from './promql';
import { t } from '../l10n';

export interface Series {
  labels: Record<string, string>;
  /** [unix seconds, value]; NaN/Inf values are kept as numbers so gaps stay visible. */
  points: Array<[number, number]>;
}

export interface RangeOptions {
  /** Unix seconds. */
  start: number;
  end: number;
  stepSeconds: number;
  signal?: AbortSignal;
}

export class PrometheusUnreachableError extends Error {}

/** Prometheus answered with an error (bad query, timeout, too many points). */
export class PrometheusQueryError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errorType: string | undefined,
  ) {
    super(message);
  }
}

export interface PrometheusClientOptions {
  /** e.g. http://127.0.0.1:9090 */
  baseUrl: string;
  /** Per-request timeout. */
  timeoutMs?: number;
}

interface ApiResponse {
  status: 'success' | 'error';
  data?: { resultType: string; result: Array<{ metric: Record<string, string>; values?: Array<[number, string]>; value?: [number, string] }> };
  errorType?: string;
  error?: string;
}

export class PrometheusClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(options: PrometheusClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  async queryRange(query: string, range: RangeOptions): Promise<Series[]> {
    const { start, end, stepSeconds } = range;
    if (!(end > start)) throw new RangeError(`query_range needs end > start (got ${start}..${end})`);
    if (!(stepSeconds > 0)) throw new RangeError(`query_range needs a positive step (got ${stepSeconds})`);
    const points = Math.floor((end - start) / stepSeconds) + 1;
    if (points > MAX_POINTS_PER_SERIES) {
      throw new RangeError(`query_range would return ${points} points per series; Prometheus allows ${MAX_POINTS_PER_SERIES}`);
    }
    const body = await this.post('/api/v1/query_range', { query, start: String(start), end: String(end), step: String(stepSeconds) }, range.signal);
    return (body.data?.result ?? []).map((r) => ({
      labels: r.metric,
      points: (r.values ?? []).map(([t, v]) => [t, Number(v)] as [number, number]),
    }));
  }

  /** Instant query: one sample per series. */
  async query(query: string, time?: number, signal?: AbortSignal): Promise<Array<{ labels: Record<string, string>; time: number; value: number }>> {
    const params: Record<string, string> = { query };
    if (time !== undefined) params.time = String(time);
    const body = await this.post('/api/v1/query', params, signal);
    return (body.data?.result ?? []).flatMap((r) => (r.value ? [{ labels: r.metric, time: r.value[0], value: Number(r.value[1]) }] : []));
  }

  /** The server's version as it reports it (GET /api/v1/status/buildinfo). */
  async buildInfo(signal?: AbortSignal): Promise<{ version: string; revision?: string }> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/api/v1/status/buildinfo`, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new PrometheusUnreachableError(
        t(
          'Prometheus at {0} is unreachable ({1}). Is the lab running?',
          this.baseUrl,
          (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name,
        ),
      );
    }
    const body = (await response.json().catch(() => ({}))) as { status?: string; data?: { version?: string; revision?: string } };
    if (!response.ok || body.status !== 'success' || !body.data?.version)
      throw new PrometheusQueryError(`Prometheus buildinfo failed (${response.status})`, response.status, undefined);
    return { version: body.data.version, ...(body.data.revision ? { revision: body.data.revision } : {}) };
  }

  /** Where this client sends its queries. */
  get url(): string {
    return this.baseUrl;
  }

  private async post(apiPath: string, params: Record<string, string>, signal?: AbortSignal): Promise<ApiResponse> {
    const url = `${this.baseUrl}${apiPath}`;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(params).toString(),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      throw new PrometheusUnreachableError(t('Prometheus at {0} is unreachable ({1}). Is the lab running?', this.baseUrl, cause));
    }
    const text = await response.text();
    let body: ApiResponse;
    try {
      body = JSON.parse(text) as ApiResponse;
    } catch {
      throw new PrometheusQueryError(t('Prometheus answered {0} with a non-JSON body: {1}', response.status, text.slice(0, 200)), response.status, undefined);
    }
    if (!response.ok || body.status !== 'success') {
      throw new PrometheusQueryError(
        t('Prometheus {0} failed ({1} {2}): {3}', apiPath, response.status, body.errorType ?? '', body.error ?? text.slice(0, 200)),
        response.status,
        body.errorType,
      );
    }
    return body;
  }
}
