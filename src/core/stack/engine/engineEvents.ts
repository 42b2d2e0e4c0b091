// One stream of the engine's events for a project (GET /events, filtered by the compose project label),
// fanned out to listeners: health waits during a start, and the tree's watcher.
import type Docker from 'dockerode';
import { ndjsonReader } from '../../docker/ndjson';
import { projectFilter } from '../plan/labels';

export interface EngineEvent {
  Type: string;
  /** e.g. "start", "die", "health_status: healthy". */
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  time: number;
  /** Nanoseconds since the epoch (engine clock). */
  timeNano?: number;
}

export type EngineEventListener = (event: EngineEvent) => void;

export class EngineEventStream {
  private readonly listeners = new Set<EngineEventListener>();
  private readonly endListeners = new Set<(err?: Error) => void>();
  private closed = false;

  private constructor(
    private readonly stream: NodeJS.ReadableStream,
    private readonly controller: AbortController,
  ) {
    // Events are newline-delimited JSON; a chunk may end mid-event. A line that is not an event (never seen)
    // is dropped rather than kill the stream.
    stream.on(
      'data',
      ndjsonReader<EngineEvent>((event) => this.dispatch(event)),
    );
    const end = (err?: Error) => {
      if (this.closed) return;
      this.closed = true;
      for (const listener of this.endListeners) listener(err);
    };
    stream.on('error', (err: Error) => end(err));
    stream.on('end', () => end());
    stream.on('close', () => end());
  }

  /** Container events of the project. Resolves once the engine has accepted the subscription. */
  static async open(docker: Docker, projectName: string): Promise<EngineEventStream> {
    const controller = new AbortController();
    const stream = (await docker.getEvents({
      filters: { type: ['container'], ...projectFilter(projectName) },
      abortSignal: controller.signal,
    })) as NodeJS.ReadableStream;
    return new EngineEventStream(stream, controller);
  }

  on(listener: EngineEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called once when the stream ends (engine restarted, connection lost) or is closed. */
  onEnd(listener: (err?: Error) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.controller.abort();
    (this.stream as unknown as { destroy?: () => void }).destroy?.();
  }

  private dispatch(event: EngineEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
