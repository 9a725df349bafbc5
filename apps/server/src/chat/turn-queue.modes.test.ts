import type { StreamEntry } from "@copilot/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGate, type Gate, scriptedModel } from "../testing/scripted-model";
import { openSse, type SseCapture, textOf } from "../testing/sse-client";
import { createTestApp, modeAvailable, type TestApp, type TestUser, testMode } from "../testing/test-app";

const available = await modeAvailable();

/** Every answer waits at a gate of its own until the test opens it. */
const gates: Gate[] = [];
const model = scriptedModel([
  () => {
    const gate = createGate();
    gates.push(gate);
    return [
      { type: "text-start", id: "g" },
      { type: "text-delta", id: "g", delta: "held" },
      { type: "gate", gate },
      { type: "text-delta", id: "g", delta: " then done" },
      { type: "text-end", id: "g" },
      { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage: emptyUsage },
    ];
  },
]);
const emptyUsage = {
  inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 0, text: 0, reasoning: 0 },
};

const statusesOf = (entries: StreamEntry[]) =>
  entries.flatMap((entry) =>
    entry.chunk.type === "data-task-status"
      ? [entry.chunk.data as { status: string; position?: number }]
      : [],
  );

/** Starts a turn in a new session of `who` and follows its stream. */
async function postTurn(t: TestApp, base: string, who: TestUser, message: string): Promise<SseCapture> {
  const sessionId = (
    await t.app.inject({ method: "POST", url: "/api/chat/sessions", headers: who.headers, payload: {} })
  ).json().id as string;
  return openSse(`${base}/api/chat/sessions/${sessionId}/stream`, {
    method: "POST",
    headers: { ...who.headers, "content-type": "application/json" },
    body: JSON.stringify({ message }),
  });
}

/**
 * Issue 8 #5 on both queue drivers (in process; BullMQ in the scaled mode): a turn no worker slot
 * is free for waits `queued` with its place in line, per-user fairness refuses a fifth turn, and
 * `/readyz` reports the queue.
 */
describe.skipIf(!available)("the turn queue", () => {
  let t: TestApp;
  let base: string;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ model, env: { WORKER_CONCURRENCY: "1", TURNS_MAX_PER_USER: "2" } });
    base = await t.listen();
    user = await t.signup();
  });
  afterAll(async () => {
    for (const gate of gates) gate.open();
    await t?.close();
  });

  const post = (who: TestUser, message: string) => postTurn(t, base, who, message);

  it("queues a turn behind a busy worker, tells its place, then runs it; refuses a user's turn over the limit", async () => {
    const first = await post(user, "one");
    await first.waitFor((entries) => textOf(entries) === "held");
    const second = await post(user, "two");
    await second.waitFor((entries) => statusesOf(entries).some((data) => data.status === "queued"));
    expect(statusesOf(second.entries)[0]).toEqual({ status: "queued", position: 0 });
    const taskId = (second.entries[0]!.chunk as { messageMetadata: { taskId: string } }).messageMetadata
      .taskId;
    const task = await t.app.inject({
      method: "GET",
      url: `/api/chat/tasks/${taskId}`,
      headers: user.headers,
    });
    expect(task.json()).toMatchObject({ status: "queued" });

    const ready = (await t.app.inject({ method: "GET", url: "/readyz" })).json();
    expect(ready.queue).toMatchObject({
      driver: testMode === "scaled" ? "bullmq" : "in-process",
      ok: true,
      waiting: 1,
      active: 1,
      workers: 1,
    });

    // Two running or queued: a third is refused for this user, not for another.
    const refused = await t.app.inject({
      method: "POST",
      url: `/api/chat/sessions/${(await t.app.inject({ method: "POST", url: "/api/chat/sessions", headers: user.headers, payload: {} })).json().id}/stream`,
      headers: user.headers,
      payload: { message: "three" },
    });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toMatchObject({ code: "too_many_turns", limit: 2 });
    const stranger = await t.signup();
    const theirs = await post(stranger, "theirs");
    expect(theirs.status).toBe(200);

    gates[0]!.open();
    await first.ended;
    await second.waitFor((entries) => textOf(entries) === "held");
    gates[1]!.open();
    await second.ended;
    expect(textOf(second.entries)).toBe("held then done");
    expect(second.entries.at(-1)?.chunk.type).toBe("finish");
    await theirs.waitFor((entries) => textOf(entries) === "held");
    gates[2]!.open();
    await theirs.ended;
  });

  it("cancels a queued turn before any worker starts it", async () => {
    const first = await post(user, "busy");
    await first.waitFor((entries) => textOf(entries) === "held");
    const waiting = await post(user, "waiting");
    await waiting.waitFor((entries) => statusesOf(entries).some((data) => data.status === "queued"));
    const taskId = (waiting.entries[0]!.chunk as { messageMetadata: { taskId: string } }).messageMetadata
      .taskId;
    const cancelled = await t.app.inject({
      method: "POST",
      url: `/api/chat/tasks/${taskId}/cancel`,
      headers: user.headers,
    });
    expect(cancelled.json()).toEqual({ task_id: taskId, status: "cancelled" });
    await waiting.ended;
    expect(waiting.entries.map((entry) => entry.chunk.type).slice(-2)).toEqual(["abort", "finish"]);
    expect(textOf(waiting.entries)).toBe("");
    for (const gate of gates) gate.open();
    await first.ended;
    expect(textOf(first.entries)).toBe("held then done");
  });
});

/**
 * Issue 13: a turn mostly waits on its model, so one process runs many at once by default. With
 * the former default (8 per worker) the ninth answer in progress made every new chat wait for a
 * whole other answer to end.
 */
describe.skipIf(!available)("the default worker concurrency", () => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ model });
    base = await t.listen();
  });
  afterAll(async () => {
    for (const gate of gates) gate.open();
    await t?.close();
  });

  it("starts a new turn at once while a dozen others are still answering", async () => {
    const users = await Promise.all([t.signup(), t.signup(), t.signup()]);
    const held: SseCapture[] = [];
    // Four per user: the per-user cap (TURNS_MAX_PER_USER) is not what this is about.
    for (const who of users)
      for (const n of [1, 2, 3, 4]) held.push(await postTurn(t, base, who, `turn ${n}`));
    await Promise.all(held.map((capture) => capture.waitFor((entries) => textOf(entries) === "held")));

    const newcomer = await postTurn(t, base, await t.signup(), "one more");
    await newcomer.waitFor((entries) => textOf(entries) === "held");
    expect(statusesOf(newcomer.entries)).toEqual([]);
    expect(held.every((capture) => capture.entries.at(-1)?.chunk.type !== "finish")).toBe(true);

    for (const gate of gates) gate.open();
    await Promise.all([...held, newcomer].map((capture) => capture.ended));
    for (const capture of [...held, newcomer]) expect(textOf(capture.entries)).toBe("held then done");
  });
});
