import { compareEntryIds, type StreamEntry } from "@copilot/protocol";
import { applyEntry, type StreamState, streamStateForTask } from "./stream-state";

/**
 * A tab's copy of the current task: every entry applied so far, from the task's first, and the
 * state they build. Each tab keeps one, so whichever tab leads next can resume from its own last id
 * and replay the whole task to a tab that joins late. Pure functions over immutable values.
 */
export type TaskLog = { readonly stream: StreamState; readonly entries: readonly StreamEntry[] };

/** An entry as the leader relays it, chained to the one before it in the leader's log. */
export type RelayedEntry = { taskId: string; prevId: string | null; entry: StreamEntry };

export const lastIdOf = (log: TaskLog): string | null => log.entries.at(-1)?.id ?? null;

/**
 * The log for `taskId`: the same log when it already is that task's, the current one adopted when
 * it is a turn whose id was not known yet (a POST before its `start`), else a fresh one.
 */
export function beginTask(log: TaskLog, taskId: string): TaskLog {
  if (log.stream.taskId === taskId) return log;
  if (log.stream.taskId === null && log.entries.length === 0 && log.stream.phase === "streaming") {
    return { ...log, stream: { ...log.stream, taskId } };
  }
  return { stream: streamStateForTask(taskId), entries: [] };
}

/** Appends an entry of `taskId` (switching to that task first); duplicates leave the log as is. */
export function appendEntry(log: TaskLog, taskId: string, entry: StreamEntry): TaskLog {
  const current = beginTask(log, taskId);
  const last = lastIdOf(current);
  if (last !== null && compareEntryIds(entry.id, last) <= 0) return current;
  return { stream: applyEntry(current.stream, entry), entries: [...current.entries, entry] };
}

/**
 * A follower's step for one relayed entry. `inSync: false` means a gap (the follower joined late,
 * or missed a message while a new leader took over): it must ask the leader for a replay.
 */
export function followRelayed(log: TaskLog, relayed: RelayedEntry): { log: TaskLog; inSync: boolean } {
  const current = beginTask(log, relayed.taskId);
  const last = lastIdOf(current);
  if (last !== null && compareEntryIds(relayed.entry.id, last) <= 0) return { log: current, inSync: true };
  if (relayed.prevId !== last) return { log: current, inSync: false };
  return { log: appendEntry(current, relayed.taskId, relayed.entry), inSync: true };
}

/**
 * Applies a leader's replay (its log of `taskId` from the first entry). A follower that is a prefix
 * of it takes the rest; one ahead of it (the new leader is catching up) keeps what it has; anything
 * else is rebuilt from the replay. The message keeps its id throughout, so its element stays.
 */
export function applyReplay(log: TaskLog, taskId: string, entries: readonly StreamEntry[]): TaskLog {
  const rebuild = () =>
    entries.reduce<TaskLog>((next, entry) => appendEntry(next, taskId, entry), {
      stream: streamStateForTask(taskId),
      entries: [],
    });
  const current = beginTask(log, taskId);
  const last = lastIdOf(current);
  if (last === null)
    return entries.reduce<TaskLog>((next, entry) => appendEntry(next, taskId, entry), current);
  const index = entries.findIndex((entry) => entry.id === last);
  if (index !== -1) {
    return entries
      .slice(index + 1)
      .reduce<TaskLog>((next, entry) => appendEntry(next, taskId, entry), current);
  }
  const replayLast = entries.at(-1)?.id;
  if (
    replayLast !== undefined &&
    compareEntryIds(replayLast, last) < 0 &&
    entries.every((entry, position) => current.entries[position]?.id === entry.id)
  ) {
    return current;
  }
  return rebuild();
}
