import type { TerminalTaskStatus, UIMessageChunk } from "@copilot/protocol";
import { bareDelta, type Delta } from "./bare-delta";
import type { FinishResult, StreamStore, WriteOptions } from "./stream-store";

/**
 * `ended`: the task ended elsewhere (cancel, recovery); the producer stops and may clean up.
 * `fenced`: a later attempt owns the task; the producer stops quietly and touches nothing of it.
 */
type WriteResult = { kind: "accepted" } | { kind: "ended" } | { kind: "fenced" };

/** The producer's side of a task's log. One writer per task; the producer owns it. */
export type TaskWriter = {
  /**
   * Writes a chunk in order. A coalescable delta resolves at once (it is sent within coalesceMs);
   * any other chunk resolves once it is stored. `ended` / `fenced` (see WriteResult): the producer
   * should stop. Rejects with the store error of an earlier failed append.
   */
  write(chunk: UIMessageChunk): Promise<WriteResult>;
  /** Sends a pending delta and waits until everything written so far is stored. */
  flush(): Promise<WriteResult>;
  /**
   * Flushes, then finishes the task atomically (see `StreamStore.finish`), fenced by the writer's
   * attempt; the writer is done after.
   */
  finish(status: TerminalTaskStatus, chunks: UIMessageChunk[]): Promise<FinishResult>;
  /** True once the writer is done: the task ended, the writer was fenced, or it finished. */
  readonly ended: boolean;
  /** True once the store refused a write of this writer's attempt: a later attempt owns the task. */
  readonly fenced: boolean;
};

/**
 * Cuts store commands per token without visible latency: adjacent deltas of one part (same type
 * and id) are merged for at most `coalesceMs` (0 = off) into one append. Anything else first
 * sends the pending delta, so the log keeps exactly the order the producer wrote. Appends run one
 * at a time in write order; a slow store makes later deltas merge more, not queue more.
 *
 * The first delta of each part goes out at once when the store is idle: it is the first token the
 * user waits for, and holding it for the window (a timer, which a busy process runs late) cost a
 * new turn's first token 10 ms and more under load. One append more per part.
 */
export function createTaskWriter(
  store: StreamStore,
  taskId: string,
  options: {
    coalesceMs: number;
    /** The producer's attempt, carried by every append and the finish; omitted = unfenced. */
    attempt?: number;
  },
): TaskWriter {
  const fencing: WriteOptions | undefined =
    options.attempt === undefined ? undefined : { attempt: options.attempt };
  let pending: Delta | null = null;
  /** Parts (`type:id`) that have had a delta; the next one of a new part may skip the window. */
  const started = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let windowClosed = false;
  let queued = 0;
  let tail: Promise<void> = Promise.resolve();
  let ended = false;
  let fenced = false;
  let failure: { error: unknown } | null = null;

  const outcome = (): WriteResult =>
    fenced ? { kind: "fenced" } : ended ? { kind: "ended" } : { kind: "accepted" };

  function enqueue(chunk: UIMessageChunk): Promise<void> {
    queued += 1;
    const run = tail
      .then(async () => {
        if (ended || failure) return;
        const result = await store.append(taskId, chunk, fencing);
        if (result.kind === "fenced") fenced = true;
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
        const part = `${chunk.type}:${chunk.id}`;
        if (!started.has(part)) {
          started.add(part);
          if (queued === 0) {
            enqueue(chunk).catch(() => {});
            return outcome();
          }
        }
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
      // Also when already fenced or ended: the store answers why atomically, at no risk.
      const result = await store.finish(taskId, status, chunks, fencing);
      if (result.kind === "fenced") fenced = true;
      ended = true;
      return result;
    },

    get ended() {
      return ended;
    },

    get fenced() {
      return fenced;
    },
  };
}
