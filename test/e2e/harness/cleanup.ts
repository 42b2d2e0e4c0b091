/**
 * Teardown that always happens: callers register synchronous last-resort cleanups (kill a process group,
 * remove a temp dir); they run on normal exit, on SIGINT/SIGTERM and on an uncaught error, unless the
 * owner already cleaned up and unregistered.
 */
const pending = new Map<number, () => void>();
let nextId = 1;
let installed = false;

function runAll(): void {
  for (const [id, fn] of [...pending.entries()].reverse()) {
    pending.delete(id);
    try {
      fn();
    } catch {
      /* best effort */
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      runAll();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
}

/** Registers a synchronous cleanup; returns a function that unregisters it. */
export function onExitCleanup(fn: () => void): () => void {
  install();
  const id = nextId++;
  pending.set(id, fn);
  return () => {
    pending.delete(id);
  };
}
