// Progress as plain data: the editor turns it into a notification, the CLI into lines.

/** 'warning': something the user should know that does not stop the operation (e.g. a non-loopback bind address). */
export type StackPhase =
  'warning' | 'prepare' | 'check-ports' | 'pull' | 'build' | 'volumes' | 'network' | 'create' | 'start' | 'health' | 'stop' | 'remove' | 'done';

export interface StackProgress {
  phase: StackPhase;
  /** The service concerned, when there is one. */
  service?: string;
  message: string;
  /** Pull only: one image layer's progress. */
  layer?: { id: string; status: string; current?: number; total?: number };
}

export type ProgressListener = (progress: StackProgress) => void;

export interface StackOperationOptions {
  onProgress?: ProgressListener;
  /** Cancels the operation; whatever was made stays consistent, so the next start resumes. */
  signal?: AbortSignal;
}
