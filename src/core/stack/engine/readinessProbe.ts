// Readiness probed directly during a start: the same question each service's healthcheck asks (the app's /health,
// Elasticsearch's cluster health at yellow, Prometheus's /-/ready, Node Exporter's /metrics, …), asked over the
// service's host port every PROBE_INTERVAL_MS instead of waiting for the engine's next healthcheck run (every 2 s
// in compose.yaml, the first one 2 s after the start). The engine's own healthcheck still runs unchanged (the Stack
// tree shows what it says, and compose users keep it); the engine's events still decide failure (unhealthy, exit).
// A probe that cannot connect or gets another answer just tries again: never worse than waiting for the engine.
// A start ends when every service answers; until the engine's own first check agrees, the status reader
// (status.ts) asks the same question, so the Stack tree and `status` say "healthy" as soon as the start does.
import type Docker from 'dockerode';
import { urlHost } from '../../config/exposure';
import { httpRequest } from '../../net/http';
import type { PlannedService } from '../plan/model';
import type { ServicePort } from './status';

export const PROBE_INTERVAL_MS = 100;
/** One probe's own bound during a start. */
export const PROBE_TIMEOUT_MS = 2_000;
/** One probe's bound in a status read: a read must not hang on a service that accepts and says nothing. */
export const STATUS_PROBE_TIMEOUT_MS = 1_000;

/** What a service answers when it is ready, mirroring its healthcheck in compose.yaml. */
export interface ProbeSpec {
  path: string;
  ready(status: number, body: string): boolean;
}

const ok = (status: number) => status === 200;

export const READINESS_PROBES: Readonly<Record<string, ProbeSpec>> = {
  // healthcheck: urllib.request.urlopen('http://127.0.0.1:8080/health') (any 2xx; the app answers 200)
  app: { path: '/health', ready: ok },
  // healthcheck: curl -fsS '…/_cluster/health?wait_for_status=yellow&timeout=1s'. The probe asks without waiting
  // (the next probe comes 100 ms later, and a status read must answer at once): ready at yellow or green.
  elasticsearch: {
    path: '/_cluster/health',
    ready: (status, body) => ok(status) && /"status"\s*:\s*"(green|yellow)"/.test(body),
  },
  // healthcheck: wget -q -O /dev/null http://127.0.0.1:9090/-/ready
  prometheus: { path: '/-/ready', ready: ok },
  // healthcheck: wget -q -O /dev/null http://127.0.0.1:9100/metrics
  'node-exporter': { path: '/metrics', ready: ok },
  // healthcheck: curl -fsS http://127.0.0.1:5601/api/status | grep -q '"level":"available"'
  kibana: { path: '/api/status', ready: (status, body) => ok(status) && body.includes('"level":"available"') },
  // healthcheck: wget -q -O /dev/null http://127.0.0.1:3000/api/health
  grafana: { path: '/api/health', ready: ok },
};

/**
 * Whether this process reaches the engine's published ports on its own loopback: an engine on a local socket
 * (Linux, Docker Desktop, Colima, rootless all forward published ports to the host's 127.0.0.1). An engine over
 * TCP or SSH is another machine: 127.0.0.1 here could be something else entirely, so it is not probed.
 */
export function engineIsLocal(docker: Docker): boolean {
  const modem = (docker as { modem?: { socketPath?: unknown } }).modem;
  return typeof modem?.socketPath === 'string' && modem.socketPath.length > 0;
}

/** The URL that answers a service's readiness question from this machine, or undefined when there is none. */
export function probeUrl(service: PlannedService): string | undefined {
  const claim = service.hostPorts.find((c) => c.protocol === 'tcp');
  return claim ? urlFor(service.name, claim.hostIp, claim.port) : undefined;
}

function urlFor(service: string, hostIp: string, port: number): string | undefined {
  const spec = READINESS_PROBES[service];
  if (!spec) return undefined;
  // A wildcard binding is reached on loopback (as every URL of the lab is); a specific address only on itself.
  return `http://${urlHost(hostIp || '0.0.0.0')}:${port}${spec.path}`;
}

/** One GET; resolves true when the answer says ready, false on any other answer, refusal, reset or timeout. */
export async function probeOnce(url: string, spec: ProbeSpec, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  // A fresh connection: a probe must not hold one the service counts. /metrics is tens of KB: its start is enough.
  const answer = await httpRequest(url, { timeoutMs, fresh: true, maxBodyBytes: 64 * 1024 }).catch(() => undefined);
  return answer !== undefined && spec.ready(answer.status, answer.text);
}

export type ReadyProbe = () => Promise<boolean>;

/** The probe of a planned service when this process can reach it (local engine, known service, a host port). */
export function readinessProbeFor(docker: Docker, service: PlannedService): ReadyProbe | undefined {
  const claim = service.hostPorts.find((c) => c.protocol === 'tcp');
  return service.hasHealthcheck ? probeAt(docker, service.name, claim?.hostIp, claim?.port, PROBE_TIMEOUT_MS) : undefined;
}

/**
 * The same question for a service the engine describes (its first published tcp port), asked by a status read while
 * the engine's health says "starting": undefined when the engine is not local or the service has no probe or port.
 */
export function statusProbeFor(docker: Docker, service: string, ports: readonly ServicePort[]): ReadyProbe | undefined {
  const port = ports.find((p) => p.protocol === 'tcp');
  return probeAt(docker, service, port?.hostIp, port?.hostPort, STATUS_PROBE_TIMEOUT_MS);
}

/** A service's question at its host address, when this process can ask it (a local engine, a known service, a port). */
function probeAt(docker: Docker, service: string, hostIp: string | undefined, port: number | undefined, timeoutMs: number): ReadyProbe | undefined {
  const spec = READINESS_PROBES[service];
  const url = port !== undefined ? urlFor(service, hostIp ?? '', port) : undefined;
  if (!spec || !url || !engineIsLocal(docker)) return undefined;
  return () => probeOnce(url, spec, timeoutMs);
}

/**
 * Runs `probe` every `intervalMs` (measured from the end of the previous one) until it answers true, then calls
 * `onReady` once. The returned function stops it; nothing runs after that.
 */
export function pollReadiness(probe: ReadyProbe, onReady: () => void, intervalMs = PROBE_INTERVAL_MS): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    timer = undefined;
    probe().then(
      (ready) => {
        if (stopped) return;
        if (ready) {
          stopped = true;
          onReady();
        } else timer = setTimeout(tick, intervalMs);
      },
      () => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      },
    );
  };
  tick();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
