import { randomUUID } from "node:crypto";
import { Worker } from "bullmq";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatMessages, chatTasks, operations } from "../db/schema";
import { QUEUE_NAME } from "../jobs/bullmq/bullmq-job-queue";
import { bullmqConnection } from "../jobs/bullmq/connection-options";
import { createJobQueue } from "../jobs/create-job-queue";
import type { JobHandlers, JobQueue } from "../jobs/job-queue";
import { deletePrefixedKeys, testRedisUrl, uniquePrefix } from "../testing/services";
import { createTestApp, modeAvailable, type TestApp, type TestUser, testMode } from "../testing/test-app";
import { until } from "../testing/until";
import { handleOperationComplete } from "./complete-operation";
import { completionJobId, enqueueCompletion } from "./completion";
import type { OperationsEnv } from "./operation-env";
import { getOperationRow } from "./operation-rows";

const available = await modeAvailable();
const log = pino({ level: "silent" });

/**
 * The completion consumer on the mode's real queue (in process, or BullMQ on Redis): at least
 * once, with retries capped and the last failure kept as a dead letter, and idempotent effects.
 */
describe.skipIf(!available)("operation completions: delivery, dead letters, reclaim", () => {
  let t: TestApp;
  let user: TestUser;
  const prefixes: string[] = [];
  const queues: JobQueue[] = [];

  /** A queue of its own, with short retries, whose worker runs only the completion handler. */
  function consumer(
    prefix = uniquePrefix("completions"),
    settings: { lockDurationMs?: number; stalledIntervalMs?: number } = {},
  ) {
    prefixes.push(prefix);
    const jobs = createJobQueue({
      redis: testMode === "scaled" ? { url: testRedisUrl, keyPrefix: prefix } : null,
      bullmq: { lockDurationMs: 1_000, stalledIntervalMs: 300, ...settings },
      log,
      retryDelayMs: 20,
    });
    queues.push(jobs);
    const env: OperationsEnv = { ...t.deps.operations, jobs };
    const idle = async () => undefined;
    const handlers: JobHandlers = {
      chat_turn: idle,
      operation_run: idle,
      agent_run: idle,
      chat_title: idle,
      operation_complete: (payload, context) => handleOperationComplete(env, payload, context),
    };
    return { jobs, env, start: () => jobs.startWorker(handlers, { concurrency: 4 }) };
  }

  /** An operation as a worker would leave it: running, with its turn ended and its message saved. */
  async function runningOperation(parts: unknown) {
    const session = await t.app.inject({
      method: "POST",
      url: "/api/chat/sessions",
      headers: user.headers,
      payload: {},
    });
    const sessionId = session.json().id as string;
    const [id, turnTaskId, progressTaskId] = [randomUUID(), randomUUID(), randomUUID()];
    const now = new Date();
    await t.deps.db.insert(chatTasks).values({
      id: turnTaskId,
      sessionId,
      userId: user.id,
      kind: "chat_turn",
      status: "completed",
      messageId: randomUUID(),
      model: "test",
      endedAt: now,
    });
    await t.deps.db.insert(chatMessages).values({
      sessionId,
      id: randomUUID(),
      role: "assistant",
      parts: parts as never,
      taskId: turnTaskId,
    });
    await t.deps.db.insert(operations).values({
      id,
      userId: user.id,
      sessionId,
      toolCallId: "call_1",
      toolName: "generate_agent",
      status: "running",
      input: { goal: "anything" },
      turnTaskId,
      progressTaskId,
      createdAt: now,
      updatedAt: now,
    });
    return { id, sessionId };
  }

  beforeAll(async () => {
    t = await createTestApp({ env: { OFFLINE_MODEL_DELAY_MS: "0" } });
    user = await t.signup();
  });
  afterAll(async () => {
    for (const jobs of queues) await jobs.close();
    const redis = t?.deps.redis;
    if (redis) for (const prefix of prefixes) await deletePrefixedKeys(redis, prefix);
    await t?.close();
  });

  it("a poison completion is tried up to its cap, then kept as a dead letter", async () => {
    // A message whose parts are not a list: replacing the tool result throws, every time.
    const { id } = await runningOperation({ corrupt: true });
    const { jobs, env, start } = consumer();
    start();
    await enqueueCompletion(env, id, { success: true, result: { done: true } });
    const dead = await until("the dead letter", async () =>
      (await jobs.failed(10)).find((job) => job.jobId === completionJobId(id)),
    );
    expect(dead).toMatchObject({ name: "operation_complete", attemptsMade: 5 });
    expect(dead.error).toMatch(/map/);
    // Adding it again is a no-op: the id is known.
    await enqueueCompletion(env, id, { success: true, result: { done: true } });
    expect((await jobs.counts()).waiting).toBe(0);
  });

  it("two deliveries at once have one effect: one result, one continuation", async () => {
    const toolPart = {
      type: "tool-generate_agent",
      toolCallId: "call_1",
      state: "output-available",
      input: { goal: "anything" },
      output: { type: "operation_started" },
    };
    const { id, sessionId } = await runningOperation([toolPart]);
    const { env } = consumer();
    const payload = { operationId: id, success: true, result: { value: 1 } };
    const context = () => ({
      jobId: completionJobId(id),
      attempt: 1,
      deaths: 0,
      signal: new AbortController().signal,
    });
    await Promise.all([
      handleOperationComplete(env, payload, context()),
      handleOperationComplete(env, { ...payload, result: { value: 2 } }, context()),
    ]);
    const row = await getOperationRow(t.deps.db, id);
    expect(row?.status).toBe("completed");
    const continuations = (await t.deps.db.select().from(chatTasks)).filter(
      (task) => task.sessionId === sessionId && task.id !== row?.turnTaskId,
    );
    expect(continuations.map((task) => task.id)).toEqual([row?.continuationTaskId]);
    const [message] = (await t.deps.db.select().from(chatMessages)).filter(
      (m) => m.sessionId === sessionId && m.taskId === row?.turnTaskId,
    );
    expect(message?.parts[0]).toMatchObject({ output: { type: "operation_result", result: row?.result } });
  });

  it.runIf(testMode === "scaled")(
    "a consumer that dies before acknowledging is reclaimed by another",
    async () => {
      const toolPart = {
        type: "tool-generate_agent",
        toolCallId: "call_1",
        state: "output-available",
        output: {},
      };
      const { id } = await runningOperation([toolPart]);
      const prefix = uniquePrefix("completions");
      // The dead consumer: takes the job, never renews its lock, never answers.
      let taken = false;
      const dead = new Worker(
        QUEUE_NAME,
        async () => {
          taken = true;
          await new Promise(() => undefined);
        },
        {
          connection: bullmqConnection(testRedisUrl, "worker"),
          prefix: prefix.replace(/:$/, ""),
          lockDuration: 600,
          skipLockRenewal: true,
          skipStalledCheck: true,
        },
      );
      try {
        const { env } = consumer(prefix);
        await enqueueCompletion(env, id, { success: true, result: { reclaimed: true } });
        await until("the dead consumer to take the job", async () => taken);
        await dead.pause(true);
        // Only now does a live consumer start: it finds the expired lock and runs the job again.
        const live = consumer(prefix, { lockDurationMs: 600, stalledIntervalMs: 200 });
        live.start();
        const row = await until("the completion", async () => {
          const now = await getOperationRow(t.deps.db, id);
          return now?.status === "completed" ? now : null;
        });
        expect(row.result).toEqual({ reclaimed: true });
      } finally {
        await dead.close(true);
      }
    },
  );
});
