import type { StreamEntry, UIMessageChunk } from "@copilot/protocol";
import { afterEach, describe, expect, it, vi } from "vitest";
import { until } from "../testing/until";
import { createMemoryStreamStore } from "./memory/memory-stream-store";
import type { StreamStore } from "./stream-store";
import { createTaskWriter } from "./task-writer";

const text = (delta: string, id = "t1"): UIMessageChunk => ({ type: "text-delta", id, delta });

/** A real in-process store, with its appends counted (the cost coalescing is meant to cut). */
async function setup() {
  const inner = createMemoryStreamStore({ ttlSeconds: 60, maxEntries: 0 });
  let appends = 0;
  const store: StreamStore = {
    ...inner,
    append(taskId, chunk, options) {
      appends += 1;
      return inner.append(taskId, chunk, options);
    },
  };
  await store.createTask({ taskId: "task", sessionId: "session", userId: "u", kind: "chat_turn" });
  await store.append("task", { type: "start" });
  appends = 0;
  async function log(): Promise<UIMessageChunk[]> {
    const read = await inner.read("task", "0-0");
    if (read.kind !== "stream") throw new Error("expected a stream");
    const entries: StreamEntry[] = [];
    const iterator = read.reader[Symbol.asyncIterator]();
    // Only what is stored now: a running task's reader would wait for more.
    const state = await inner.getTask("task");
    while (entries.at(-1)?.id !== state?.lastId) {
      const next = await iterator.next();
      if (next.done) break;
      entries.push(next.value);
    }
    read.reader.close();
    return entries.slice(1).map((entry) => entry.chunk);
  }
  return { store, log, appends: () => appends };
}

