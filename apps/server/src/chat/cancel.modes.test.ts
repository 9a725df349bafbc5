import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createGate, scriptedModel, textStep } from "../testing/scripted-model";
import { chunkTypes, openSse, textOf } from "../testing/sse-client";
import { createTestApp, modeAvailable, type TestApp, type TestUser, testMode } from "../testing/test-app";
import { until, waitOptions, within } from "../testing/until";

const available = await modeAvailable();

/** A model that writes one word, then waits (for a gate that never opens) until aborted. */
function stallingModel() {
  return scriptedModel([
    () => [
      { type: "text-start", id: "s" },
      { type: "text-delta", id: "s", delta: "thinking hard" },
      { type: "gate", gate: createGate() },
    ],
  ]);
}

describe.skipIf(!available)("cancel", () => {
  let a: TestApp;
  let b: TestApp | undefined;
  let baseA: string;
  let user: TestUser;

  beforeAll(async () => {
    a = await createTestApp({ model: stallingModel() });
    baseA = await a.listen();
    user = await a.signup();
    // A second "process" on the same database and Redis: cancel must cross between them.
    if (testMode === "scaled") b = await createTestApp({ model: stallingModel(), shareWith: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  async function startStalledTurn() {
    const sessionId = (
      await a.app.inject({ method: "POST", url: "/api/chat/sessions", headers: user.headers, payload: {} })
    ).json().id as string;
    const sse = await openSse(`${baseA}/api/chat/sessions/${sessionId}/stream`, {
      method: "POST",
      headers: { ...user.headers, "content-type": "application/json" },
      body: JSON.stringify({ message: "take your time" }),
    });
    await sse.waitFor((entries) => textOf(entries) === "thinking hard");
    const taskId = (sse.entries[0]!.chunk as { messageMetadata: { taskId: string } }).messageMetadata.taskId;
    return { sessionId, sse, taskId };
  }

  it("stops the turn: cancelled status, abort + finish, partial saved, next turn accepted; idempotent", async () => {
    const { sessionId, sse, taskId } = await startStalledTurn();
    const response = await a.app.inject({
      method: "POST",
      url: `/api/chat/tasks/${taskId}/cancel`,
      headers: user.headers,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ task_id: taskId, status: "cancelled" });
    await sse.ended;
    expect(sse.done).toBe(true);
    expect(chunkTypes(sse.entries).slice(-3)).toEqual(["data-task-status", "abort", "finish"]);
    expect(sse.entries.at(-3)!.chunk).toMatchObject({ data: { status: "cancelled" }, transient: true });

    const session = (
      await a.app.inject({ method: "GET", url: `/api/chat/sessions/${sessionId}`, headers: user.headers })
    ).json();
    expect(session.active_stream).toBeNull();
    const answer = session.messages.at(-1);
    expect(answer.metadata).toMatchObject({ status: "cancelled" });
    expect(answer.parts).toContainEqual(expect.objectContaining({ type: "text", text: "thinking hard" }));

    const again = await a.app.inject({
      method: "POST",
      url: `/api/chat/tasks/${taskId}/cancel`,
      headers: user.headers,
    });
    expect(again.json()).toEqual({ task_id: taskId, status: "cancelled" });
    const task = (
      await a.app.inject({ method: "GET", url: `/api/chat/tasks/${taskId}`, headers: user.headers })
    ).json();
    expect(task).toMatchObject({ status: "cancelled", error_code: null });

    // Nothing can follow the finish: a late reader gets the same log and [DONE].
    const late = await openSse(`${baseA}/api/chat/tasks/${taskId}/stream`, { headers: user.headers });
    await late.ended;
    expect(late.entries).toEqual(sse.entries);

    const next = await openSse(`${baseA}/api/chat/sessions/${sessionId}/stream`, {
      method: "POST",
      headers: { ...user.headers, "content-type": "application/json" },
      body: JSON.stringify({ message: "again" }),
    });
    expect(next.status).toBe(200);
    await next.waitFor((entries) => entries.length > 0);
    const nextTask = (next.entries[0]!.chunk as { messageMetadata: { taskId: string } }).messageMetadata
      .taskId;
    expect(nextTask).not.toBe(taskId);
    await a.app.inject({ method: "POST", url: `/api/chat/tasks/${nextTask}/cancel`, headers: user.headers });
    await next.ended;
  });

  it("answers a cancel of an ended task with its status, and 404 for someone else's task", async () => {
    const { taskId } = await startStalledTurn();
    await a.app.inject({ method: "POST", url: `/api/chat/tasks/${taskId}/cancel`, headers: user.headers });
    const stranger = await a.signup();
    const foreign = await a.app.inject({
      method: "POST",
      url: `/api/chat/tasks/${taskId}/cancel`,
      headers: stranger.headers,
    });
    expect(foreign.statusCode).toBe(404);
    const noOrigin = await a.app.inject({
      method: "POST",
      url: `/api/chat/tasks/${taskId}/cancel`,
      headers: { cookie: user.cookie },
    });
    expect(noOrigin.statusCode).toBe(403);
  });

  it.runIf(testMode === "scaled")(
    "stops a turn running in another process when the cancel arrives at this one",
    async () => {
      const { sse, taskId } = await startStalledTurn();
      // Either process's worker may have taken the job; exactly one runs it.
      const owner = await vi.waitFor(() => {
        const running = [a, b!].filter((app) => app.deps.turns.has(taskId));
        expect(running).toHaveLength(1);
        return running[0]!;
      }, waitOptions);
      const other = owner === a ? b! : a;
      const response = await other.app.inject({
        method: "POST",
        url: `/api/chat/tasks/${taskId}/cancel`,
        headers: user.headers,
      });
      expect(response.json()).toEqual({ task_id: taskId, status: "cancelled" });
      await sse.ended;
      expect(chunkTypes(sse.entries).slice(-2)).toEqual(["abort", "finish"]);
      // The runner leaves the registry just after its finish reaches readers: poll, with a deadline.
      await vi.waitFor(() => expect(owner.deps.turns.has(taskId)).toBe(false), {
        timeout: 5000,
        interval: 10,
      });
    },
  );
});

describe.skipIf(!available)("stream retention", () => {
  const model = () => scriptedModel([textStep("r", "one ", "two ", "three ", "four ", "five")]);
  // Two apps, so neither check races the other's clock: trimming with the default (an hour's)
  // lifetime, expiry with a one-second one.
  let trimming: TestApp;
  let expiring: TestApp;
  let base: string;
  beforeAll(async () => {
    trimming = await createTestApp({
      model: model(),
      env: { STREAM_MAX_ENTRIES: "3", STREAM_COALESCE_MS: "0" },
    });
    expiring = await createTestApp({
      model: model(),
      env: { STREAM_TTL_SECONDS: "1", STREAM_COALESCE_MS: "0" },
    });
    base = await trimming.listen();
    await expiring.listen();
  });
  afterAll(() => Promise.all([trimming?.close(), expiring?.close()]));

  /** A finished turn of a new user: its task id, session id and every frame it streamed. */
  async function finishedTurn(t: TestApp) {
    const user = await t.signup();
    const sessionId = await t.newSession(user);
    const sse = await t.postTurn(user, sessionId, { message: "count" });
    await within("the turn's stream to end", sse.ended);
    expect(chunkTypes(sse.entries).at(-1)).toBe("finish");
    const taskId = (sse.entries[0]!.chunk as { messageMetadata: { taskId: string } }).messageMetadata.taskId;
    return { user, sessionId, taskId, entries: sse.entries };
  }

  it("trims an ended, saved task to STREAM_MAX_ENTRIES: older cursors get 409 cursor_trimmed, newer ones the rest", async () => {
    const { user, taskId, entries } = await finishedTurn(trimming);
    expect(entries.length).toBeGreaterThan(3);
    // The log is trimmed once the message is saved, just after the finish reached readers. Wait
    // on the store: an HTTP read before then would be a whole replay instead of the 409.
    await until("the log to be trimmed", async () => {
      const read = await trimming.deps.streams.read(taskId, "0-0");
      if (read.kind === "stream") read.reader.close();
      return read.kind === "trimmed";
    });
    const trimmed = await trimming.app.inject({
      method: "GET",
      url: `/api/chat/tasks/${taskId}/stream?last_message_id=0-0`,
      headers: user.headers,
    });
    expect(trimmed.statusCode).toBe(409);
    expect(trimmed.json().error).toMatchObject({ code: "cursor_trimmed", oldest_id: entries.at(-3)!.id });
    const tail = await openSse(
      `${base}/api/chat/tasks/${taskId}/stream?last_message_id=${entries.at(-4)!.id}`,
      { headers: user.headers },
    );
    await within("the tail's stream to end", tail.ended);
    expect(tail.entries).toEqual(entries.slice(-3));
    expect(tail.done).toBe(true);
  });

  it("expires an ended task after STREAM_TTL_SECONDS (410 task_expired); the message stays in the chat", async () => {
    const { user, sessionId, taskId } = await finishedTurn(expiring);
    // Wait on the store, not a clock, until the log expires.
    await until(
      "the task's log to expire",
      async () => (await expiring.deps.streams.getTask(taskId)) === null,
    );
    const expired = await expiring.app.inject({
      method: "GET",
      url: `/api/chat/tasks/${taskId}/stream`,
      headers: user.headers,
    });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.code).toBe("task_expired");
    const task = (
      await expiring.app.inject({ method: "GET", url: `/api/chat/tasks/${taskId}`, headers: user.headers })
    ).json();
    expect(task.status).toBe("completed");
    const session = (
      await expiring.app.inject({
        method: "GET",
        url: `/api/chat/sessions/${sessionId}`,
        headers: user.headers,
      })
    ).json();
    expect(JSON.stringify(session.messages)).toContain("one two three four five");
  });
});
