import type { StreamEntry } from "@copilot/protocol";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatTasks, serverProcesses } from "../db/schema";
import { createGate, type Gate, scriptedModel, textStep } from "../testing/scripted-model";
import { chunkTypes, openSse } from "../testing/sse-client";
import { createTestApp, type TestApp, type TestUser } from "../testing/test-app";
import { endOrphanedTurns } from "./recovery";

let gate: Gate = createGate();
const model = scriptedModel([
  () => [
    { type: "text-start", id: "p" },
    { type: "text-delta", id: "p", delta: "before the crash" },
    { type: "gate", gate },
    { type: "text-delta", id: "p", delta: " after" },
    { type: "text-end", id: "p" },
    ...textStep("q").slice(-1),
  ],
]);

/**
 * Turns whose server process died are ended by the processes still alive. The death is made real
 * where it is observed: this process's heartbeat is moved an hour back, exactly what every other
 * process sees of one that was killed; `chat/processes.test.ts` kills a real one.
 */
describe("producer liveness", () => {
  let t: TestApp;
  let base: string;
  let user: TestUser;

  beforeAll(async () => {
    // The heartbeat is the in-process queue's mechanism (with BullMQ, stall detection moves a dead
    // worker's turn on instead: workers.cluster.test.ts).
    // One worker slot, so a second turn waits in the queue while the first is held.
    t = await createTestApp({
      model,
      mode: "embedded",
      env: { TURN_LEASE_SECONDS: "30", WORKER_CONCURRENCY: "1" },
    });
    base = await t.listen();
    user = await t.signup();
  });
  afterAll(() => t?.close());

  /** Starts a turn in a new session; resolves once its `start` (written before any worker takes it) is read. */
  async function postTurn() {
    const sessionId = (
      await t.app.inject({ method: "POST", url: "/api/chat/sessions", headers: user.headers, payload: {} })
    ).json().id as string;
    const sse = await openSse(`${base}/api/chat/sessions/${sessionId}/stream`, {
      method: "POST",
      headers: { ...user.headers, "content-type": "application/json" },
      body: JSON.stringify({ message: "hold on" }),
    });
    await sse.waitFor((entries) => entries.length > 0);
    const start = sse.entries[0]?.chunk as { messageMetadata: { taskId: string } };
    return { sessionId, sse, taskId: start.messageMetadata.taskId };
  }
  async function startHeldTurn() {
    gate = createGate();
    const turn = await postTurn();
    await gate.reached;
    await turn.sse.waitFor((entries) => entries.some((entry) => entry.chunk.type === "text-delta"));
    return turn;
  }
  const taskRow = async (taskId: string) =>
    (await t.deps.db.select().from(chatTasks).where(eq(chatTasks.id, taskId)))[0];
  const setHeartbeat = (age: string) =>
    t.deps.db
      .update(serverProcesses)
      .set({ heartbeatAt: sql`now() - ${age}::interval` })
      .where(eq(serverProcesses.id, t.deps.liveness!.id));
  const errorCodeOf = (entries: StreamEntry[]) =>
    (entries.find((entry) => entry.chunk.type === "data-task-status")?.chunk as { data: { code?: string } })
      ?.data.code;

  it("records the producing process on the task and leaves a live producer's turn alone", async () => {
    const { sse, taskId } = await startHeldTurn();
    expect((await taskRow(taskId))?.producerId).toBe(t.deps.liveness!.id);
    // Even a process whose row was pruned (paused for a day) reports itself back before sweeping.
    await t.deps.db.delete(serverProcesses).where(eq(serverProcesses.id, t.deps.liveness!.id));
    expect(await t.deps.liveness!.beat()).toBe(0);
    expect(
      await t.deps.db.select().from(serverProcesses).where(eq(serverProcesses.id, t.deps.liveness!.id)),
    ).toHaveLength(1);
    expect((await taskRow(taskId))?.status).toBe("running");
    gate.open();
    await sse.ended;
    expect(chunkTypes(sse.entries)).not.toContain("error");
    expect((await taskRow(taskId))?.status).toBe("completed");
  });

  it("leaves a turn queued behind a busy worker alone; a silent process's queued turn ends with it", async () => {
    const held = await startHeldTurn();
    const queued = await postTurn();
    // The process that queued it (the in-process queue: the only one that can start it) owns it.
    expect(await taskRow(queued.taskId)).toMatchObject({ status: "queued", producerId: t.deps.liveness!.id });
    expect(await t.deps.liveness!.beat()).toBe(0);
    expect((await taskRow(queued.taskId))?.status).toBe("queued");

    await setHeartbeat("1 hour");
    try {
      expect(await endOrphanedTurns(t.deps.db, t.deps.streams, 30)).toBe(2);
    } finally {
      await setHeartbeat("0 seconds");
    }
    await queued.sse.ended;
    expect(errorCodeOf(queued.sse.entries)).toBe("server_restarted");
    expect(await taskRow(queued.taskId)).toMatchObject({ status: "failed", errorCode: "server_restarted" });
    // Never started, so never checkpointed: the failed answer is saved empty, and a reload shows it.
    const reloaded = (
      await t.app.inject({
        method: "GET",
        url: `/api/chat/sessions/${queued.sessionId}`,
        headers: user.headers,
      })
    ).json();
    expect(reloaded.active_stream).toBeNull();
    expect(reloaded.messages.map((message: { role: string }) => message.role)).toEqual(["user", "assistant"]);
    expect(reloaded.messages[1]).toMatchObject({
      parts: [],
      metadata: { taskId: queued.taskId, status: "failed", errorCode: "server_restarted" },
    });
    gate.open();
    await held.sse.ended;
    await expect.poll(() => t.deps.turns.has(held.taskId)).toBe(false);
    // The slot is free again and the ended turn is not run: no worker ever claims it.
    expect((await taskRow(queued.taskId))?.attempt).toBe(0);
  });

  it("ends a silent producer's turn: failed/server_restarted, stream ended, session free", async () => {
    const { sessionId, sse, taskId } = await startHeldTurn();
    await setHeartbeat("1 hour");
    try {
      expect(await endOrphanedTurns(t.deps.db, t.deps.streams, 30)).toBe(1);
    } finally {
      await setHeartbeat("0 seconds");
    }
    await sse.ended;
    expect(chunkTypes(sse.entries).slice(-3)).toEqual(["data-task-status", "error", "finish"]);
    expect(errorCodeOf(sse.entries)).toBe("server_restarted");
    expect(await taskRow(taskId)).toMatchObject({ status: "failed", errorCode: "server_restarted" });
    const session = (
      await t.app.inject({ method: "GET", url: `/api/chat/sessions/${sessionId}`, headers: user.headers })
    ).json();
    expect(session.active_stream).toBeNull();

    // The producer was only presumed dead: let it go on. Its next append is refused, it stops, and
    // the truthful end state stays.
    gate.open();
    await expect.poll(() => t.deps.turns.has(taskId)).toBe(false);
    expect(await taskRow(taskId)).toMatchObject({ status: "failed", errorCode: "server_restarted" });
    const again = await openSse(`${base}/api/chat/tasks/${taskId}/stream?last_message_id=0-0`, {
      headers: user.headers,
    });
    await again.ended;
    expect(chunkTypes(again.entries).filter((type) => type === "finish")).toHaveLength(1);
    expect(chunkTypes(again.entries)).not.toContain("text-end");
  });

  it("ends a running task that names no producer (written before producers were recorded)", async () => {
    const { sse, taskId } = await startHeldTurn();
    await t.deps.db.update(chatTasks).set({ producerId: null }).where(eq(chatTasks.id, taskId));
    expect(await t.deps.liveness!.beat()).toBe(1);
    await sse.ended;
    expect(errorCodeOf(sse.entries)).toBe("server_restarted");
    gate.open();
    await expect.poll(() => t.deps.turns.has(taskId)).toBe(false);
  });
});
