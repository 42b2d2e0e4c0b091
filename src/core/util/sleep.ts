// One cancellable wait for core: resolves after `ms`, or as soon as `signal` aborts (the caller checks the signal and
// decides whether that is a cancellation). Nothing is left behind: the timer and the listener go either way.
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