describe("task writer", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("appends every chunk on its own when coalescing is off", async () => {
    const { store, log, appends } = await setup();
    const writer = createTaskWriter(store, "task", { coalesceMs: 0 });
    for (const delta of ["a", "b", "c"])
      expect(await writer.write(text(delta))).toEqual({ kind: "accepted" });
    expect(appends()).toBe(3);
    expect(await log()).toEqual([text("a"), text("b"), text("c")]);
  });

  it("sends a part's first delta at once and merges the adjacent ones after it into one append", async () => {
    const { store, log, appends } = await setup();
    const writer = createTaskWriter(store, "task", { coalesceMs: 10 });
    for (let i = 0; i < 100; i++) await writer.write(text(`${i} `));
    await writer.flush();
    expect(appends()).toBe(2);
    expect(await log()).toEqual([
      text("0 "),
      text(Array.from({ length: 99 }, (_, i) => `${i + 1} `).join("")),
    ]);
  });

  it("stores the first delta of each part without waiting for the window", async () => {
    const { store, log, appends } = await setup();
    // A window no test would wait for: only the first delta of each part may be stored meanwhile.
    const writer = createTaskWriter(store, "task", { coalesceMs: 60_000 });
    await writer.write(text("first"));
    await writer.write(text(" held"));
    await until("the first delta stored", async () => appends() === 1);
    await writer.write({ type: "text-end", id: "t1" });
    await writer.write(text("second part", "t2"));
    await until("the second part's first delta stored", async () => appends() === 4);
    expect(await log()).toEqual([
      text("first"),
      text(" held"),
      { type: "text-end", id: "t1" },
      text("second part", "t2"),
    ]);
  });

  it("sends a pending delta after coalesceMs without a flush", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { store, log, appends } = await setup();
    const writer = createTaskWriter(store, "task", { coalesceMs: 10 });
    await writer.write(text("a"));
    await writer.write(text("b"));
    await writer.write(text("c"));
    await vi.advanceTimersByTimeAsync(9);
    expect(appends()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(appends()).toBe(2);
    expect(await log()).toEqual([text("a"), text("bc")]);
  });

  it("keeps order with other chunks: any other chunk sends the pending delta first", async () => {
    const { store, log } = await setup();
    const writer = createTaskWriter(store, "task", { coalesceMs: 50 });
    const tool: UIMessageChunk = { type: "tool-input-start", toolCallId: "c1", toolName: "x" };
    await writer.write(text("a"));
    await writer.write(text("b"));
    await writer.write(tool);
    await writer.write(text("c"));
    await writer.write({ type: "text-end", id: "t1" });
    expect(await log()).toEqual([text("a"), text("b"), tool, text("c"), { type: "text-end", id: "t1" }]);
  });

  it("never merges different parts, kinds, or deltas carrying metadata", async () => {
    const { store, log } = await setup();
    const writer = createTaskWriter(store, "task", { coalesceMs: 50 });
    const reasoning: UIMessageChunk = { type: "reasoning-delta", id: "t1", delta: "r" };
    const withMetadata: UIMessageChunk = { ...text("m"), providerMetadata: { p: { x: 1 } } };
    for (const chunk of [text("a"), text("b", "t2"), reasoning, withMetadata, text("c")])
      await writer.write(chunk);
    await writer.flush();
    expect(await log()).toEqual([text("a"), text("b", "t2"), reasoning, withMetadata, text("c")]);
  });

  it("flushes before finishing, then refuses further writes", async () => {
    const { store, log } = await setup();
    const writer = createTaskWriter(store, "task", { coalesceMs: 1000 });
    await writer.write(text("a"));
    await writer.write(text("b"));
    await writer.write(text("c"));
    const result = await writer.finish("completed", [{ type: "finish" }]);
    expect(result.kind).toBe("finished");
    expect(await log()).toEqual([text("a"), text("bc"), { type: "finish" }]);
    expect(writer.ended).toBe(true);
    expect(await writer.write(text("late"))).toEqual({ kind: "ended" });
  });

  it("reports ended when the task ended elsewhere, so the producer stops", async () => {
    const { store, appends } = await setup();
    const writer = createTaskWriter(store, "task", { coalesceMs: 5 });
    await store.finish("task", "cancelled", [{ type: "abort" }, { type: "finish" }]);
    expect(await writer.write({ type: "start-step" })).toEqual({ kind: "ended" });
    expect(writer.ended).toBe(true);
    expect(await writer.write(text("x"))).toEqual({ kind: "ended" });
    expect(await writer.flush()).toEqual({ kind: "ended" });
    expect(appends()).toBe(1);
    expect((await writer.finish("completed", [{ type: "finish" }])).kind).toBe("already_ended");
  });

  it("reports a failed append at the next write, and can still finish", async () => {
    const { store, log } = await setup();
    let fail = true;
    const flaky: StreamStore = {
      ...store,
      append: (taskId, chunk, options) =>
        fail ? Promise.reject(new Error("redis down")) : store.append(taskId, chunk, options),
    };
    const writer = createTaskWriter(flaky, "task", { coalesceMs: 5 });
    await writer.write(text("lost"));
    await expect(writer.flush()).rejects.toThrow("redis down");
    await expect(writer.write({ type: "start-step" })).rejects.toThrow("redis down");
    fail = false;
    expect(
      (await writer.finish("failed", [{ type: "error", errorText: "x" }, { type: "finish" }])).kind,
    ).toBe("finished");
    expect((await log()).map((chunk) => chunk.type)).toEqual(["error", "finish"]);
  });

  it("cuts appends per token to about one per window", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { store, log, appends } = await setup();
    const writer = createTaskWriter(store, "task", { coalesceMs: 10 });
    // 1,000 tokens one millisecond apart: a fast model.
    for (let i = 0; i < 1000; i++) {
      await writer.write(text("x"));
      await vi.advanceTimersByTimeAsync(1);
    }
    await writer.flush();
    expect(appends()).toBeGreaterThanOrEqual(90);
    expect(appends()).toBeLessThanOrEqual(101);
    expect((await log()).map((chunk) => (chunk.type === "text-delta" ? chunk.delta : "")).join("")).toBe(
      "x".repeat(1000),
    );
    console.info(`[measure] 1000 tokens at 1 ms with coalesceMs=10 → ${appends()} appends`);
  });

  it("merges more, not queues more, while the store is slow", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { store, log } = await setup();
    let release: () => void = () => {};
    let calls = 0;
    const slow: StreamStore = {
      ...store,
      async append(taskId, chunk, options) {
        calls += 1;
        if (calls === 1) await new Promise<void>((resolve) => (release = resolve));
        return store.append(taskId, chunk, options);
      },
    };
    const writer = createTaskWriter(slow, "task", { coalesceMs: 1 });
    const first = writer.write({ type: "start-step" });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBe(1);
    await writer.write(text("a"));
    // Windows close while the first append hangs; the delta keeps growing instead of queueing.
    await vi.advanceTimersByTimeAsync(5);
    await writer.write(text("b"));
    await vi.advanceTimersByTimeAsync(5);
    await writer.write(text("c"));
    expect(calls).toBe(1);
    release();
    await first;
    await writer.flush();
    expect(calls).toBe(2);
    expect(await log()).toEqual([{ type: "start-step" }, text("abc")]);
  });

  describe("fenced by a later attempt", () => {
    it("writes and finishes normally while its attempt owns the task", async () => {
      const { store, log } = await setup();
      expect(await store.claim("task", 1)).toMatchObject({ kind: "claimed" });
      const writer = createTaskWriter(store, "task", { coalesceMs: 5, attempt: 1 });
      expect(await writer.write(text("a"))).toEqual({ kind: "accepted" });
      expect(await writer.write({ type: "start-step" })).toEqual({ kind: "accepted" });
      expect((await writer.finish("completed", [{ type: "finish" }])).kind).toBe("finished");
      expect(writer.fenced).toBe(false);
      expect(await log()).toEqual([text("a"), { type: "start-step" }, { type: "finish" }]);
    });

    it("surfaces fenced from write, then from flush and finish, and stores nothing more", async () => {
      const { store, log } = await setup();
      await store.claim("task", 1);
      const writer = createTaskWriter(store, "task", { coalesceMs: 5, attempt: 1 });
      expect(await writer.write({ type: "start-step" })).toEqual({ kind: "accepted" });
      await store.claim("task", 2);
      // The pending delta goes out first and is refused; the chunk after it is never sent.
      expect(await writer.write(text("late"))).toEqual({ kind: "accepted" });
      expect(await writer.write({ type: "finish-step" })).toEqual({ kind: "fenced" });
      expect(writer.fenced).toBe(true);
      expect(writer.ended).toBe(true);
      expect(await writer.write(text("more"))).toEqual({ kind: "fenced" });
      expect(await writer.flush()).toEqual({ kind: "fenced" });
      expect(await writer.finish("completed", [{ type: "finish" }])).toEqual({ kind: "fenced", attempt: 2 });
      expect(await log()).toEqual([{ type: "start-step" }]);
      expect((await store.getTask("task"))?.status).toBe("running");
    });

    it("surfaces fenced from flush when only a pending delta was refused", async () => {
      const { store, log } = await setup();
      await store.claim("task", 1);
      const writer = createTaskWriter(store, "task", { coalesceMs: 1000, attempt: 1 });
      await writer.write(text("a"));
      await writer.write(text("b"));
      await until("the first delta stored", async () => (await log()).length === 1);
      await store.claim("task", 3);
      expect(await writer.flush()).toEqual({ kind: "fenced" });
      expect(await log()).toEqual([text("a")]);
    });

    it("surfaces fenced from finish: the newer attempt's task keeps running", async () => {
      const { store, appends } = await setup();
      await store.claim("task", 2);
      const writer = createTaskWriter(store, "task", { coalesceMs: 0, attempt: 1 });
      const result = await writer.finish("failed", [{ type: "error", errorText: "x" }, { type: "finish" }]);
      expect(result).toEqual({ kind: "fenced", attempt: 2 });
      expect(writer.fenced).toBe(true);
      expect(appends()).toBe(0);
      expect((await store.getTask("task"))?.status).toBe("running");
      expect(await store.activeTaskForSession("session")).toBe("task");
    });
  });
});
