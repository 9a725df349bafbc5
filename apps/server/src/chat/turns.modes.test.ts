import type { StreamEntry } from "@copilot/protocol";
import { compareEntryIds } from "@copilot/protocol";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { chatTasks } from "../db/schema";
import { createGate, type Step, scriptedModel, textStep, toolCallStep } from "../testing/scripted-model";
import { chunkTypes, openSse, textOf } from "../testing/sse-client";
import { createTestApp, modeAvailable, type TestApp, type TestUser } from "../testing/test-app";

const available = await modeAvailable();

/** The model's script is swapped per test; the app (and its database) is shared by the file. */
let script: Step[] = [];
const model = scriptedModel([(options) => resolveStep(options)]);
let stepIndex = 0;
function resolveStep(options: Parameters<Extract<Step, (o: never) => unknown>>[0]) {
  const step = script[Math.min(stepIndex, script.length - 1)] ?? [];
  stepIndex += 1;
  return typeof step === "function" ? step(options) : step;
}
function useScript(...steps: Step[]) {
  script = steps;
  stepIndex = 0;
}

function expectWellFormed(entries: StreamEntry[]) {
  const types = chunkTypes(entries);
  expect(types.filter((type) => type === "start")).toHaveLength(1);
  expect(types[0]).toBe("start");
  expect(types.filter((type) => type === "finish")).toHaveLength(1);
  expect(types.at(-1)).toBe("finish");
  for (let i = 1; i < entries.length; i++) {
    expect(compareEntryIds(entries[i - 1]!.id, entries[i]!.id)).toBeLessThan(0);
  }
}

