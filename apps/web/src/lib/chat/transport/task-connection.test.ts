import type { StreamEntry, UIMessageChunk } from "@copilot/protocol";
import { describe, expect, it } from "vitest";
import { connectTask, HEARTBEAT_HEADER, type StreamSource } from "./task-connection";

const TASK = "5d1b3a43-3f5b-4a4e-9d7f-222222222222";
const fast = { baseMs: 5, maxMs: 20, jitter: 0 };

type Script = {
  /** Frames written at once. */
  frames: string[];
  /** How the body then ends: closed cleanly, errored (a reset socket), or left hanging (a stall). */
  end: "close" | "error" | "hang";
  status?: number;
  json?: unknown;
  heartbeatMs?: number;
};

const frame = (id: string, chunk: UIMessageChunk) => `id: ${id}\ndata: ${JSON.stringify(chunk)}\n\n`;
const start = frame("1-0", { type: "start", messageId: "m", messageMetadata: { taskId: TASK } });
const delta = (id: string, text: string) => frame(id, { type: "text-delta", id: "t", delta: text });
const finish = frame("9-0", { type: "finish" });

/** A fetch that plays one script per call and records what was asked. */
function scriptedFetch(scripts: Script[]) {
  const calls: { url: string; method: string; body: string | null }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    calls.push({ url: String(input), method: init?.method ?? "GET", body: (init?.body as string) ?? null });
    const script = scripts.shift();
    if (!script) throw new TypeError("no more scripted responses");
    if (script.status && script.status !== 200) {
      return new Response(JSON.stringify(script.json), { status: script.status });
    }
    const encoder = new TextEncoder();
    // One frame per pull: an errored stream drops what is still queued, and a real socket delivers
    // its bytes before the reset.
    const pending = [": connected\n\n", ...script.frames];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        init?.signal?.addEventListener("abort", () =>
          controller.error(new DOMException("aborted", "AbortError")),
        );
      },
      pull(controller) {
        const next = pending.shift();
        if (next !== undefined) return controller.enqueue(encoder.encode(next));
        if (script.end === "close") controller.close();
        if (script.end === "error") controller.error(new TypeError("network error"));
        // "hang": never enqueue again; only an abort ends it.
        return new Promise<void>(() => {});
      },
    });
    const headers = script.heartbeatMs ? { [HEARTBEAT_HEADER]: String(script.heartbeatMs) } : undefined;
    return new Response(body, { status: 200, headers });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

function follow(source: StreamSource, scripts: Script[]) {
  const { fetch, calls } = scriptedFetch(scripts);
  const entries: StreamEntry[] = [];
  const reconnecting: boolean[] = [];
  const taskIds: string[] = [];
  const connection = connectTask({
    source,
    fetch,
    backoff: fast,
    lastId: () => entries.at(-1)?.id ?? null,
    events: {
      onEntry: (entry) => entries.push(entry),
      onTaskId: (id, how) => taskIds.push(`${how}:${id}`),
      onReconnecting: (value) => reconnecting.push(value),
    },
  });
  return { connection, calls, entries, reconnecting, taskIds };
}

const post: StreamSource = {
  kind: "post",
  sessionId: "s1",
  body: { message: "hi", client_message_id: "c1" },
};

describe("connectTask", () => {
  it("re-attaches after a drop strictly after the last applied id", async () => {
    const run = follow({ kind: "task", taskId: TASK }, [
      { frames: [start, delta("2-0", "a")], end: "error" },
      { frames: [delta("3-0", "b"), finish], end: "close" },
    ]);
    expect(await run.connection.done).toEqual({ kind: "finished" });
    expect(run.calls.map((call) => call.url)).toEqual([
      `/api/chat/tasks/${TASK}/stream?last_message_id=0-0`,
      `/api/chat/tasks/${TASK}/stream?last_message_id=2-0`,
    ]);
    expect(run.entries.map((entry) => entry.id)).toEqual(["1-0", "2-0", "3-0", "9-0"]);
    expect(run.reconnecting).toEqual([true, false]);
  });

  it("treats a body that ends without finish as a disconnect", async () => {
    const run = follow({ kind: "task", taskId: TASK }, [
      { frames: [start], end: "close" },
      { frames: [finish], end: "close" },
    ]);
    expect(await run.connection.done).toEqual({ kind: "finished" });
    expect(run.calls[1]?.url).toContain("last_message_id=1-0");
  });

  it("detects a stall (no byte for two heartbeats) and re-attaches", async () => {
    const run = follow({ kind: "task", taskId: TASK }, [
      { frames: [start], end: "hang", heartbeatMs: 20 },
      { frames: [finish], end: "close", heartbeatMs: 20 },
    ]);
    expect(await run.connection.done).toEqual({ kind: "finished" });
    expect(run.calls).toHaveLength(2);
    expect(run.calls[1]?.url).toContain("last_message_id=1-0");
  });

  it("repeats a POST that dropped before its start, then resumes the task by id", async () => {
    const run = follow(post, [
      { frames: [], end: "error" },
      { frames: [start, delta("2-0", "a")], end: "error" },
      { frames: [finish], end: "close" },
    ]);
    expect(await run.connection.done).toEqual({ kind: "finished" });
    expect(run.calls.map((call) => call.method)).toEqual(["POST", "POST", "GET"]);
    // The same client message id both times: the server attaches instead of starting a second turn.
    expect(run.calls[0]?.body).toBe(run.calls[1]?.body);
    expect(run.calls[2]?.url).toBe(`/api/chat/tasks/${TASK}/stream?last_message_id=2-0`);
    expect(run.taskIds).toEqual([`started:${TASK}`]);
  });

  it("attaches to the running turn on 409 turn_active", async () => {
    const run = follow(post, [
      {
        frames: [],
        end: "close",
        status: 409,
        json: { error: { code: "turn_active", message: "busy", task_id: TASK } },
      },
      { frames: [start, finish], end: "close" },
    ]);
    expect(await run.connection.done).toEqual({ kind: "finished" });
    expect(run.calls[1]?.url).toBe(`/api/chat/tasks/${TASK}/stream?last_message_id=0-0`);
    expect(run.taskIds).toEqual([`turn_active:${TASK}`]);
    expect(run.reconnecting).toEqual([]);
  });

  it("retries a 503 and gives up on a 410", async () => {
    const run = follow({ kind: "task", taskId: TASK }, [
      { frames: [], end: "close", status: 503, json: { error: { code: "shutting_down", message: "bye" } } },
      { frames: [], end: "close", status: 410, json: { error: { code: "task_expired", message: "gone" } } },
    ]);
    const end = await run.connection.done;
    expect(end.kind).toBe("rejected");
    expect(end.kind === "rejected" && end.error.code).toBe("task_expired");
  });

  it("stops without cancelling anything", async () => {
    const run = follow({ kind: "task", taskId: TASK }, [{ frames: [start], end: "hang" }]);
    while (run.entries.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    run.connection.stop();
    expect(await run.connection.done).toEqual({ kind: "stopped" });
    expect(run.calls.every((call) => !call.url.includes("cancel"))).toBe(true);
  });

  it("skips frames that are not valid chunks", async () => {
    const run = follow({ kind: "task", taskId: TASK }, [
      {
        frames: [start, 'id: 2-0\ndata: {"type":"no-such-chunk"}\n\n', "id: 3-0\ndata: not json\n\n", finish],
        end: "close",
      },
    ]);
    expect(await run.connection.done).toEqual({ kind: "finished" });
    expect(run.entries.map((entry) => entry.id)).toEqual(["1-0", "9-0"]);
  });
});
