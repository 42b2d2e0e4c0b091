// Reading Kibana's GET /api/status. While Kibana starts, every route (this one included) answers 503 with the
// plain text "Kibana server is not ready yet"; once up, /api/status answers JSON whose status.overall.level is
// available, degraded, unavailable or critical (HTTP 503 for the last two). Only "available" is ready: the
// saved objects API may still refuse work while degraded.

export type KibanaLevel = 'available' | 'degraded' | 'unavailable' | 'critical';

export interface KibanaStatus {
  ready: boolean;
  /** e.g. "starting (Kibana server is not ready yet)", "degraded: 3 services are degraded". */
  summary: string;
  level?: KibanaLevel;
  /** e.g. "9.5.6", when Kibana said. */
  version?: string;
}

interface StatusBody {
  version?: { number?: unknown };
  status?: { overall?: { level?: unknown; summary?: unknown } };
}

const LEVELS: readonly string[] = ['available', 'degraded', 'unavailable', 'critical'];

export function parseKibanaStatus(httpStatus: number, body: string): KibanaStatus {
  let json: StatusBody | undefined;
  try {
    json = JSON.parse(body) as StatusBody;
  } catch {
    json = undefined;
  }
  const overall = json?.status?.overall;
  const level = typeof overall?.level === 'string' && LEVELS.includes(overall.level) ? (overall.level as KibanaLevel) : undefined;
  const version = typeof json?.version?.number === 'string' ? json.version.number : undefined;
  if (!level) {
    if (httpStatus === 503) return { ready: false, summary: `starting (${firstLine(body) || 'HTTP 503'})` };
    return { ready: false, summary: `unexpected answer: HTTP ${httpStatus}${body ? ` ${firstLine(body)}` : ''}` };
  }
  const detail = typeof overall?.summary === 'string' && overall.summary ? `: ${overall.summary}` : '';
  return {
    ready: httpStatus === 200 && level === 'available',
    summary: `${level}${detail}`,
    level,
    ...(version ? { version } : {}),
  };
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]!.trim().slice(0, 200);
}