describe.skipIf(!available)("chat turns", () => {
  let t: TestApp;
  let base: string;
  let user: TestUser;
  let other: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ model });
    base = await t.listen();
    user = await t.signup();
    other = await t.signup();
  });
  afterAll(() => t?.close());
  afterEach(() => useScript());

  const newSession = (who: TestUser = user) => t.newSession(who);
  const post = (sessionId: string, body: object, who: TestUser = user) => t.postTurn(who, sessionId, body);
  const getJson = async (url: string, who: TestUser = user) =>
    (await t.app.inject({ method: "GET", url, headers: who.headers })).json();
  const taskIdOf = (entries: StreamEntry[]) => {
    const start = entries[0]?.chunk;
    if (start?.type !== "start") throw new Error("no start chunk");
    return (start.messageMetadata as { taskId: string }).taskId;
  };

  it("streams a text turn with SSE framing and saves exactly one assistant message with the start's id", async () => {
    useScript(textStep("t1", "Hello", ", ", "world"));
    const sessionId = await newSession();
    const sse = await post(sessionId, { message: "hi there" });
    await sse.ended;
    expect(sse.status).toBe(200);
    expect(sse.headers.get("content-type")).toBe("text/event-stream");
    expect(sse.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(sse.headers.get("x-accel-buffering")).toBe("no");
    expect(sse.headers.get("x-vercel-ai-ui-message-stream")).toBe("v1");
    expect(sse.headers.get("content-encoding")).toBeNull();
    expect(sse.headers.get("x-copilot-heartbeat-ms")).toBe("15000");
    expect(sse.comments).toContain("connected");
    expect(sse.done).toBe(true);
    expectWellFormed(sse.entries);
    expect(textOf(sse.entries)).toBe("Hello, world");
    const start = sse.entries[0]!.chunk as { messageId: string; messageMetadata: Record<string, string> };
    expect(start.messageMetadata).toMatchObject({ sessionId, model: "test" });

    const session = await getJson(`/api/chat/sessions/${sessionId}`);
    expect(session.active_stream).toBeNull();
    expect(session.title).toBe("hi there");
    expect(session.messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant"]);
    const answer = session.messages[1];
    expect(answer.id).toBe(start.messageId);
    expect(answer.parts).toContainEqual(expect.objectContaining({ type: "text", text: "Hello, world" }));
    expect(answer.metadata).toMatchObject({
      model: "test",
      status: "completed",
      taskId: taskIdOf(sse.entries),
    });

    const task = await getJson(`/api/chat/tasks/${taskIdOf(sse.entries)}`);
    expect(task).toMatchObject({
      session_id: sessionId,
      kind: "chat_turn",
      status: "completed",
      error_code: null,
    });
    expect(task.last_message_id).toBe(sse.entries.at(-1)!.id);
    expect(task.ended_at).not.toBeNull();
  });

  it("runs text → tool → text, with the tool's output in the message", async () => {
    useScript(toolCallStep("call-1", "get_current_time", {}), textStep("t2", "It is now."));
    const sessionId = await newSession();
    const sse = await post(sessionId, { message: "what time is it" });
    await sse.ended;
    expectWellFormed(sse.entries);
    const types = chunkTypes(sse.entries);
    expect(types).toEqual(
      expect.arrayContaining([
        "tool-input-start",
        "tool-input-available",
        "tool-output-available",
        "text-delta",
      ]),
    );
    expect(types.indexOf("tool-output-available")).toBeLessThan(types.lastIndexOf("text-delta"));
    const session = await getJson(`/api/chat/sessions/${sessionId}`);
    const toolPart = session.messages[1].parts.find(
      (part: { type: string }) => part.type === "tool-get_current_time",
    );
    expect(toolPart).toMatchObject({ state: "output-available", output: { iso: expect.any(String) } });
  });

  it("ends a provider error mid-stream as failed: status notice, error, finish; the partial is saved", async () => {
    useScript([
      { type: "text-start", id: "t3" },
      { type: "text-delta", id: "t3", delta: "partial answer" },
      { type: "fail", error: Object.assign(new Error("upstream exploded"), { statusCode: 502 }) },
    ]);
    const sessionId = await newSession();
    const sse = await post(sessionId, { message: "break please" });
    await sse.ended;
    expectWellFormed(sse.entries);
    const tail = sse.entries.slice(-3).map((entry) => entry.chunk);
    expect(tail[0]).toMatchObject({
      type: "data-task-status",
      data: { status: "failed", code: "model_error" },
    });
    expect(tail[1]).toMatchObject({ type: "error" });
    expect((tail[1] as { errorText: string }).errorText).toContain("502");
    expect(tail[2]).toMatchObject({ type: "finish" });
    const task = await getJson(`/api/chat/tasks/${taskIdOf(sse.entries)}`);
    expect(task).toMatchObject({ status: "failed", error_code: "model_error" });
    const session = await getJson(`/api/chat/sessions/${sessionId}`);
    expect(session.messages[1].parts).toContainEqual(
      expect.objectContaining({ type: "text", text: "partial answer" }),
    );
    expect(session.messages[1].metadata).toMatchObject({ status: "failed", errorCode: "model_error" });
  });

  it("keeps a turn going when a tool call fails: the error is the tool's, the turn completes", async () => {
    useScript(toolCallStep("bad-1", "list_workspace_files", { limit: "many" }), textStep("t8", "Recovered."));
    const sessionId = await newSession();
    const sse = await post(sessionId, { message: "list badly" });
    await sse.ended;
    expectWellFormed(sse.entries);
    expect(chunkTypes(sse.entries)).toContain("tool-input-error");
    expect(chunkTypes(sse.entries)).not.toContain("error");
    expect(textOf(sse.entries)).toBe("Recovered.");
    const task = await getJson(`/api/chat/tasks/${taskIdOf(sse.entries)}`);
    expect(task).toMatchObject({ status: "completed", error_code: null });
  });

  it("still ends the stream, as failed/internal, when the database refuses the final save", async () => {
    const gate = createGate();
    useScript([
      { type: "text-start", id: "u" },
      { type: "gate", gate },
      { type: "text-delta", id: "u", delta: "never saved" },
      { type: "text-end", id: "u" },
      ...textStep("u2").slice(-1),
    ]);
    const sessionId = await newSession();
    const sse = await post(sessionId, { message: "save me" });
    await gate.reached;
    // A real failure of the database, not a mock: the message table is gone when the turn ends.
    await t.deps.db.execute(sql`ALTER TABLE chat_messages RENAME TO chat_messages_away`);
    try {
      gate.open();
      await sse.ended;
    } finally {
      await t.deps.db.execute(sql`ALTER TABLE chat_messages_away RENAME TO chat_messages`);
    }
    expectWellFormed(sse.entries);
    expect(sse.entries.at(-3)?.chunk).toMatchObject({
      type: "data-task-status",
      data: { status: "failed", code: "internal" },
    });
    const task = await getJson(`/api/chat/tasks/${taskIdOf(sse.entries)}`);
    expect(task).toMatchObject({ status: "failed", error_code: "internal" });
    const session = await getJson(`/api/chat/sessions/${sessionId}`);
    expect(session.active_stream).toBeNull();
    // The session is free again.
    useScript(textStep("u3", "Back."));
    const next = await post(sessionId, { message: "again" });
    await next.ended;
    expect(textOf(next.entries)).toBe("Back.");
  });

  it("shows an internal failure (not a provider's) as internal: the detail is logged, never streamed", async () => {
    useScript([
      { type: "text-start", id: "i" },
      { type: "text-delta", id: "i", delta: "so far" },
      { type: "fail", error: new Error("connect ECONNREFUSED 10.1.2.3:6379 (redis secret-host)") },
    ]);
    const sessionId = await newSession();
    const sse = await post(sessionId, { message: "fail inside" });
    await sse.ended;
    expectWellFormed(sse.entries);
    expect(JSON.stringify(sse.entries)).not.toMatch(/ECONNREFUSED|secret-host/);
    expect(sse.entries.at(-3)?.chunk).toMatchObject({
      type: "data-task-status",
      data: { status: "failed", code: "internal" },
    });
    expect(sse.entries.at(-2)?.chunk).toMatchObject({
      type: "error",
      errorText: expect.stringMatching(/internal/),
    });
    const task = await getJson(`/api/chat/tasks/${taskIdOf(sse.entries)}`);
    expect(task).toMatchObject({ status: "failed", error_code: "internal" });
  });

  /** What a Redis outage that outlived its producer leaves: the row ended a while ago, the log still running. */
  async function staleStream(sessionId: string) {
    const taskId = crypto.randomUUID();
    await t.deps.streams.createTask({ taskId, sessionId, userId: user.id, kind: "chat_turn" });
    await t.deps.streams.append(taskId, { type: "start", messageId: crypto.randomUUID() });
    const endedAt = new Date(Date.now() - 60_000);
    await t.deps.db.insert(chatTasks).values({
      id: taskId,
      sessionId,
      userId: user.id,
      kind: "chat_turn",
      status: "failed",
      errorCode: "stream_unavailable",
      messageId: crypto.randomUUID(),
      model: "scripted",
      createdAt: endedAt,
      updatedAt: endedAt,
      endedAt,
    });
    const reader = await openSse(`${base}/api/chat/tasks/${taskId}/stream?last_message_id=0-0`, {
      headers: user.headers,
    });
    expect(reader.status).toBe(200);
    return reader;
  }

  async function expectTruthfulEnd(reader: Awaited<ReturnType<typeof staleStream>>) {
    await reader.ended;
    expect(reader.done).toBe(true);
    expect(reader.entries.at(-3)?.chunk).toMatchObject({
      type: "data-task-status",
      data: { status: "failed", code: "stream_unavailable" },
    });
  }

  it("frees a session held by a stream whose task row ended long ago: the next turn ends it", async () => {
    const sessionId = await newSession();
    const reader = await staleStream(sessionId);
    useScript(textStep("h", "healed"));
    const next = await post(sessionId, { message: "anyone there?" });
    await next.ended;
    expect(next.status).toBe(200);
    expect(textOf(next.entries)).toBe("healed");
    await expectTruthfulEnd(reader);
  });

  it("frees a session held by a stream whose task row ended long ago: a page load or resume ends it", async () => {
    const sessionId = await newSession();
    const reader = await staleStream(sessionId);
    const resume = await t.app.inject({
      method: "GET",
      url: `/api/chat/sessions/${sessionId}/stream`,
      headers: user.headers,
    });
    expect(resume.statusCode).toBe(204);
    expect((await getJson(`/api/chat/sessions/${sessionId}`)).active_stream).toBeNull();
    await expectTruthfulEnd(reader);
  });

  it("refuses a second turn while one runs (409 turn_active with the task id), then accepts after it ends", async () => {
    const gate = createGate();
    useScript([
      { type: "text-start", id: "g" },
      { type: "text-delta", id: "g", delta: "working" },
      { type: "gate", gate },
      { type: "text-end", id: "g" },
      ...textStep("x").slice(-1),
    ]);
    const sessionId = await newSession();
    const first = await post(sessionId, { message: "first" });
    await gate.reached;
    await first.waitFor((entries) => entries.length > 0);
    const second = await t.app.inject({
      method: "POST",
      url: `/api/chat/sessions/${sessionId}/stream`,
      headers: user.headers,
      payload: { message: "second" },
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({ code: "turn_active", task_id: taskIdOf(first.entries) });
    gate.open();
    await first.ended;
    useScript(textStep("t4", "ok"));
    const third = await post(sessionId, { message: "third" });
    await third.ended;
    expect(third.status).toBe(200);
  });

  it("attaches a repeated client_message_id to the existing turn instead of starting another", async () => {
    const gate = createGate();
    useScript([
      { type: "text-start", id: "r" },
      { type: "gate", gate },
      { type: "text-delta", id: "r", delta: "once" },
      { type: "text-end", id: "r" },
      ...textStep("y").slice(-1),
    ]);
    const sessionId = await newSession();
    const first = await post(sessionId, { message: "idempotent", client_message_id: "client-1" });
    await gate.reached;
    const again = await post(sessionId, { message: "idempotent", client_message_id: "client-1" });
    gate.open();
    await Promise.all([first.ended, again.ended]);
    expect(taskIdOf(again.entries)).toBe(taskIdOf(first.entries));
    expect(again.entries.map((entry) => entry.id)).toEqual(first.entries.map((entry) => entry.id));
    const session = await getJson(`/api/chat/sessions/${sessionId}`);
    expect(session.messages.filter((m: { role: string }) => m.role === "user")).toHaveLength(1);
    expect(model.doStreamCalls.length).toBeGreaterThan(0);
  });

  it("accepts the AI SDK transport body and regenerates the last answer as a new version", async () => {
    useScript(textStep("t5", "first answer"));
    const sessionId = await newSession();
    const userMessage = { id: "u-1", role: "user", parts: [{ type: "text", text: "tell me" }] };
    const first = await post(sessionId, {
      id: sessionId,
      messages: [userMessage],
      trigger: "submit-message",
    });
    await first.ended;
    const before = await getJson(`/api/chat/sessions/${sessionId}`);
    const oldAnswer = before.messages[1].id;

    useScript(textStep("t6", "second answer"));
    const regenerated = await post(sessionId, {
      id: sessionId,
      messages: [userMessage],
      trigger: "regenerate-message",
      messageId: oldAnswer,
    });
    await regenerated.ended;
    const after = await getJson(`/api/chat/sessions/${sessionId}`);
    const newAnswer = after.messages[1].id;
    expect(after.messages.map((m: { id: string }) => m.id)).toEqual(["u-1", newAnswer]);
    expect(newAnswer).not.toBe(oldAnswer);
    expect(after.messages[1].parts).toContainEqual(expect.objectContaining({ text: "second answer" }));
    expect(after.versions).toEqual({ [newAnswer]: { index: 2, count: 2, previous: oldAnswer, next: null } });
  });

  it.each([
    {
      label: "an over-long message",
      payload: { message: "x".repeat(32_001) },
      status: 413,
      code: "message_too_long",
    },
    { label: "an empty message", payload: { message: "" }, status: 400, code: "bad_request" },
    { label: "no message", payload: {}, status: 400, code: "bad_request" },
    {
      label: "an SDK body without a user message",
      payload: { messages: [{ id: "a", role: "assistant", parts: [] }] },
      status: 400,
      code: "bad_request",
    },
  ])("answers $label with $status $code", async ({ payload, status, code }) => {
    const sessionId = await newSession();
    const response = await t.app.inject({
      method: "POST",
      url: `/api/chat/sessions/${sessionId}/stream`,
      headers: user.headers,
      payload,
    });
    expect(response.statusCode).toBe(status);
    expect(response.json().error.code).toBe(code);
  });

  it("resumes a task stream strictly after a cursor (query or Last-Event-ID) and validates cursors", async () => {
    useScript(textStep("t7", "a", "b", "c", "d", "e"));
    const sessionId = await newSession();
    const sse = await post(sessionId, { message: "letters" });
    await sse.ended;
    const taskId = taskIdOf(sse.entries);
    const middle = sse.entries[3]!.id;
    const rest = await openSse(`${base}/api/chat/tasks/${taskId}/stream?last_message_id=${middle}`, {
      headers: user.headers,
    });
    await rest.ended;
    expect(rest.entries).toEqual(sse.entries.slice(4));
    expect(rest.done).toBe(true);
    const byHeader = await openSse(`${base}/api/chat/tasks/${taskId}/stream`, {
      headers: { ...user.headers, "last-event-id": middle },
    });
    await byHeader.ended;
    expect(byHeader.entries).toEqual(sse.entries.slice(4));
    const atEnd = await openSse(
      `${base}/api/chat/tasks/${taskId}/stream?last_message_id=${sse.entries.at(-1)!.id}`,
      {
        headers: user.headers,
      },
    );
    await atEnd.ended;
    expect(atEnd.entries).toEqual([]);
    expect(atEnd.done).toBe(true);

    const bad = await t.app.inject({
      method: "GET",
      url: `/api/chat/tasks/${taskId}/stream?last_message_id=banana`,
      headers: user.headers,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("invalid_cursor");
    const foreign = await t.app.inject({
      method: "GET",
      url: `/api/chat/tasks/${taskId}/stream`,
      headers: other.headers,
    });
    expect(foreign.statusCode).toBe(404);
    const unknown = await t.app.inject({
      method: "GET",
      url: "/api/chat/tasks/00000000-0000-4000-8000-000000000000/stream",
      headers: user.headers,
    });
    expect(unknown.statusCode).toBe(404);
  });

  it("serves GET /sessions/{id}/stream: 204 when idle, the running task from its first chunk otherwise", async () => {
    const sessionId = await newSession();
    const idle = await t.app.inject({
      method: "GET",
      url: `/api/chat/sessions/${sessionId}/stream`,
      headers: user.headers,
    });
    expect(idle.statusCode).toBe(204);
    const gate = createGate();
    useScript([
      { type: "text-start", id: "s" },
      { type: "text-delta", id: "s", delta: "early " },
      { type: "gate", gate },
      { type: "text-delta", id: "s", delta: "late" },
      { type: "text-end", id: "s" },
      ...textStep("z").slice(-1),
    ]);
    const original = await post(sessionId, { message: "go" });
    await gate.reached;
    const resumed = await openSse(`${base}/api/chat/sessions/${sessionId}/stream`, { headers: user.headers });
    await resumed.waitFor((entries) => textOf(entries) === "early ");
    gate.open();
    await Promise.all([original.ended, resumed.ended]);
    expect(resumed.entries).toEqual(original.entries);
    expect(textOf(resumed.entries)).toBe("early late");
  });

  it("always shows either the message or active_stream across a turn's end (polled)", async () => {
    const gates = [createGate(), createGate(), createGate()];
    useScript([
      { type: "text-start", id: "p" },
      ...gates.flatMap(
        (
          gate,
          i,
        ): Array<{ type: "gate"; gate: typeof gate } | { type: "text-delta"; id: string; delta: string }> => [
          { type: "gate", gate },
          { type: "text-delta", id: "p", delta: `part${i} ` },
        ],
      ),
      { type: "text-end", id: "p" },
      ...textStep("q").slice(-1),
    ]);
    const sessionId = await newSession();
    const sse = await post(sessionId, { message: "poll me" });
    let sawActive = false;
    let sawMessage = false;
    let polls = 0;
    let turnOver = false;
    // Resolved after each completed poll, so every stage of the turn is polled at least once.
    let polled = createGate();
    const poller = (async () => {
      // Keep polling until a poll sees the finished message: every poll must see one of the two.
      while (!(turnOver && sawMessage)) {
        const session = await getJson(`/api/chat/sessions/${sessionId}`);
        polls += 1;
        const hasAnswer = session.messages.some((m: { role: string }) => m.role === "assistant");
        expect(hasAnswer || session.active_stream !== null).toBe(true);
        if (session.active_stream) {
          sawActive = true;
          expect(hasAnswer).toBe(false); // the running turn's message is left out
        }
        if (hasAnswer) sawMessage = true;
        const done = polled;
        polled = createGate();
        done.open();
        // PGlite answers through microtasks only: yield so the turn (and the timers) can run.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (const gate of gates) {
      await gate.reached;
      await Promise.race([polled.opened, poller]); // a failed poll ends the test here
      gate.open();
    }
    await sse.ended;
    turnOver = true;
    await poller;
    expect(sawActive).toBe(true);
    expect(sawMessage).toBe(true);
    expect(polls).toBeGreaterThan(gates.length);
  });

  it("keeps generating when the client disconnects (closing a tab is not a cancel)", async () => {
    const gate = createGate();
    useScript([
      { type: "text-start", id: "d" },
      { type: "gate", gate },
      { type: "text-delta", id: "d", delta: "finished anyway" },
      { type: "text-end", id: "d" },
      ...textStep("w").slice(-1),
    ]);
    const sessionId = await newSession();
    const sse = await post(sessionId, { message: "bye" });
    await gate.reached;
    await sse.waitFor((entries) => entries.length > 0);
    const taskId = taskIdOf(sse.entries);
    sse.close();
    gate.open();
    const replay = await openSse(`${base}/api/chat/tasks/${taskId}/stream?last_message_id=0-0`, {
      headers: user.headers,
    });
    await replay.ended;
    expect(textOf(replay.entries)).toBe("finished anyway");
    expect((await getJson(`/api/chat/tasks/${taskId}`)).status).toBe("completed");
  });

  it("deleting a session mid-turn cancels the turn first", async () => {
    const gate = createGate();
    useScript([{ type: "text-start", id: "x" }, { type: "gate", gate }, ...textStep("never").slice(-1)]);
    const sessionId = await newSession();
    const sse = await post(sessionId, { message: "delete me" });
    await gate.reached;
    await sse.waitFor((entries) => entries.length > 0);
    const taskId = taskIdOf(sse.entries);
    const removed = await t.app.inject({
      method: "DELETE",
      url: `/api/chat/sessions/${sessionId}`,
      headers: user.headers,
    });
    expect(removed.statusCode).toBe(204);
    await sse.ended;
    expect(chunkTypes(sse.entries).slice(-2)).toEqual(["abort", "finish"]);
    const task = await t.app.inject({
      method: "GET",
      url: `/api/chat/tasks/${taskId}`,
      headers: user.headers,
    });
    expect(task.statusCode).toBe(404);
  });
});
