/**
 * The agent runs this process executes now, each with an AbortController, so a cancel that lands
 * here stops it at once and shutdown can stop what is left after its grace period. Runs come from
 * the `agent_run` job (the REST API) or from a `run_agent` operation.
 */
export type RunRegistry = {
  /**
   * Runs `work` until it settles. When `outer` (the job's signal) aborts, the run stops with
   * `handoff` (BullMQ gives the job to another worker, which runs it again) or `shutdown`.
   */
  run<T>(runId: string, work: (signal: AbortSignal) => Promise<T>, outer?: AbortSignal): Promise<T>;
  /** Aborts the run if this process runs it; false when it does not. */
  abort(runId: string, reason: RunStopReason): boolean;
  /** Resolves when the run (if here) has ended. */
  settled(runId: string): Promise<void>;
  /** Whether this process runs it now. */
  has(runId: string): boolean;
  readonly size: number;
  /** Waits up to `graceMs` for running runs, then aborts the rest with `shutdown` and waits for them. */
  drain(graceMs: number): Promise<void>;
};

/** Why a run was stopped: the user asked, the process is going away, or its job moves to another worker. */
export type RunStopReason = "cancel" | "shutdown" | "handoff";

export class RunStopped extends Error {
  override name = "RunStopped";
  constructor(readonly reason: RunStopReason) {
    super(
      reason === "cancel"
        ? "the run was cancelled"
        : reason === "handoff"
          ? "the run moves to another worker"
          : "the server shut down",
    );
  }
}

export function createRunRegistry(): RunRegistry {
  const runs = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  return {
    async run(runId, work, outer) {
      const controller = new AbortController();
      const stop = () =>
        controller.abort(new RunStopped(outer?.reason === "handoff" ? "handoff" : "shutdown"));
      if (outer?.aborted) stop();
      else outer?.addEventListener("abort", stop, { once: true });
      const done = work(controller.signal);
      const entry = { controller, done: done.catch(() => undefined) };
      runs.set(runId, entry);
      try {
        return await done;
      } finally {
        outer?.removeEventListener("abort", stop);
        if (runs.get(runId) === entry) runs.delete(runId);
      }
    },
    abort(runId, reason) {
      const run = runs.get(runId);
      if (!run) return false;
      if (!run.controller.signal.aborted) run.controller.abort(new RunStopped(reason));
      return true;
    },
    settled: async (runId) => {
      await runs.get(runId)?.done;
    },
    has: (runId) => runs.has(runId),
    get size() {
      return runs.size;
    },
    async drain(graceMs) {
      const all = () => Promise.all([...runs.values()].map((run) => run.done));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([all(), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
      for (const run of runs.values()) {
        if (!run.controller.signal.aborted) run.controller.abort(new RunStopped("shutdown"));
      }
      await all();
    },
  };
}
