/**
 * The turns this process is producing. Cancel and the job worker's shutdown reach a running turn
 * through here; the HTTP request that started a turn is never involved (closing a tab is not a
 * cancel).
 */
export type StopReason =
  | "cancelled"
  /** Nobody will continue the turn (the in-process worker is stopping): it ends as `server_shutdown`. */
  | "server_shutdown"
  /** The job goes back to the queue and another worker continues it from the log at once. */
  | "handoff";

export type TurnControl = {
  signal: AbortSignal;
  /** Why the turn was stopped, or null while it is allowed to run. */
  stopReason(): StopReason | null;
};

type Running = { controller: AbortController; reason: StopReason | null; done: Promise<void> };

export type TurnRegistry = ReturnType<typeof createTurnRegistry>;

export function createTurnRegistry(onError: (error: unknown, taskId: string) => void) {
  const running = new Map<string, Running>();

  function stop(taskId: string, reason: StopReason): boolean {
    const turn = running.get(taskId);
    if (!turn) return false;
    turn.reason ??= reason;
    turn.controller.abort(reason);
    return true;
  }

  return {
    /**
     * Runs `work` as the turn `taskId` until it returns; errors are reported, never thrown at the
     * caller. `stopWith` (the job's signal) stops it with the signal's reason.
     */
    run(
      taskId: string,
      work: (control: TurnControl) => Promise<void>,
      stopWith?: AbortSignal,
    ): Promise<void> {
      const controller = new AbortController();
      const turn: Running = { controller, reason: null, done: Promise.resolve() };
      const onStop = () => stop(taskId, stopWith?.reason === "handoff" ? "handoff" : "server_shutdown");
      running.set(taskId, turn);
      if (stopWith?.aborted) onStop();
      stopWith?.addEventListener("abort", onStop, { once: true });
      turn.done = work({ signal: controller.signal, stopReason: () => turn.reason })
        .catch((error) => onError(error, taskId))
        .finally(() => {
          stopWith?.removeEventListener("abort", onStop);
          running.delete(taskId);
        });
      return turn.done;
    },
    stop,
    has: (taskId: string) => running.has(taskId),
    get size() {
      return running.size;
    },
  };
}
