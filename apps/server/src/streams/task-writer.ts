import type { TerminalTaskStatus, UIMessageChunk } from "@copilot/protocol";
import type { FinishResult, StreamStore } from "./stream-store";

type WriteResult = { kind: "accepted" } | { kind: "ended" };

/** The producer's side of a task's log. One writer per task; the producer owns it. */
export type TaskWriter = {
  /**
   * Writes a chunk in order. A coalescable delta resolves at once (it is sent within coalesceMs);
   * any other chunk resolves once it is stored. `ended`: the task ended elsewhere (cancel, lease
   * loss) and the producer should stop. Rejects with the store error of an earlier failed append.
   */
  write(chunk: UIMessageChunk): Promise<WriteResult>;
  /** Sends a pending delta and waits until everything written so far is stored. */
  flush(): Promise<WriteResult>;
  /** Flushes, then finishes the task atomically (see `StreamStore.finish`); the writer is done after. */
  finish(status: TerminalTaskStatus, chunks: UIMessageChunk[]): Promise<FinishResult>;
  readonly ended: boolean;
};

type Delta = Extract<UIMessageChunk, { type: "text-delta" | "reasoning-delta" }>;

/** Only bare deltas merge: one carrying provider metadata (or any other field) keeps its own entry. */
function bareDelta(chunk: UIMessageChunk): chunk is Delta {
  if (chunk.type !== "text-delta" && chunk.type !== "reasoning-delta") return false;
  return Object.keys(chunk).every((key) => key === "type" || key === "id" || key === "delta");
}

/**
 * Cuts store commands per token without visible latency: adjacent deltas of one part (same type
 * and id) are merged for at most `coalesceMs` (0 = off) into one append. Anything else first
 * sends the pending delta, so the log keeps exactly the order the producer wrote. Appends run one
 * at a time in write order; a slow store makes later deltas merge more, not queue more.
 */
export function createTaskWriter(
  store: StreamStore,
  taskId: string,
  options: { coalesceMs: number },
): TaskWriter {
  let pending: Delta | null = null;
  let timer: NodeJS.Timeout | null = null;
  let windowClosed = false;
  let queued = 0;
  let tail: Promise<void> = Promise.resolve();
  let ended = false;
  let failure: { error: unknown } | null = null;

  const outcome = (): WriteResult => (ended ? { kind: "ended" } : { kind: "accepted" });

  function enqueue(chunk: UIMessageChunk): Promise<void> {
    queued += 1;
    const run = tail
      .then(async () => {
        if (ended || failure) return;
        const result = await store.append(taskId, chunk);
        if (result.kind !== "appended") ended = true;
      })
      .finally(() => {
        queued -= 1;
        // A delta whose window closed while the store was busy goes out now, grown meanwhile.
        if (queued === 0 && windowClosed) sendPending();
      });
    // The chain survives a failure (finish must still run); the error is reported once, later.
    tail = run.catch((error: unknown) => {
      failure ??= { error };
    });
    return run;
  }

  function sendPending() {
    if (timer) clearTimeout(timer);
    timer = null;
    windowClosed = false;
    if (!pending) return;
    const chunk = pending;
    pending = null;
    enqueue(chunk).catch(() => {});
  }

  function throwIfFailed() {
    if (failure) throw failure.error;
  }

  return {
    async write(chunk) {
      throwIfFailed();
      if (chunk.type === "finish") throw new Error("a finish chunk is written by finish()");
      if (ended) return outcome();
      if (options.coalesceMs > 0 && bareDelta(chunk)) {
        if (pending && pending.type === chunk.type && pending.id === chunk.id) {
          pending = { ...pending, delta: pending.delta + chunk.delta };
          return outcome();
        }
        sendPending();
        pending = { ...chunk };
        // The window opens with the first delta and never extends, so an idle store sees it after
        // coalesceMs at most; a busy one gets it as soon as the append ahead of it is done.
        timer = setTimeout(() => {
          timer = null;
          windowClosed = true;
          if (queued === 0) sendPending();
        }, options.coalesceMs);
        return outcome();
      }
      sendPending();
      await enqueue(chunk);
      return outcome();
    },

    async flush() {
      sendPending();
      await tail;
      throwIfFailed();
      return outcome();
    },

    async finish(status, chunks) {
      sendPending();
      await tail;
      const result = await store.finish(taskId, status, chunks);
      ended = true;
      return result;
    },

    get ended() {
      return ended;
    },
  };
}
