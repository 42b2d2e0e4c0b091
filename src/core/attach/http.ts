// One HTTP request over node:http / node:https with what attach mode needs and fetch cannot take without a
// dependency: a CA to trust (an endpoint's own CA file) next to the system's. Used by the Prometheus client and the
// app's health check. Errors keep Node's code (ECONNREFUSED, SELF_SIGNED_CERT_IN_CHAIN…) for core/attach/errors.ts.
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
    const request = (isHttps ? https : http).request(
      url,
      { method: options.method ?? 'GET', headers: options.headers ?? {}, signal, ...tlsOptions },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', fail);
      },
    );
    request.on('error', fail);
    request.end(options.body);
  });
}
