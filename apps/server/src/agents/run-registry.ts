/**
 * The agent runs this process executes (Part A runs them as detached calls in the serving process;
 * docs/agents.md says what that means on a crash). Each has an AbortController, so a cancel that
 * lands here stops it at once and shutdown can stop what is left after its grace period.
 */
export type RunRegistry = {
  /** Starts `work` detached; a throw from it is reported to `onError`, never to the caller. */
  start(runId: string, work: (signal: AbortSignal) => Promise<void>): void;
  /** Aborts the run if this process runs it; false when it does not. */
  abort(runId: string, reason: RunStopReason): boolean;
  /** Resolves when the run (if here) has ended. */
  settled(runId: string): Promise<void>;
  readonly size: number;
  /** Waits up to `graceMs` for running runs, then aborts the rest with `shutdown` and waits for them. */
  drain(graceMs: number): Promise<void>;
};

/** Why a run was stopped: the user asked, or the process is going away. */
export type RunStopReason = "cancel" | "shutdown";

export class RunStopped extends Error {
  override name = "RunStopped";
  constructor(readonly reason: RunStopReason) {
    super(reason === "cancel" ? "the run was cancelled" : "the server shut down");
  }
}

export function createRunRegistry(onError: (error: unknown, runId: string) => void): RunRegistry {
  const runs = new Map<string, { controller: AbortController; done: Promise<void> }>();
  return {
    start(runId, work) {
      const controller = new AbortController();
      const done = Promise.resolve()
        .then(() => work(controller.signal))
        .catch((error: unknown) => onError(error, runId))
        .finally(() => runs.delete(runId));
      runs.set(runId, { controller, done });
    },
    abort(runId, reason) {
      const run = runs.get(runId);
      if (!run) return false;
      if (!run.controller.signal.aborted) run.controller.abort(new RunStopped(reason));
      return true;
    },
    settled: async (runId) => runs.get(runId)?.done,
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
