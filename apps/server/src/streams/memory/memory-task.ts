import { compareEntryIds, type StreamEntry, type TaskStatus } from "@copilot/protocol";
import type { StreamTaskMeta } from "../stream-store";

/** What a reader of an in-process task is told; both calls are synchronous with the change. */
export type MemoryReaderHandle = { appended(): void; gone(): void; close(): void };

/**
 * One task of the in-process store. `entries` holds what is retained; `trimmedCount` entries
 * before it were trimmed, so absolute positions (`trimmedCount + index`) stay valid for readers.
 */
export type MemoryTask = {
  meta: StreamTaskMeta;
  status: TaskStatus;
  /** The highest claimed attempt; writes carrying a lower one are fenced. */
  attempt: number;
  entries: StreamEntry[];
  trimmedCount: number;
  lastRemovedId: string | null;
  createdAt: number;
  endedAt: number | null;
  expiresAt: number;
  saved: boolean;
  cancelRequested: boolean;
  deleted: boolean;
  nextId: () => string;
  readers: Set<MemoryReaderHandle>;
};

export function totalEntries(task: MemoryTask): number {
  return task.trimmedCount + task.entries.length;
}

/** Absolute position of the first retained entry strictly after `afterId` (binary search). */
export function positionAfter(task: MemoryTask, afterId: string): number {
  let low = 0;
  let high = task.entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const entry = task.entries[middle]!;
    if (compareEntryIds(entry.id, afterId) <= 0) low = middle + 1;
    else high = middle;
  }
  return task.trimmedCount + low;
}

/** Keeps the newest `maxEntries`; readers behind the cut notice through their position. */
export function trimTask(task: MemoryTask, maxEntries: number): void {
  if (maxEntries <= 0 || task.entries.length <= maxEntries) return;
  const removed = task.entries.splice(0, task.entries.length - maxEntries);
  task.trimmedCount += removed.length;
  task.lastRemovedId = removed.at(-1)!.id;
}
