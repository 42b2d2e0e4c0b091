// The exercise's first checks, shared by the editor's guided exercise (and any other front door):
//   - is the Docker engine reachable (with what to do on Windows: Docker Desktop on WSL 2),
//   - does Elasticsearch answer and are all of Prometheus' scrape targets up.
// Plain data in, plain data out: the caller shows it.
import { type DockerConnection, EngineUnreachableError, checkEngine } from '../docker/client';
import { type InstantQuery, type ScrapeTarget, readScrapeTargets } from '../metrics/targets';
import { t } from '../l10n';

export interface EngineCheckOutcome {
  ok: boolean;
  /** One sentence: the engine's version and where it is, or why it cannot be reached. */
  message: string;
  /** What to do next on this platform (only when the engine is not reachable). */
  advice?: string;
}

/** What a Windows user needs for the lab: Docker Desktop with its WSL 2 engine. */
export const WINDOWS_ENGINE_ADVICE =
  'On Windows the lab runs on Docker Desktop with the WSL 2 backend: install Docker Desktop, keep "Use the WSL 2 based engine" on (Settings → General), ' +
  'start it and wait for "Engine running". If VS Code is connected to a WSL distribution, also turn on Settings → Resources → WSL integration for it. ' +
  "WSL 2 gives Docker about half of the machine's memory by default; the lab needs about 1.5 GB (lite) or 3 GB (full).";

const UNIX_ENGINE_ADVICE: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'On macOS the lab runs on Docker Desktop (or another engine such as Colima): start it and wait until it is running.',
  linux: 'On Linux start the Docker service ("sudo systemctl start docker") and make sure your user may use it (the "docker" group), or use Docker Desktop.',
};

export function engineAdvice(platform: NodeJS.Platform): string | undefined {
  return platform === 'win32' ? WINDOWS_ENGINE_ADVICE : UNIX_ENGINE_ADVICE[platform];
}

/** Pings the engine once; never throws. */
export async function checkEngineReadiness(connection: DockerConnection, platform: NodeJS.Platform): Promise<EngineCheckOutcome> {
  try {
    const info = await checkEngine(connection);
    return { ok: true, message: t('Docker {0} (API {1}, {2}) answers at {3}.', info.version, info.apiVersion, info.os, connection.description) };
  } catch (err) {
    const message =
      err instanceof EngineUnreachableError ? err.message : t('Cannot reach the Docker engine at {0}: {1}', connection.description, (err as Error).message);
    const advice = engineAdvice(platform);
    return { ok: false, message, ...(advice ? { advice } : {}) };
  }
}

export interface TargetsCheck {
  ok: boolean;
  elasticsearch: { ok: boolean; detail: string };
  prometheus: { ok: boolean; detail: string; targets: ScrapeTarget[] };
}

export interface TargetsSources {
  /** The lab's Elasticsearch (LogStore.serverInfo). */
  elasticsearch: { serverInfo(): Promise<{ product: string; version: string; clusterName: string }> };
  prometheus: InstantQuery;
}

/**
 * "Open http://localhost:9200 and Prometheus' Targets page": Elasticsearch answers with its version, and every
 * target Prometheus scrapes (node, app, itself) reads UP. Never throws: what failed is in the details.
 */
export async function checkLabTargets(sources: TargetsSources): Promise<TargetsCheck> {
  const [es, prom] = await Promise.all([
    sources.elasticsearch.serverInfo().then(
      (info) => ({ ok: true, detail: `${info.product} ${info.version} answers (cluster "${info.clusterName}").` }),
      (err: unknown) => ({ ok: false, detail: t('Elasticsearch does not answer: {0}', (err as Error).message) }),
    ),
    readScrapeTargets(sources.prometheus).then(
      (targets) => {
        const down = targets.filter((t) => !t.up);
        if (targets.length === 0) return { ok: false, detail: 'Prometheus has no scrape results yet: wait one scrape interval and check again.', targets };
        if (down.length)
          return {
            ok: false,
            detail: `Prometheus targets DOWN: ${down.map((t) => `${t.job} (${t.instance})`).join(', ')}; ${targets.length - down.length} of ${targets.length} UP.`,
            targets,
          };
        return { ok: true, detail: `All ${targets.length} Prometheus targets are UP: ${targets.map((t) => t.job).join(', ')}.`, targets };
      },
      (err: unknown) => ({ ok: false, detail: t('Prometheus does not answer: {0}', (err as Error).message), targets: [] as ScrapeTarget[] }),
    ),
  ]);
  return { ok: es.ok && prom.ok, elasticsearch: es, prometheus: prom };
}
