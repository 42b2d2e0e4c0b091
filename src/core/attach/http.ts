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
  const target = new URL(url);
  const isHttps = target.protocol === 'https:';
  return new Promise<HttpResponse>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(options.signal.reason instanceof Error ? options.signal.reason : new Error('aborted'));
      return;
    }
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
    const requestOptions: https.RequestOptions = { method: options.method ?? 'GET', headers };
    // The system's CAs stay trusted: an endpoint's CA file adds to them.
    if (isHttps && options.ca) requestOptions.ca = [...tls.rootCertificates, options.ca];
    const request = (isHttps ? https : http).request(target, requestOptions, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        cleanup();
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
      response.on('error', (err) => fail(err));
    });
    const timer = setTimeout(() => {
      request.destroy(new HttpRequestError(`no answer within ${options.timeoutMs} ms`, 'ETIMEDOUT'));
    }, options.timeoutMs);
    const onAbort = () => request.destroy(options.signal?.reason instanceof Error ? options.signal.reason : new Error('aborted'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (err: Error) => {
      cleanup();
      if (options.signal?.aborted || err instanceof HttpRequestError) reject(err);
      else reject(new HttpRequestError(err.message, (err as NodeJS.ErrnoException).code ?? err.name));
    };
    request.on('error', fail);
    if (options.body !== undefined) request.write(options.body);
    request.end();
  });
}
