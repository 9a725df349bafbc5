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
   * Writes a chunk in order. A coalescable delta resolves at once (it is sent within coalesceMs),
   * and so does a chunk that only opens something (it goes out with what follows it); any other
   * chunk resolves once it is stored. `ended` / `fenced` (see WriteResult): the producer
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
 * A chunk that only opens something (the message, a step, a part): the chunks after it follow at
 * once, so its write does not wait for the store and it goes out with them. A new turn's `start`,
 * `start-step`, `text-start` and first delta were four round trips in a row, each waiting a turn of
 * a busy event loop; now the first is in flight while the model starts and the rest follow in one.
 */
const OPENING = new Set<UIMessageChunk["type"]>(["start", "start-step", "text-start", "reasoning-start"]);

/**
 * Cuts store commands per token without visible latency. Appends run one at a time in write order,
 * and whatever the producer writes while one is in flight goes out in the next, together (one
 * command on Redis). Adjacent deltas of one part (same type and id) are also merged for at most
 * `coalesceMs` (0 = off) into one entry; anything else first sends the pending delta, so the log
 * keeps exactly the order the producer wrote. A slow store makes later deltas merge more, not
 * queue more.
 *
 * The first delta of each part goes out at once (with what waits for the store, if anything): it is
 * the first token the user waits for, and holding it for the window (a timer, which a busy process
 * runs late) cost a new turn's first token 10 ms and more under load. One entry more per part.
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
  /** Chunks written and not yet handed to the store, in write order. Deltas in it are copies. */
  let waiting: UIMessageChunk[] = [];
  /** The delta being merged for its window; it follows everything in `waiting`. */
  let pending: Delta | null = null;
  /** Parts (`type:id`) that have had a delta; the next one of a new part skips the window. */
  const started = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  /** The window closed while an append was in flight: the delta goes with the next append. */
  let windowClosed = false;
  let inFlight: Promise<void> | null = null;
  let ended = false;
  let fenced = false;
  let failure: { error: unknown } | null = null;

  const outcome = (): WriteResult =>
    fenced ? { kind: "fenced" } : ended ? { kind: "ended" } : { kind: "accepted" };

  const samePart = (chunk: UIMessageChunk | null | undefined, delta: Delta): chunk is Delta =>
    !!chunk && chunk.type === delta.type && bareDelta(chunk) && chunk.id === delta.id;

  async function send(chunks: UIMessageChunk[]) {
    if (ended || failure) return;
    try {
      const result = await store.append(taskId, chunks, fencing);
      if (result.kind === "fenced") fenced = true;
      if (result.kind !== "appended") ended = true;
    } catch (error) {
      // Nothing after a failed append is sent; the error is reported once, by the next call.
      failure ??= { error };
    }
  }

  /** Hands everything waiting to the store, unless an append is in flight (then it goes next). */
  function pump() {
    if (inFlight || waiting.length === 0) return;
    const chunks = waiting;
    waiting = [];
    inFlight = send(chunks).finally(() => {
      inFlight = null;
      if (windowClosed) sendPending();
      else pump();
    });
  }

  function sendPending() {
    if (timer) clearTimeout(timer);
    timer = null;
    windowClosed = false;
    if (pending) waiting.push(pending);
    pending = null;
    pump();
  }

  /** Waits until everything handed to the store so far is stored (or refused, or failed). */
  async function settle() {
    while (inFlight) await inFlight;
  }

  function throwIfFailed() {
    if (failure) throw failure.error;
  }

  function writeDelta(delta: Delta) {
    if (samePart(pending, delta)) {
      pending = { ...pending, delta: pending.delta + delta.delta };
      return;
    }
    sendPending();
    const last = waiting.at(-1);
    if (samePart(last, delta)) {
      // Not sent yet (an append is in flight): grow it rather than queue another entry.
      waiting[waiting.length - 1] = { ...last, delta: last.delta + delta.delta };
      return;
    }
    const part = `${delta.type}:${delta.id}`;
    if (!started.has(part)) {
      started.add(part);
      waiting.push({ ...delta });
      pump();
      return;
    }
    pending = { ...delta };
    // The window opens with the first delta and never extends, so an idle store sees it after
    // coalesceMs at most; a busy one gets it as soon as the append ahead of it is done.
    timer = setTimeout(() => {
      timer = null;
      if (inFlight) windowClosed = true;
      else sendPending();
    }, options.coalesceMs);
  }

  return {
    async write(chunk) {
      throwIfFailed();
      if (chunk.type === "finish") throw new Error("a finish chunk is written by finish()");
      if (ended) return outcome();
      if (options.coalesceMs > 0 && bareDelta(chunk)) {
        writeDelta(chunk);
        return outcome();
      }
      sendPending();
      waiting.push(chunk);
      pump();
      if (OPENING.has(chunk.type)) return outcome();
      // Any other chunk resolves once stored: it is in the append in flight or in the next one.
      if (waiting.includes(chunk)) await inFlight;
      await inFlight;
      throwIfFailed();
      return outcome();
    },

    async flush() {
      sendPending();
      await settle();
      throwIfFailed();
      return outcome();
    },

    async finish(status, chunks) {
      sendPending();
      await settle();
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
