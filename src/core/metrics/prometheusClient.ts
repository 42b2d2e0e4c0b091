// A small client for Prometheus' HTTP API (instant and range queries). node:http(s), no dependency: an attached
// Prometheus may need a CA of its own, which fetch cannot take. Made by the one factory, core/attach/clients.ts.
import { type LabelScope, MAX_POINTS_PER_SERIES, scopeQuery } from './promql';
import { HttpRequestError, httpRequest } from '../net/http';
import { type EndpointProblem, explainEndpointError } from '../attach/errors';
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

/** `problem`: what went wrong with an attached Prometheus (core/attach/errors.ts); unset for the lab's own. */
export class PrometheusUnreachableError extends Error {
  problem?: EndpointProblem;
}

/** Prometheus answered with an error (bad query, timeout, too many points). */
export class PrometheusQueryError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errorType: string | undefined,
    readonly problem?: EndpointProblem,
  ) {
    super(message);
  }
}

export interface PrometheusClientOptions {
  /** e.g. http://127.0.0.1:9090 */
  baseUrl: string;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Sent with every request (an attached Prometheus' Authorization). */
  headers?: Record<string, string>;
  /** PEM text of a CA to trust besides the system's. */
  ca?: string;
  /** Job/instance labels every host-metric selector is narrowed to (attach mode; promql.ts scopeQuery). */
  scope?: LabelScope;
  /** A Prometheus the user runs (attach mode): failures name the attach settings, not the lab. */
  attached?: boolean;
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
  private readonly options: PrometheusClientOptions;

  constructor(options: PrometheusClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.options = options;
  }

  /** The job/instance labels this client narrows host metrics to, if any. */
  get scope(): LabelScope | undefined {
    return this.options.scope;
  }

  async queryRange(query: string, range: RangeOptions): Promise<Series[]> {
    const { start, end, stepSeconds } = range;
    if (!(end > start)) throw new RangeError(`query_range needs end > start (got ${start}..${end})`);
    if (!(stepSeconds > 0)) throw new RangeError(`query_range needs a positive step (got ${stepSeconds})`);
    const points = Math.floor((end - start) / stepSeconds) + 1;
    if (points > MAX_POINTS_PER_SERIES) {
      throw new RangeError(`query_range would return ${points} points per series; Prometheus allows ${MAX_POINTS_PER_SERIES}`);
    }
    const body = await this.post(
      '/api/v1/query_range',
      { query: scopeQuery(query, this.options.scope), start: String(start), end: String(end), step: String(stepSeconds) },
      range.signal,
    );
    return (body.data?.result ?? []).map((r) => ({
      labels: r.metric,
      points: (r.values ?? []).map(([t, v]) => [t, Number(v)] as [number, number]),
    }));
  }

  /** Instant query: one sample per series. */
  async query(query: string, time?: number, signal?: AbortSignal): Promise<Array<{ labels: Record<string, string>; time: number; value: number }>> {
    const params: Record<string, string> = { query: scopeQuery(query, this.options.scope) };
    if (time !== undefined) params.time = String(time);
    const body = await this.post('/api/v1/query', params, signal);
    return (body.data?.result ?? []).flatMap((r) => (r.value ? [{ labels: r.metric, time: r.value[0], value: Number(r.value[1]) }] : []));
  }

  /** The server's version as it reports it (GET /api/v1/status/buildinfo). */
  async buildInfo(signal?: AbortSignal): Promise<{ version: string; revision?: string }> {
    const response = await this.send('GET', '/api/v1/status/buildinfo', undefined, signal);
    const body = (() => {
      try {
        return JSON.parse(response.text) as { status?: string; data?: { version?: string; revision?: string } };
      } catch {
        return {};
      }
    })();
    this.refuseCredentials(response.status, '/api/v1/status/buildinfo', body);
    if (response.status >= 400 || body.status !== 'success' || !body.data?.version)
      throw new PrometheusQueryError(`Prometheus buildinfo failed (${response.status})`, response.status, undefined);
    return { version: body.data.version, ...(body.data.revision ? { revision: body.data.revision } : {}) };
  }

  /** Where this client sends its queries. */
  get url(): string {
    return this.baseUrl;
  }

  private async post(apiPath: string, params: Record<string, string>, signal?: AbortSignal): Promise<ApiResponse> {
    const response = await this.send('POST', apiPath, new URLSearchParams(params).toString(), signal);
    const text = response.text;
    let body: ApiResponse;
    try {
      body = JSON.parse(text) as ApiResponse;
    } catch {
      this.refuseCredentials(response.status, apiPath, undefined);
      throw new PrometheusQueryError(t('Prometheus answered {0} with a non-JSON body: {1}', response.status, text.slice(0, 200)), response.status, undefined);
    }
    this.refuseCredentials(response.status, apiPath, body);
    if (response.status >= 400 || body.status !== 'success') {
      throw new PrometheusQueryError(
        t('Prometheus {0} failed ({1} {2}): {3}', apiPath, response.status, body.errorType ?? '', body.error ?? text.slice(0, 200)),
        response.status,
        body.errorType,
      );
    }
    return body;
  }

  /** An attached Prometheus (or the proxy before it) refusing the credentials: says which to set. */
  private refuseCredentials(status: number, apiPath: string, body: unknown): void {
    if (!this.options.attached || (status !== 401 && status !== 403)) return;
    const explained = explainEndpointError('prometheus', this.baseUrl, { statusCode: status, message: `${apiPath} ${status}`, body });
    throw new PrometheusQueryError(explained.message, status, undefined, explained.problem);
  }

  private async send(method: 'GET' | 'POST', apiPath: string, body: string | undefined, signal?: AbortSignal): Promise<{ status: number; text: string }> {
    try {
      return await httpRequest(`${this.baseUrl}${apiPath}`, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...(this.options.headers ?? {}) },
        ...(body !== undefined ? { body } : {}),
        ...(this.options.ca ? { ca: this.options.ca } : {}),
        timeoutMs: this.timeoutMs,
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      if (this.options.attached) {
        const explained = explainEndpointError('prometheus', this.baseUrl, err);
        const out = new PrometheusUnreachableError(explained.message);
        out.problem = explained.problem;
        throw out;
      }
      const cause = err instanceof HttpRequestError ? err.code : (err as Error).name;
      throw new PrometheusUnreachableError(t('Prometheus at {0} is unreachable ({1}). Is the lab running?', this.baseUrl, cause));
    }
  }
}
