// Fetches a community dashboard (Node Exporter Full, grafana.com 1860) at lab start, maps its data source input
// to the provisioned data source and writes it where Grafana's dashboard provider looks. Being offline is a normal
// outcome, not an error: the result says so and the lab's own dashboard stands in. Nothing fetched is committed;
// the download URL is configuration (tests point it at a local server).
import { t } from '../../l10n';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GRAFANA, NODE_EXPORTER_FULL_URL } from '../ids';
import { DashboardMappingError, mapDashboardInputs } from './mapDashboardInputs';

export interface FetchDashboardOptions {
  /** Default: grafana.com's download of 1860, latest revision. */
  url?: string;
  /** The lab directory's grafana/dashboards folder (mounted into Grafana). */
  targetDir: string;
  fileName?: string;
  /** Uid the provisioned dashboard gets. */
  uid?: string;
  /** Data source plugin id → provisioned uid, for the dashboard's datasource inputs. */
  datasourceUids?: Record<string, string>;
  /** Whole download, connect to last byte. */
  timeoutMs?: number;
  /** A dashboard is a few hundred kB; anything far larger is not one. */
  maxBytes?: number;
  /** Cancels the fetch: rejects with the abort reason (cancelling is not "offline"). */
  signal?: AbortSignal;
}

export type FetchDashboardResult =
  | { status: 'provisioned'; file: string; title: string; message: string }
  /** The download did not happen: no network, DNS, refused, timed out. */
  | { status: 'offline'; reason: string; cachedFile?: string; message: string }
  /** The server answered, but not with a dashboard the lab can provision (HTTP error, not JSON, mapping failed). */
  | { status: 'unusable'; reason: string; cachedFile?: string; message: string };

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

export async function fetchCommunityDashboard(options: FetchDashboardOptions): Promise<FetchDashboardResult> {
  const url = options.url ?? NODE_EXPORTER_FULL_URL;
  const file = path.join(options.targetDir, options.fileName ?? GRAFANA.nodeExporterFullFile);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;

  let text: string;
  try {
    const response = await fetch(url, { signal, headers: { accept: 'application/json' } });
    if (!response.ok) {
      await response.body?.cancel();
      return notProvisioned('unusable', t('{0} answered HTTP {1}', url, response.status), file);
    }
    text = await readLimited(response, options.maxBytes ?? DEFAULT_MAX_BYTES);
  } catch (err) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (err instanceof TooLargeError) return notProvisioned('unusable', err.message, file);
    const reason = timeout.aborted ? t('no answer from {0} within {1} ms', url, timeoutMs) : t('{0} is not reachable ({1})', url, describe(err));
    return notProvisioned('offline', reason, file);
  }

  let mapped;
  try {
    mapped = mapDashboardInputs(JSON.parse(text), {
      datasourceUids: options.datasourceUids ?? { prometheus: GRAFANA.datasourceUid },
      uid: options.uid ?? GRAFANA.nodeExporterFullUid,
    });
  } catch (err) {
    if (err instanceof SyntaxError) return notProvisioned('unusable', t('{0} did not answer with JSON', url), file);
    if (err instanceof DashboardMappingError) return notProvisioned('unusable', err.message, file);
    throw err;
  }
  writeAtomically(file, JSON.stringify(mapped, null, 2) + '\n');
  const title = typeof mapped.title === 'string' ? mapped.title : 'dashboard';
  return { status: 'provisioned', file, title, message: t('Grafana: "{0}" downloaded and provisioned (data source mapped to the lab\'s Prometheus).', title) };
}

function notProvisioned(status: 'offline' | 'unusable', reason: string, file: string): FetchDashboardResult {
  // A copy from an earlier, successful start stays in place and keeps working.
  const cachedFile = fs.existsSync(file) ? file : undefined;
  const message =
    status === 'offline'
      ? cachedFile
        ? t('Node Exporter Full could not be downloaded: {0}. Grafana keeps the copy downloaded earlier.', reason)
        : t('Node Exporter Full could not be downloaded: {0}. Grafana shows the lab\'s own "Lab Host Overview" dashboard instead.', reason)
      : cachedFile
        ? t('Node Exporter Full could not be used: {0}. Grafana keeps the copy downloaded earlier.', reason)
        : t('Node Exporter Full could not be used: {0}. Grafana shows the lab\'s own "Lab Host Overview" dashboard instead.', reason);
  return { status, reason, ...(cachedFile ? { cachedFile } : {}), message };
}

class TooLargeError extends Error {}

async function readLimited(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new TooLargeError(t('the download is {0} bytes, more than the {1} a dashboard can be', declared, maxBytes));
  }
  const chunks: Buffer[] = [];
  let size = 0;
  if (response.body) {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new TooLargeError(t('the download exceeds the {0} bytes a dashboard can be', maxBytes));
      chunks.push(Buffer.from(chunk));
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Grafana polls the folder: it must never see a half-written file. */
function writeAtomically(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content, { mode: 0o644 });
  fs.renameSync(tmp, file);
}

function describe(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}
