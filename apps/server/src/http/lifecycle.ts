/**
 * Process lifecycle shared by routes and long-lived responses. On SIGTERM/SIGINT new requests get
 * 503 `shutting_down` and every open SSE response ends without `finish` so its client re-attaches
 * (to another process, or to this one after the restart).
 */
export type Lifecycle = {
  readonly shuttingDown: boolean;
  beginShutdown(): void;
  /** Called once when shutdown begins (immediately if it already has); returns an unsubscribe. */
  onShutdown(listener: () => void): () => void;
};

export function createLifecycle(): Lifecycle {
  let shuttingDown = false;
  const listeners = new Set<() => void>();
  return {
    get shuttingDown() {
      return shuttingDown;
    },
    beginShutdown() {
      if (shuttingDown) return;
      shuttingDown = true;
      for (const listener of [...listeners]) listener();
      listeners.clear();
    },
    onShutdown(listener) {
      if (shuttingDown) {
        queueMicrotask(listener);
        return () => {};
      }
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
