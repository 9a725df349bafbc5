/**
 * Resolves after `ms`, or at once when `signal` aborts. Never rejects, so an aborted wait leaves no
 * dangling rejection; the caller checks `signal.aborted` itself. Shared by the server's paced offline
 * answers and the web's reconnect backoff.
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
