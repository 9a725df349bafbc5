import { compareEntryIds, isTerminalStatus, type StreamEntry } from "@copilot/protocol";
import type { ReaderEndReason, StreamReader } from "../stream-store";
import { createWakeSignal } from "../wake-signal";
import { type MemoryReaderHandle, type MemoryTask, positionAfter, totalEntries } from "./memory-task";

/**
 * A reader of an in-process task. It holds no copies, only a position in the task's log, so
 * replay costs no memory; once it has caught up it counts as live, and a live reader that falls
 * more than `bufferEntries` behind is closed with `overflow`, as the Redis reader's buffer would be.
 */
export function createMemoryStreamReader(
  task: MemoryTask,
  afterId: string,
  bufferEntries: number,
): StreamReader {
  let position = positionAfter(task, afterId);
  // Live from the moment it has caught up, whether or not its consumer is asking right now
  // (the Redis reader subscribes as soon as its replay reaches the tail, too).
  let live = position === totalEntries(task);
  let endReason: ReaderEndReason | null = null;
  const signal = createWakeSignal();

  const lag = () => totalEntries(task) - position;
  const handle: MemoryReaderHandle = {
    appended() {
      if (live && lag() > bufferEntries) end("overflow");
      signal.notify();
    },
    gone: () => end("expired"),
    close: () => end("closed"),
  };
  task.readers.add(handle);

  function end(reason: ReaderEndReason) {
    endReason ??= reason;
    task.readers.delete(handle);
    signal.notify();
  }

  async function next(): Promise<IteratorResult<StreamEntry>> {
    while (endReason === null) {
      if (task.deleted || position < task.trimmedCount) {
        // The log expired or was trimmed past this reader: never skip entries silently.
        end("expired");
        break;
      }
      if (position < totalEntries(task)) {
        const entry = task.entries[position - task.trimmedCount]!;
        position += 1;
        if (position === totalEntries(task)) live = true;
        // A cursor from the future: entries at or before it are not "strictly after".
        if (compareEntryIds(entry.id, afterId) <= 0) continue;
        if (entry.chunk.type === "finish") end("finished");
        return { done: false, value: entry };
      }
      if (isTerminalStatus(task.status)) {
        end("finished");
        break;
      }
      live = true;
      await signal.wait();
    }
    return { done: true, value: undefined };
  }

  return {
    get endReason() {
      return endReason;
    },
    get buffered() {
      return live && endReason === null ? lag() : 0;
    },
    get available() {
      return endReason === null ? lag() : 0;
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
