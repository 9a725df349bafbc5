import type { ChatSessionDetail, UIMessage } from "@copilot/protocol";
import { describe, expect, it } from "vitest";
import { initialSnapshot, type LiveSnapshot, statusOf, visibleMessages } from "./live-snapshot";
import { recordedTurns, toEntries } from "./reducer/stream-fixtures";
import { appendEntry, type TaskLog } from "./reducer/task-log";

const TASK = "5d1b3a43-3f5b-4a4e-9d7f-111111111111";
const detail = (patch: Partial<ChatSessionDetail> = {}): ChatSessionDetail => ({
  id: "0b6f6c3e-0f47-4a4f-8f3a-6f2d2c1b0a99",
  title: "t",
  created_at: "2026-01-01T00:00:00.000Z",
  updated_at: "2026-01-01T00:00:00.000Z",
  pinned: false,
  running: false,
  messages: [],
  versions: {},
  active_stream: null,
  ...patch,
});
const user: UIMessage = { id: "u1", role: "user", parts: [{ type: "text", text: "hi" }] };

function logOf(count: number): TaskLog {
  const empty: TaskLog = { stream: initialSnapshot(null).log.stream, entries: [] };
  return toEntries(recordedTurns.textTurn)
    .slice(0, count)
    .reduce<TaskLog>((log, entry) => appendEntry(log, TASK, entry), empty);
}

describe("initialSnapshot", () => {
  it("is streaming from the first paint when the session has an active stream", () => {
    const snapshot = initialSnapshot(
      detail({
        active_stream: { task_id: TASK, last_message_id: "0-0", operation_id: null, tool_name: null },
      }),
    );
    expect(statusOf(snapshot)).toBe("streaming");
    expect(snapshot.log.stream.taskId).toBe(TASK);
    expect(statusOf(initialSnapshot(detail()))).toBe("idle");
  });
});

describe("visibleMessages", () => {
  const base = initialSnapshot(null);

  it("appends the pending user message and the live answer after the saved ones", () => {
    const snapshot: LiveSnapshot = { ...base, pendingUser: user, log: logOf(4) };
    const shown = visibleMessages([], snapshot);
    expect(shown.map((message) => message.id)).toEqual(["u1", "m-text"]);
  });

  it("never shows a message twice: saved copies win by id once the turn ended", () => {
    const live = logOf(recordedTurns.textTurn.length);
    const savedAnswer: UIMessage = {
      id: "m-text",
      role: "assistant",
      parts: [{ type: "text", text: "saved" }],
    };
    const shown = visibleMessages([user, savedAnswer], { ...base, pendingUser: user, log: live });
    expect(shown).toEqual([user, savedAnswer]);
  });

  it("prefers the live copy while the turn still streams", () => {
    const live = logOf(4);
    const stale: UIMessage = { id: "m-text", role: "assistant", parts: [] };
    const shown = visibleMessages([user, stale], { ...base, log: live });
    expect(shown[1]).toBe(live.stream.message);
  });

  it("hides the answer being regenerated", () => {
    const old: UIMessage = { id: "a0", role: "assistant", parts: [] };
    expect(visibleMessages([user, old], { ...base, replacing: "a0" })).toEqual([user]);
  });

  it("hides a replaced message and everything after it, and shows the edited question in its place", () => {
    const answer: UIMessage = { id: "a1", role: "assistant", parts: [] };
    const later: UIMessage = { id: "u2", role: "user", parts: [{ type: "text", text: "more" }] };
    const laterAnswer: UIMessage = { id: "a2", role: "assistant", parts: [] };
    const edited: UIMessage = { id: "u1b", role: "user", parts: [{ type: "text", text: "hi again" }] };
    const saved = [user, answer, later, laterAnswer];
    expect(visibleMessages(saved, { ...base, replacing: "a1" })).toEqual([user]);
    expect(visibleMessages(saved, { ...base, replacing: "u1", pendingUser: edited })).toEqual([edited]);
    // Once the session no longer lists it (the new branch is shown), nothing is cut.
    expect(visibleMessages([edited], { ...base, replacing: "u1" })).toEqual([edited]);
  });

  it("counts a send in flight as streaming", () => {
    expect(statusOf({ ...base, sending: true })).toBe("streaming");
  });
});
