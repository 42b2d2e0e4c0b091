// Waiting for a container to be ready (healthy, or running when it has no healthcheck), driven by the
// engine's events; one inspect after subscribing closes the race with events that happened before. With a
// readiness probe (readinessProbe.ts) the service's own answer counts as ready too, without waiting for the
// engine's next healthcheck run; failure is still the engine's word (unhealthy, exited).
import type Docker from 'dockerode';
import { logText } from '../../docker/logs';
import type { EngineEvent, EngineEventStream } from './engineEvents';
import type { ReadyProbe } from './readinessProbe';
import { pollReadiness } from './readinessProbe';
import { ServiceFailedError, StackCancelledError, StackTimeoutError } from './errors';
import { t } from '../../l10n';

export interface ReadinessTarget {
  service: string;
  containerId: string;
  hasHealthcheck: boolean;
  timeoutMs: number;
  /** Asks the service itself whether it is ready (its healthcheck's question, over its host port). */
  probe?: ReadyProbe;
}

export function waitUntilReady(docker: Docker, events: EngineEventStream, target: ReadinessTarget, signal?: AbortSignal): Promise<void> {
  const container = docker.getContainer(target.containerId);
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    // A failure being reported (its log lines still being read): a late "ready" (a probe, a health event) must not
    // turn it into a success.
    let failing = false;
    const cleanups: Array<() => void> = [];
    const finish = (err?: Error) => {
      if (settled || (!err && failing)) return;
      settled = true;
      for (const cleanup of cleanups) cleanup();
      if (err) reject(err);
      else resolve();
    };
    const fail = (reason: string) => {
      if (settled || failing) return;
      failing = true;
      // Attach the container's last lines: the reason a service fails is nearly always in its log.
      lastLogLines(container).then(
        (tail) => finish(new ServiceFailedError(target.service, reason, tail)),
        () => finish(new ServiceFailedError(target.service, reason, '')),
      );
    };

    const timer = setTimeout(() => {
      const seconds = Math.round(target.timeoutMs / 1000);
      const timeout = new StackTimeoutError(
        target.hasHealthcheck
          ? t('timed out after {0} s waiting for {1} to become healthy', seconds, target.service)
          : t('timed out after {0} s waiting for {1} to run', seconds, target.service),
        target.timeoutMs,
      );
      fail(timeout.message);
    }, target.timeoutMs);
    cleanups.push(() => clearTimeout(timer));

    if (signal) {
      const onAbort = () =>
        finish(
          new StackCancelledError(
            target.hasHealthcheck
              ? t('waiting for {0} to become healthy was cancelled', target.service)
              : t('waiting for {0} to run was cancelled', target.service),
          ),
        );
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => signal.removeEventListener('abort', onAbort));
    }

    const handle = (event: EngineEvent) => {
      if (event.Action === 'health_status: healthy') finish();
      else if (event.Action === 'health_status: unhealthy') fail(t('its healthcheck reports unhealthy'));
      // A one-shot service without healthcheck (kibana-setup) that exits 0 has done its job.
      else if (event.Action === 'die' && !target.hasHealthcheck && event.Actor.Attributes.exitCode === '0') finish();
      else if (event.Action === 'die') fail(t('it exited (code {0})', event.Actor.Attributes.exitCode ?? '?'));
      else if (event.Action === 'start' && !target.hasHealthcheck) finish();
    };
    // Events of this container's previous run (a restart's "die") can arrive after we subscribed: until the
    // inspect tells when the current run started, hold events back, then drop the older ones.
    let startedAtNano: bigint | undefined;
    const pending: EngineEvent[] = [];
    cleanups.push(
      events.on((event: EngineEvent) => {
        if (event.Actor.ID !== target.containerId) return;
        if (startedAtNano === undefined) pending.push(event);
        else if (eventNano(event) >= startedAtNano) handle(event);
      }),
    );
    cleanups.push(events.onEnd(() => fail(t('the engine event stream ended while waiting (is the engine still running?)'))));

    container.inspect().then(
      (info) => {
        const state = info.State;
        startedAtNano = timestampNano(state.StartedAt);
        if (state.Health?.Status === 'healthy') finish();
        else if (!target.hasHealthcheck && (state.Running || (state.Status === 'exited' && state.ExitCode === 0))) finish();
        else if (!state.Running && !state.Restarting && state.Status !== 'created') fail(t('it is {0} (exit code {1})', state.Status, state.ExitCode));
        // 'starting', or 'unhealthy' from an earlier run: keep waiting, the healthcheck runs on.
        for (const event of pending.splice(0)) if (eventNano(event) >= startedAtNano) handle(event);
        // Only once the current run is known to be up: an answer then comes from this run, not a previous one.
        if (!settled && target.probe && state.Running) cleanups.push(pollReadiness(target.probe, () => finish()));
      },
      (err: Error) => fail(t('inspecting it failed: {0}', err.message)),
    );
  });
}

export async function lastLogLines(container: Docker.Container, lines = 30): Promise<string> {
  const buf = (await container.logs({ stdout: true, stderr: true, tail: lines })) as unknown as Buffer;
  return logText(buf);
}

function eventNano(event: EngineEvent): bigint {
  return event.timeNano !== undefined ? BigInt(event.timeNano) : BigInt(event.time) * 1_000_000_000n;
}

/** RFC 3339 with nanoseconds ("2024-05-01T10:00:00.123456789Z") → nanoseconds since the epoch. */
export function timestampNano(text: string): bigint {
  const match = /^(.*?:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!match) return 0n;
  const seconds = BigInt(Date.parse(`${match[1]}${match[3]}`)) / 1000n;
  const fraction = BigInt(((match[2] ?? '') + '000000000').slice(0, 9));
  return seconds * 1_000_000_000n + fraction;
}
