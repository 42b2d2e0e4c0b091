// One service at a time, for the tree's actions: start, stop, and follow its logs.
import { t } from '../../l10n';
import type Docker from 'dockerode';
import { Writable } from 'node:stream';
import type { LabConfig } from '../../config';
import { ignoreAlreadyStopped, isNotModified } from './errors';
import { listProjectContainers } from './projectContainers';

async function serviceContainer(docker: Docker, config: LabConfig, service: string): Promise<Docker.Container> {
  const found = (await listProjectContainers(docker, config.projectName)).find((c) => c.service === service);
  if (!found) throw new Error(t('{0} has no container: start the lab first', service));
  return docker.getContainer(found.id);
}

/** Starts a stopped service's existing container (Start Lab recreates missing ones). */
export async function startServiceContainer(docker: Docker, config: LabConfig, service: string): Promise<void> {
  try {
    await (await serviceContainer(docker, config, service)).start();
  } catch (err) {
    if (!isNotModified(err)) throw err;
  }
}

export async function stopServiceContainer(docker: Docker, config: LabConfig, service: string): Promise<void> {
  await ignoreAlreadyStopped((await serviceContainer(docker, config, service)).stop());
}

/**
 * Follows a service's logs (the last `tail` lines, then new ones), demultiplexing stdout and stderr
 * (non-TTY containers frame them). Resolves when the container stops or `signal` aborts.
 */
export async function followServiceLogs(
  docker: Docker,
  config: LabConfig,
  service: string,
  onText: (text: string, stream: 'stdout' | 'stderr') => void,
  options: { tail?: number; signal?: AbortSignal } = {},
): Promise<void> {
  const container = await serviceContainer(docker, config, service);
  const stream = (await container.logs({ follow: true, stdout: true, stderr: true, tail: options.tail ?? 200 })) as unknown as NodeJS.ReadableStream & {
    destroy(): void;
  };
  const sink = (kind: 'stdout' | 'stderr') =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        onText(chunk.toString('utf8'), kind);
        done();
      },
    });
  docker.modem.demuxStream(stream, sink('stdout'), sink('stderr'));
  await new Promise<void>((resolve) => {
    const stop = () => {
      stream.destroy();
      resolve();
    };
    options.signal?.addEventListener('abort', stop, { once: true });
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', resolve);
  });
}
