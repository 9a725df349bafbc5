/**
 * The turns this process is producing. Cancel and shutdown reach a running turn through here;
 * the HTTP request that started a turn is never involved (closing a tab is not a cancel).
 */
export type StopReason = "cancelled" | "server_shutdown";

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
    /** Runs `work` detached from the caller; errors are reported, never thrown at the caller. */
    start(taskId: string, work: (control: TurnControl) => Promise<void>): void {
      const controller = new AbortController();
      const turn: Running = { controller, reason: null, done: Promise.resolve() };
      turn.done = work({ signal: controller.signal, stopReason: () => turn.reason })
        .catch((error) => onError(error, taskId))
        .finally(() => running.delete(taskId));
      running.set(taskId, turn);
    },
    stop,
    has: (taskId: string) => running.has(taskId),
    get size() {
      return running.size;
    },
    /** Lets turns finish for `graceMs`; the rest end as `server_shutdown`, cleanly (partials saved). */
    async drain(graceMs: number): Promise<void> {
      const all = () => Promise.all([...running.values()].map((turn) => turn.done));
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<"expired">((resolve) => {
        timer = setTimeout(() => resolve("expired"), graceMs);
      });
      const outcome = await Promise.race([all().then(() => "done" as const), expired]);
      clearTimeout(timer);
      if (outcome === "done") return;
      for (const taskId of running.keys()) stop(taskId, "server_shutdown");
      await all();
    },
  };
}
