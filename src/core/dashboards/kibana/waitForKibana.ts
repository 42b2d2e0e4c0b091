// Waits until Kibana reports "available", polling GET /api/status. Kibana's first start on a small machine
// takes minutes (saved object migrations), so the caller gets a progress message whenever the state changes
// and at most every `progressEveryMs` otherwise, and a timeout that names what it waited for.
import { t } from '../../l10n';
import type { KibanaStatus } from './status';
import { parseKibanaStatus } from './status';
import { checkKibanaVersion } from './version';

export interface WaitForKibanaOptions {
  /** e.g. http://127.0.0.1:5601 */
  kibanaUrl: string;
  timeoutMs?: number;
  intervalMs?: number;
  /** Per-request timeout; Kibana under load can be slow to answer even /api/status. */
  requestTimeoutMs?: number;
  /** When set, a ready Kibana of another version is an error (KibanaVersionMismatchError). */
  expectedVersion?: string;
  onProgress?: (message: string) => void;
  signal?: AbortSignal;
}

export class KibanaNotReadyError extends Error {
  constructor(
    message: string,
    readonly last: KibanaStatus | undefined,
  ) {
    super(message);
  }
}

export async function waitForKibana(options: WaitForKibanaOptions): Promise<KibanaStatus> {
  const url = `${options.kibanaUrl.replace(/\/+$/, '')}/api/status`;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const intervalMs = options.intervalMs ?? 2_000;
  const started = Date.now();
  let last: KibanaStatus | undefined;
  let lastReported = '';
  for (;;) {
    options.signal?.throwIfAborted();
    const status = await probe(url, options.requestTimeoutMs ?? 10_000, options.signal);
    if (status.ready) {
      if (options.expectedVersion) checkKibanaVersion(status.version, options.expectedVersion);
      options.onProgress?.(status.version ? `Kibana ${status.version} is available` : 'Kibana is available');
      return status;
    }
    last = status;
    const elapsed = Date.now() - started;
    if (status.summary !== lastReported) {
      options.onProgress?.(`Waiting for Kibana: ${status.summary} (${Math.round(elapsed / 1000)} s)`);
      lastReported = status.summary;
    }
    if (elapsed + intervalMs > timeoutMs) {
      throw new KibanaNotReadyError(
        t('Kibana at {0} did not report available within {1} s (last: {2})', options.kibanaUrl, Math.round(timeoutMs / 1000), status.summary),
        last,
      );
    }
    await sleep(intervalMs, options.signal);
  }
}

async function probe(url: string, requestTimeoutMs: number, signal?: AbortSignal): Promise<KibanaStatus> {
  const timeout = AbortSignal.timeout(requestTimeoutMs);
  try {
    const response = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    return parseKibanaStatus(response.status, await response.text());
  } catch {
    if (signal?.aborted) throw signal.reason;
    return { ready: false, summary: timeout.aborted ? `no answer within ${requestTimeoutMs} ms` : 'not reachable yet' };
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        // The caller's abort reason, passed on as probe() passes it (AbortSignal types it `any`; abort() makes it an AbortError).
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}
