/**
 * The operations this process runs now, each with an AbortController: a cancel that lands in
 * this process stops its work at once (other processes learn it from the row and the stream's
 * cancel signal).
 */
export type OperationRegistry = {
  run<T>(operationId: string, work: (signal: AbortSignal) => Promise<T>, outer?: AbortSignal): Promise<T>;
  abort(operationId: string, reason: unknown): boolean;
  readonly size: number;
};

export function createOperationRegistry(): OperationRegistry {
  const running = new Map<string, AbortController>();
  return {
    async run(operationId, work, outer) {
      const controller = new AbortController();
      const stop = () => controller.abort(outer?.reason);
      if (outer?.aborted) stop();
      else outer?.addEventListener("abort", stop, { once: true });
      running.set(operationId, controller);
      try {
        return await work(controller.signal);
      } finally {
        outer?.removeEventListener("abort", stop);
        if (running.get(operationId) === controller) running.delete(operationId);
      }
    },
    abort(operationId, reason) {
      const controller = running.get(operationId);
      if (!controller) return false;
      controller.abort(reason);
      return true;
    },
    get size() {
      return running.size;
    },
  };
}
