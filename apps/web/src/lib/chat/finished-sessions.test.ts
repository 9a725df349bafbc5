import type { ChatSession } from "@copilot/protocol";
import { describe, expect, it } from "vitest";
import { finishedSince } from "./finished-sessions";

const at = "2026-12-06T05:00:00.000Z";
const session = (id: string, running: boolean): ChatSession => ({
  id,
  title: `chat ${id}`,
  running,
  created_at: at,
  updated_at: at,
  pinned: false,
});

describe("finishedSince", () => {
  it("reports a chat that was running and no longer is, once", () => {
    const first = finishedSince(new Map(), [session("a", true), session("b", false)]);
    expect(first.finished).toEqual([]);
    const second = finishedSince(first.seen, [session("a", false), session("b", false)]);
    expect(second.finished.map((s) => s.id)).toEqual(["a"]);
    const third = finishedSince(second.seen, [session("a", false)]);
    expect(third.finished).toEqual([]);
  });

  it("ignores chats seen for the first time and chats that start running", () => {
    const first = finishedSince(new Map(), [session("a", false)]);
    const second = finishedSince(first.seen, [session("a", true), session("new", false)]);
    expect(second.finished).toEqual([]);
  });

  it("remembers chats that dropped out of the page it was given", () => {
    const first = finishedSince(new Map(), [session("a", true)]);
    const second = finishedSince(first.seen, []);
    expect(finishedSince(second.seen, [session("a", false)]).finished.map((s) => s.id)).toEqual(["a"]);
  });
});
