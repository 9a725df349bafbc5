/**
 * The in-process half of cancel, shared by both stores: listeners per task, each fired at most once.
 * Cross-process delivery (Redis pub/sub plus the flag in the task hash) feeds `fire`.
 */
export type CancelRegistry = {
  /** Registers a listener; the returned function unregisters it (a no-op once it fired). */
  add(taskId: string, listener: () => void): () => void;
  /** Fires and forgets every listener of the task; later listeners are not fired by this call. */
  fire(taskId: string): void;
  /** Task ids that have listeners (to re-check their flags after a reconnect). */
  taskIds(): string[];
  clear(): void;
};

export function createCancelRegistry(): CancelRegistry {
  const listeners = new Map<string, Set<() => void>>();

  function remove(taskId: string, entry: () => void) {
    const set = listeners.get(taskId);
    if (!set) return;
    set.delete(entry);
    if (set.size === 0) listeners.delete(taskId);
  }

  return {
    add(taskId, listener) {
      let set = listeners.get(taskId);
      if (!set) {
        set = new Set();
        listeners.set(taskId, set);
      }
      const entry = () => listener();
      set.add(entry);
      return () => remove(taskId, entry);
    },
    fire(taskId) {
      const set = listeners.get(taskId);
      if (!set) return;
      // Deleted before calling, so a listener that throws or re-registers cannot fire twice.
      listeners.delete(taskId);
      for (const entry of set) {
        try {
          entry();
        } catch {
          // A producer's cancel handler failing must not keep the others from stopping.
        }
      }
    },
    taskIds: () => [...listeners.keys()],
    clear: () => listeners.clear(),
  };
}
