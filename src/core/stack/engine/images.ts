// Images: present → nothing to do; built by the lab (the app) → build when the context hash changed;
// otherwise pull with per-layer progress. No API version is pinned anywhere (see core/docker/client).
import type Docker from 'dockerode';
import { LABEL } from '../plan/labels';
import type { PlannedService } from '../plan/model';
import { buildContextHash, contextEntries } from './buildContext';
import { StackCancelledError, isAbortError, isNotFound } from './errors';
import type { ProgressListener } from './progress';
import { t } from '../../l10n';

export interface ImageOptions {
  onProgress: ProgressListener;
  signal?: AbortSignal;
  buildWithHostNetwork: boolean;
}

export type ImageAction = 'present' | 'pulled' | 'built';

/** Makes the service's image available; returns what it did and the image ID. */
export async function ensureImage(docker: Docker, service: PlannedService, options: ImageOptions): Promise<{ action: ImageAction; imageId: string }> {
  const existing = await inspectImage(docker, service.image);
  if (service.build) {
    const hash = buildContextHash(service.build.contextDir, { dockerfile: service.build.dockerfile, args: service.build.args });
    if (existing && existing.Config?.Labels?.[LABEL.buildContextHash] === hash) return { action: 'present', imageId: existing.Id };
    await buildImage(docker, service, hash, options);
    return { action: 'built', imageId: await imageId(docker, service.image) };
  }
  if (existing) return { action: 'present', imageId: existing.Id };
  await pullImage(docker, service, options);
  return { action: 'pulled', imageId: await imageId(docker, service.image) };
}

async function inspectImage(docker: Docker, reference: string): Promise<Docker.ImageInspectInfo | undefined> {
  try {
    return await docker.getImage(reference).inspect();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

async function imageId(docker: Docker, reference: string): Promise<string> {
  const info = await inspectImage(docker, reference);
  if (!info) throw new Error(`image ${reference} is still missing after it was made`);
  return info.Id;
}

interface ProgressEvent {
  id?: string;
  status?: string;
  stream?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/** Runs a pull/build stream to its end; an `error` event (how the engine reports failures mid-stream) rejects. */
function followStream(docker: Docker, stream: NodeJS.ReadableStream, onEvent: (e: ProgressEvent) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let failure: string | undefined;
    docker.modem.followProgress(
      stream,
      (err: Error | null) => (err ? reject(err) : failure ? reject(new Error(failure)) : resolve()),
      (event: ProgressEvent) => {
        if (event.error) failure = event.errorDetail?.message ?? event.error;
        else onEvent(event);
      },
    );
  });
}

async function pullImage(docker: Docker, service: PlannedService, options: ImageOptions): Promise<void> {
  options.onProgress({ phase: 'pull', service: service.name, message: t('Pulling {0}', service.image) });
  try {
    const stream = (await docker.pull(service.image, { abortSignal: options.signal })) as NodeJS.ReadableStream;
    await followStream(docker, stream, (event) => {
      if (!event.id || !event.status) return;
      options.onProgress({
        phase: 'pull',
        service: service.name,
        message: `${service.image}: ${event.id} ${event.status}`,
        layer: { id: event.id, status: event.status, ...(event.progressDetail ?? {}) },
      });
    });
  } catch (err) {
    if (isAbortError(err, options.signal)) throw new StackCancelledError(t('pulling {0} was cancelled', service.image));
    throw new Error(t('pulling {0} for {1} failed: {2}', service.image, service.name, (err as Error).message), { cause: err });
  }
}

async function buildImage(docker: Docker, service: PlannedService, hash: string, options: ImageOptions): Promise<void> {
  const build = service.build!;
  options.onProgress({ phase: 'build', service: service.name, message: t('Building {0}', service.image) });
  const lastLines: string[] = [];
  try {
    const stream = await docker.buildImage(
      { context: build.contextDir, src: contextEntries(build.contextDir) },
      {
        t: service.image,
        dockerfile: build.dockerfile,
        labels: { [LABEL.buildContextHash]: hash },
        ...(Object.keys(build.args).length > 0 ? { buildargs: build.args } : {}),
        // Only when configured: engines without a default bridge (the test bed) cannot build otherwise.
        ...(options.buildWithHostNetwork ? { networkmode: 'host' } : {}),
        rm: true,
        forcerm: true,
        abortSignal: options.signal,
      },
    );
    await followStream(docker, stream, (event) => {
      const text = event.stream?.trimEnd();
      if (!text) return;
      lastLines.push(text);
      if (lastLines.length > 20) lastLines.shift();
      options.onProgress({ phase: 'build', service: service.name, message: text });
    });
  } catch (err) {
    if (isAbortError(err, options.signal)) throw new StackCancelledError(t('building {0} was cancelled', service.image));
    const tail = lastLines.length > 0 ? `\n${t('--- last build output ---')}\n${lastLines.join('\n')}` : '';
    throw new Error(`${t('building {0} for {1} failed: {2}', service.image, service.name, (err as Error).message)}${tail}`, { cause: err });
  }
}
