// One HTTP request over node:http / node:https with what fetch cannot take without a dependency: a CA to trust (an
// attach endpoint's own CA file) next to the system's, a fresh connection, a cap on the body kept. Used by the
// Prometheus client, attach mode's app check and the start's readiness probes. Errors keep Node's code
// (ECONNREFUSED, SELF_SIGNED_CERT_IN_CHAIN…) for core/attach/errors.ts.
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';

export interface HttpRequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** PEM text of CA certificates trusted in addition to the system's. */
  ca?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** A connection of its own, closed after the answer: nothing held that the server counts, the listener itself tested. */
  fresh?: boolean;
  /** Keep at most this many bytes of the body (the rest is read and dropped): for callers that look at its start only. */
  maxBodyBytes?: number;
}

export interface HttpResponse {
  status: number;
  text: string;
}

/** A request that did not get an answer: `code` is Node's (ECONNREFUSED, ETIMEDOUT, CERT_HAS_EXPIRED…). */
export class HttpRequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'HttpRequestError';
  }
}

export function httpRequest(url: string, options: HttpRequestOptions): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const isHttps = url.startsWith('https:');
  return new Promise<HttpResponse>((resolve, reject) => {
    // The caller's cancellation stays what it is; a timeout or a socket error becomes an HttpRequestError with a code.
    const fail = (err: NodeJS.ErrnoException) =>
      reject(
        options.signal?.aborted
          ? err
          : timeout.aborted
            ? new HttpRequestError(`no answer within ${options.timeoutMs} ms`, 'ETIMEDOUT')
            : new HttpRequestError(err.message, err.code ?? err.name),
      );
    // The system's CAs stay trusted: an endpoint's CA file adds to them.
    const tlsOptions = isHttps && options.ca ? { ca: [...tls.rootCertificates, options.ca] } : {};
    const fresh = options.fresh ? { agent: false as const } : {};
    const headers = { ...(options.fresh ? { connection: 'close' } : {}), ...options.headers };
    const request = (isHttps ? https : http).request(url, { method: options.method ?? 'GET', headers, signal, ...tlsOptions, ...fresh }, (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      const cap = options.maxBodyBytes ?? Infinity;
      response.on('data', (chunk: Buffer) => {
        if (kept < cap) chunks.push(chunk.subarray(0, cap - kept));
        kept += chunk.length;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', fail);
    });
    request.on('error', fail);
    request.end(options.body);
  });
}
