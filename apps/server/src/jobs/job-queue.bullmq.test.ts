import type { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis } from "../redis/connection";
import { deletePrefixedKeys, serviceAvailable, testRedisUrl, uniquePrefix } from "../testing/services";
import { createBullmqJobQueue } from "./bullmq/bullmq-job-queue";
import type { JobQueue } from "./job-queue";
import { runJobQueueContract, scriptedHandlers, turnPayload, waitFor } from "./job-queue.contract";

const available = await serviceAvailable("redis");
const log = pino({ level: "silent" });

/** Every queue gets its own prefix; the keys are deleted after the file. */
const prefixes: string[] = [];
let admin: Redis;

function makeQueue(
  prefix = uniquePrefix("jobs"),
  settings: { lockDurationMs?: number; stalledIntervalMs?: number; retryDelayMs?: number } = {},
): JobQueue {
  prefixes.push(prefix);
  return createBullmqJobQueue({ url: testRedisUrl, keyPrefix: prefix, log, ...settings });
}

describe.runIf(available)("bullmq job queue", () => {
  beforeAll(() => {
    admin = createRedis(testRedisUrl, "jobs-test-admin");
  });
  afterAll(async () => {
    for (const prefix of prefixes) await deletePrefixedKeys(admin, prefix);
    await admin.quit();
  });

  runJobQueueContract("bullmq", async (options) => makeQueue(uniquePrefix("jobs"), options), {
    abortReason: "handoff",
    handsBack: true,
  });

  it("a handoff starts the job on another worker at once, as attempt 2 with no death", async () => {
    const prefix = uniquePrefix("jobs");
    // A long lock: a takeover through stall detection would take 30 s, the handoff must not.
    const first = makeQueue(prefix, { lockDurationMs: 30_000, stalledIntervalMs: 30_000 });
    const second = makeQueue(prefix, { lockDurationMs: 30_000, stalledIntervalMs: 30_000 });
    const one = scriptedHandlers();
    const two = scriptedHandlers();
    try {
      const worker = first.startWorker(one.handlers, { concurrency: 1 });
      const payload = turnPayload();
      await first.enqueue("chat_turn", payload, { jobId: payload.taskId });
      await waitFor(() => one.started.length === 1, "the first start");
      second.startWorker(two.handlers, { concurrency: 1 });
      const handedAt = Date.now();
      await worker.close(0);
      expect(one.started[0]?.ctx.signal.reason).toBe("handoff");
      await waitFor(() => two.started.length === 1, "the second start", 10_000);
      expect(Date.now() - handedAt).toBeLessThan(10_000);
      expect(two.started[0]?.ctx).toMatchObject({ jobId: payload.taskId, attempt: 2, deaths: 0 });
      expect(two.started[0]?.payload).toEqual(payload);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
