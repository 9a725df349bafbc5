import { randomUUID } from "node:crypto";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runJobQueueContract, scriptedHandlers } from "./job-queue.contract";
import { createMemoryJobQueue } from "./memory/memory-job-queue";

const log = pino({ level: "silent" });

runJobQueueContract("memory", async ({ retryDelayMs }) => createMemoryJobQueue({ log, retryDelayMs }), {
  abortReason: "shutdown",
  handsBack: false,
});

// The catalog's real backoffs, which the contract scales down; fake timers keep them instant.
describe("memory job queue retries", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const completion = () => ({ operationId: randomUUID(), success: true });

  it("waits the catalog's exponential backoff before each attempt: 1 s, 2 s, 4 s, 8 s", async () => {
    const queue = createMemoryJobQueue({ log });
    const script = scriptedHandlers({ autoComplete: true });
    const jobId = `complete:${randomUUID()}`;
    script.fail(jobId);
    queue.startWorker(script.handlers, { concurrency: 1 });
    await queue.enqueue("operation_complete", completion(), { jobId });
    await vi.advanceTimersByTimeAsync(0);
    expect(script.startsOf(jobId)).toHaveLength(1);
    for (const [index, delay] of [1000, 2000, 4000, 8000].entries()) {
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(script.startsOf(jobId)).toHaveLength(index + 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(script.startsOf(jobId)).toHaveLength(index + 2);
    }
    await vi.advanceTimersByTimeAsync(60_000);
    expect(script.startsOf(jobId)).toHaveLength(5);
    expect(await queue.failed(10)).toMatchObject([{ jobId, attemptsMade: 5 }]);
    await queue.close();
  });

  it("a closed worker starts no retry; the queue's next worker does, as the next attempt", async () => {
    const queue = createMemoryJobQueue({ log });
    const script = scriptedHandlers({ autoComplete: true });
    const jobId = `complete:${randomUUID()}`;
    script.fail(jobId, { runs: 1 });
    const first = queue.startWorker(script.handlers, { concurrency: 1 });
    await queue.enqueue("operation_complete", completion(), { jobId });
    await vi.advanceTimersByTimeAsync(0);
    await first.close(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(script.startsOf(jobId)).toHaveLength(1);
    expect(await queue.state(jobId)).toEqual({ state: "waiting", position: 0 });

    // Its backoff starts again: the closed worker cleared its timer rather than let it run out.
    queue.startWorker(script.handlers, { concurrency: 1 });
    await vi.advanceTimersByTimeAsync(999);
    expect(script.startsOf(jobId)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(script.startsOf(jobId).map((run) => run.ctx.attempt)).toEqual([1, 2]);
    expect(await queue.state(jobId)).toEqual({ state: "unknown" });
    expect(await queue.failed(10)).toEqual([]);
    await queue.close();
  });
});
