import { describe, expect, it } from "vitest";
import { toEntries, toolTurn } from "./stream-fixtures";
import { idleStreamState, streamStateForTask } from "./stream-state";
import { appendEntry, applyReplay, beginTask, followRelayed, lastIdOf, type TaskLog } from "./task-log";

const TASK = "task-1";
const entries = toEntries(toolTurn);
const empty: TaskLog = { stream: idleStreamState, entries: [] };
const leaderLog = (count: number) =>
  entries.slice(0, count).reduce<TaskLog>((log, entry) => appendEntry(log, TASK, entry), empty);
const full = leaderLog(entries.length);

/** The relayed form of entry `index` of the leader's log. */
const relayed = (index: number) => ({
  taskId: TASK,
  prevId: entries[index - 1]?.id ?? null,
  entry: entries[index]!,
});

describe("task log", () => {
  it("builds the same message from relayed entries as the leader from its connection", () => {
    let follower = empty;
    for (let index = 0; index < entries.length; index++) {
      const step = followRelayed(follower, relayed(index));
      expect(step.inSync).toBe(true);
      follower = step.log;
    }
    expect(follower.stream.message).toEqual(full.stream.message);
    expect(follower.entries).toEqual(full.entries);
  });

  it("notices a gap and fills it from a replay, with entries that arrived meanwhile", () => {
    // Joined late: the first relayed entry it sees is the 6th.
    const late = followRelayed(empty, relayed(5));
    expect(late.inSync).toBe(false);
    expect(late.log.stream.taskId).toBe(TASK);
    expect(late.log.stream.phase).toBe("streaming");
    const replayed = applyReplay(late.log, TASK, entries.slice(0, 6));
    const next = followRelayed(replayed, relayed(6));
    expect(next.inSync).toBe(true);
    expect(next.log.entries).toEqual(entries.slice(0, 7));
  });

  it("ignores duplicates, including a replay that overlaps what it has", () => {
    const mine = leaderLog(8);
    expect(followRelayed(mine, relayed(3))).toEqual({ log: mine, inSync: true });
    const replayed = applyReplay(mine, TASK, entries.slice(0, 10));
    expect(replayed.entries).toEqual(entries.slice(0, 10));
  });

  it("keeps its log when a new leader's replay is behind it (the leader is catching up)", () => {
    const mine = leaderLog(10);
    expect(applyReplay(mine, TASK, entries.slice(0, 7))).toBe(mine);
    // The new leader then relays entry 7 (a duplicate here) and entry 10 chained to 9: in sync.
    expect(followRelayed(mine, relayed(7)).inSync).toBe(true);
    expect(followRelayed(mine, relayed(10)).inSync).toBe(true);
  });

  it("rebuilds from a replay that disagrees with it, keeping the message id", () => {
    const stray = appendEntry(leaderLog(4), TASK, { id: "1900000000000-0", chunk: { type: "start-step" } });
    const rebuilt = applyReplay(stray, TASK, entries);
    expect(rebuilt.entries).toEqual(entries);
    expect(rebuilt.stream.message?.id).toBe(full.stream.message?.id);
  });

  it("switches to a new task on its first entry and adopts a turn whose id arrives late", () => {
    const other = followRelayed(full, { taskId: "task-2", prevId: null, entry: entries[0]! });
    expect(other.inSync).toBe(true);
    expect(other.log.stream.taskId).toBe("task-2");
    expect(lastIdOf(other.log)).toBe(entries[0]!.id);

    const sending: TaskLog = { stream: streamStateForTask(null), entries: [] };
    expect(beginTask(sending, "task-3").stream).toMatchObject({ taskId: "task-3", phase: "streaming" });
  });
});
