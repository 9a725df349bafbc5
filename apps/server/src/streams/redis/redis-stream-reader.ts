import { compareEntryIds, type TaskStatus } from "@copilot/protocol";
import {
  REPLAY_PAGE_ENTRIES,
  type ReadEntry,
  type ReaderEndReason,
  type StreamReader,
} from "../stream-store";
import { createWakeSignal } from "../wake-signal";
import type { LiveSink } from "./redis-live-reader";
import type { LogEntry } from "./redis-replies";

/** One replay page and the task state read in the same step (see `fetchPage` in the store). */
export type Page = {
  status: TaskStatus | null;
  trimmedId: string | null;
  /** Entries ever written to the task (the newest entry's `n`). */
  count: number;
  lastId: string | null;
  entries: LogEntry[];
};

export type ReaderSource = {
  fetchPage(afterId: string): Promise<Page>;
  subscribe(sink: LiveSink): () => void;
  bufferEntries: number;
  /** Called once when the reader ends, whatever the reason. */
  onEnd(): void;
};

/**
 * A Redis reader: replay in pages of REPLAY_PAGE_ENTRIES, then live entries from the process's
 * multiplexed reader into a bounded buffer. While the consumer takes one page the next is fetched
 * (never more than that one ahead), so Redis' work on a page overlaps ours on the previous one
 * instead of adding to it; a reader holds at most two pages.
 * It subscribes as soon as a page comes back short (the task was caught up at that instant), with
 * that page's last id, so nothing appended in between is missed; entries carry their number `n`,
 * and any gap (a trim or expiry racing the reader) ends it with `expired` instead of skipping.
 */
export function createRedisStreamReader(source: ReaderSource, afterId: string, first: Page): StreamReader {
  let page: LogEntry[] = [];
  let index = 0;
  let replayDone = false;
  let cursor = afterId;
  // The number `n` of the entry at the cursor, when known: at the exact tail (or the start of an
  // empty log), else from the first yielded entry. A made-up cursor past the tail stays unknown.
  const atTail = afterId === first.lastId || (first.count === 0 && afterId === "0-0");
  let lastN: number | null = first.entries.length === 0 && atTail ? first.count : null;
  // The page after `page`, requested when `page` arrived full; `ahead` once it is back.
  let fetching: Promise<Page> | null = null;
  let ahead: Page | null = null;
  let live: { buffer: LogEntry[]; unsubscribe: () => void } | null = null;
  let endReason: ReaderEndReason | null = null;
  const signal = createWakeSignal();

  function end(reason: ReaderEndReason) {
    if (endReason === null) source.onEnd();
    endReason ??= reason;
    page = [];
    index = 0;
    fetching = null;
    ahead = null;
    live?.unsubscribe();
    if (live) live.buffer = [];
    signal.notify();
  }

  function goLive(from: string) {
    let lastReceived = from;
    const state = { buffer: [] as LogEntry[], unsubscribe: () => {} };
    live = state;
    const sink: LiveSink = {
      get lastReceived() {
        return lastReceived;
      },
      deliver(entries) {
        state.buffer.push(...entries);
        lastReceived = entries.at(-1)!.id;
        // Dropped rather than grown: the consumer resumes from its last id with a fresh replay.
        if (state.buffer.length > source.bufferEntries) end("overflow");
        else if (entries.at(-1)!.isFinish) state.unsubscribe();
        signal.notify();
      },
      lost: (reason) => end(reason),
    };
    state.unsubscribe = source.subscribe(sink);
  }

  function accept(next: Page) {
    page = next.entries;
    index = 0;
    if (next.entries.length < REPLAY_PAGE_ENTRIES) {
      replayDone = true;
      if (next.status === "running") goLive(next.entries.at(-1)?.id ?? cursor);
    } else {
      // The consumer will take this whole page, so the next one starts after its last entry.
      const request = source.fetchPage(next.entries.at(-1)!.id);
      fetching = request;
      request.then(
        (reply) => {
          if (fetching === request) ahead = reply;
        },
        // Rethrown where it is awaited (`nextPage`); a reader closed meanwhile never asks.
        () => {},
      );
    }
  }

  /** The page after the current one: the one fetched ahead, or (for the first) a fetch now. */
  function nextPage(): Promise<Page> {
    const request = fetching ?? source.fetchPage(cursor);
    fetching = null;
    ahead = null;
    return request;
  }

  function take(): LogEntry | undefined {
    if (index === page.length && ahead !== null && ahead.status !== null) {
      // Already here: carry on without waiting, so a batch of frames can span pages.
      const next = ahead;
      fetching = null;
      ahead = null;
      accept(next);
    }
    if (index < page.length) {
      const entry = page[index++];
      // Release a consumed page at once, so `buffered` is exact.
      if (index === page.length) {
        page = [];
        index = 0;
      }
      return entry;
    }
    return live?.buffer.shift();
  }

  async function next(): Promise<IteratorResult<ReadEntry>> {
    while (endReason === null) {
      const entry = take();
      if (entry) {
        if (compareEntryIds(entry.id, cursor) <= 0) continue;
        if (lastN !== null && entry.n !== lastN + 1) {
          end("expired");
          break;
        }
        lastN = entry.n;
        cursor = entry.id;
        if (entry.isFinish) end("finished");
        return { done: false, value: entry };
      }
      if (live) {
        await signal.wait();
        continue;
      }
      // Replay of an ended task is complete: its finish was in it, or at or before the cursor.
      if (replayDone) {
        end("finished");
        break;
      }
      let reply: Page;
      try {
        reply = await nextPage();
      } catch (error) {
        end("closed");
        throw error;
      }
      if (endReason !== null) break;
      if (reply.status === null) {
        end("expired");
        break;
      }
      accept(reply);
    }
    return { done: true, value: undefined };
  }

  accept(first);

  return {
    get endReason() {
      return endReason;
    },
    get buffered() {
      return page.length - index + (ahead?.entries.length ?? 0) + (live?.buffer.length ?? 0);
    },
    get available() {
      if (endReason !== null) return 0;
      const next = ahead !== null && ahead.status !== null ? ahead.entries.length : 0;
      return page.length - index + next + (live?.buffer.length ?? 0);
    },
    close: () => end("closed"),
    [Symbol.asyncIterator]: () => ({
      next,
      async return() {
        end("closed");
        return { done: true, value: undefined };
      },
    }),
  };
}
