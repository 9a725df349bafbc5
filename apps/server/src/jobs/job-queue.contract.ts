import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { type JobName, type JobPayload, jobSpec } from "./job-catalog";
import {
  type JobAbortReason,
  type JobContext,
  type JobHandlers,
  type JobQueue,
  type JobWorker,
  NonRetryableError,
} from "./job-queue";

/** What differs between implementations, declared by each test file rather than skipped by name. */
export type JobQueueCapabilities = {
  /** Why close(grace) aborts a handler that outlives the grace period. */
  abortReason: JobAbortReason;
  /** A job aborted by close(grace) goes back in line for another worker (BullMQ) or is gone (memory). */
  handsBack: boolean;
};

/** What the contract asks of a test file: a fresh, empty queue whose retries wait `retryDelayMs`. */
export type MakeJobQueue = (options: { retryDelayMs: number }) => Promise<JobQueue>;

/** The contract's retry backoff: long enough to measure, short enough to run five attempts quickly. */
const RETRY_DELAY_MS = 50;

type TurnPayload = JobPayload<"chat_turn">;

export function turnPayload(): TurnPayload {
  return { taskId: randomUUID(), sessionId: randomUUID(), userId: randomUUID(), messageId: randomUUID() };
}

/** Polls until `condition` holds; rejects with `label` at the deadline instead of hanging. */
export async function waitFor(condition: () => boolean | Promise<boolean>, label: string, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

type Started = { name: JobName; payload: unknown; ctx: JobContext; at: number };

/** A scripted failure: the job's first `runs` runs throw, a NonRetryableError when `nonRetryable`. */
type ScriptedFailure = { runs: number; nonRetryable: boolean };

/**
 * Handlers the test drives, one for every job name with shared bookkeeping: each run holds until the
 * test releases its job (or its signal aborts), or ends at once in `autoComplete` mode; `fail` makes
 * a job's runs throw "scripted failure". Records starts, ends and the peak of handlers running at once.
 */
export function scriptedHandlers(options: { autoComplete?: boolean } = {}) {
  const started: Started[] = [];
  const ended: string[] = [];
  const failures = new Map<string, ScriptedFailure>();
  const releases = new Map<string, () => void>();
  const released = new Set<string>();
  let running = 0;
  let peak = 0;
  const startsOf = (jobId: string) => started.filter((start) => start.ctx.jobId === jobId);
  const run = async (name: JobName, payload: unknown, ctx: JobContext) => {
    started.push({ name, payload, ctx, at: Date.now() });
    running++;
    peak = Math.max(peak, running);
    try {
      const failure = failures.get(ctx.jobId);
      if (failure && startsOf(ctx.jobId).length <= failure.runs) {
        throw failure.nonRetryable
          ? new NonRetryableError("scripted failure")
          : new Error("scripted failure");
      }
      if (options.autoComplete || released.has(ctx.jobId)) return;
      await new Promise<void>((resolve) => {
        releases.set(ctx.jobId, resolve);
        ctx.signal.addEventListener("abort", () => resolve(), { once: true });
      });
    } finally {
      running--;
      ended.push(ctx.jobId);
    }
  };
  const handlers: JobHandlers = {
    chat_turn: (payload, ctx) => run("chat_turn", payload, ctx),
    operation_run: (payload, ctx) => run("operation_run", payload, ctx),
    operation_complete: (payload, ctx) => run("operation_complete", payload, ctx),
    agent_run: (payload, ctx) => run("agent_run", payload, ctx),
    chat_title: (payload, ctx) => run("chat_title", payload, ctx),
  };
  return {
    handlers,
    started,
    ended,
    get running() {
      return running;
    },
    get peak() {
      return peak;
    },
    startsOf,
    endsOf: (jobId: string) => ended.filter((id) => id === jobId).length,
    /** Every run throws unless `runs` limits it to the first ones. Before adding: memory starts a job within enqueue. */
    fail(jobId: string, failure: Partial<ScriptedFailure> = {}) {
      failures.set(jobId, { runs: Number.POSITIVE_INFINITY, nonRetryable: false, ...failure });
    },
    release(jobId: string) {
      released.add(jobId);
      releases.get(jobId)?.();
    },
  };
}

export function runJobQueueContract(
  label: string,
  makeQueue: MakeJobQueue,
  capabilities: JobQueueCapabilities,
) {
  describe(`job queue contract (${label})`, () => {
    const workers: JobWorker[] = [];
    const queues: JobQueue[] = [];
    const newQueue = async (retryDelayMs = RETRY_DELAY_MS) => {
      const queue = await makeQueue({ retryDelayMs });
      queues.push(queue);
      return queue;
    };
    const start = (queue: JobQueue, handlers: JobHandlers, concurrency = 1) => {
      const worker = queue.startWorker(handlers, { concurrency });
      workers.push(worker);
      return worker;
    };
    afterEach(async () => {
      await Promise.all(workers.splice(0).map((worker) => worker.close(0)));
      await Promise.all(queues.splice(0).map((queue) => queue.close()));
    });

    async function enqueueTurn(queue: JobQueue, payload = turnPayload()) {
      await queue.enqueue("chat_turn", payload, { jobId: payload.taskId });
      return payload;
    }

    /** An `operation_complete` job (5 attempts) under its catalog-style id. */
    const completionId = () => `complete:${randomUUID()}`;
    async function enqueueCompletion(queue: JobQueue, jobId: string) {
      await queue.enqueue("operation_complete", { operationId: randomUUID(), success: true }, { jobId });
    }

    const failedIds = async (queue: JobQueue) => (await queue.failed(10)).map((job) => job.jobId);

    it("takes any string as a job id, ':' and '%' included", async () => {
      const queue = await newQueue();
      // The catalog's `complete:<operation id>`, plus what an escaping scheme could confuse.
      const jobId = `complete:${randomUUID()}:%3A%25`;
      await enqueueCompletion(queue, jobId);
      expect(await queue.state(jobId)).toEqual({ state: "waiting", position: 0 });
      expect(await queue.removeWaiting(jobId)).toBe(true);
      await enqueueCompletion(queue, jobId);
      const script = scriptedHandlers({ autoComplete: true });
      start(queue, script.handlers);
      await waitFor(() => script.endsOf(jobId) === 1, "the job to run");
      expect(script.started.map((run) => [run.name, run.ctx.jobId])).toEqual([["operation_complete", jobId]]);
    });

    it("hands the handler its validated payload with attempt 1 and no deaths", async () => {
      const queue = await newQueue();
      const script = scriptedHandlers({ autoComplete: true });
      start(queue, script.handlers);
      const payload = await enqueueTurn(queue);
      await waitFor(() => script.ended.length === 1, "the job to run");
      expect(script.started).toHaveLength(1);
      const [run] = script.started;
      expect(run!.payload).toEqual(payload);
      expect(run!.ctx).toMatchObject({ jobId: payload.taskId, attempt: 1, deaths: 0 });
      expect(run!.ctx.signal.aborted).toBe(false);
    });

    it("refuses an invalid payload at enqueue, and nothing runs", async () => {
      const queue = await newQueue();
      const bad = { ...turnPayload(), userId: "not-a-uuid" };
      await expect(queue.enqueue("chat_turn", bad, { jobId: bad.taskId })).rejects.toThrow(/uuid/i);
      expect(await queue.state(bad.taskId)).toEqual({ state: "unknown" });
      expect(await queue.counts()).toMatchObject({ waiting: 0, active: 0 });
    });

    it("runs a job id once however often it is added, while waiting or running", async () => {
      const queue = await newQueue();
      const script = scriptedHandlers();
      start(queue, script.handlers);
      const first = await enqueueTurn(queue);
      await waitFor(() => script.started.length === 1, "the first job to start");
      await enqueueTurn(queue, first); // running
      const second = await enqueueTurn(queue);
      await enqueueTurn(queue, second); // waiting
      expect(await queue.counts()).toMatchObject({ waiting: 1, active: 1 });
      script.release(first.taskId);
      await waitFor(() => script.started.length === 2, "the second job to start");
      script.release(second.taskId);
      await waitFor(() => script.ended.length === 2, "both jobs to end");
      await waitFor(async () => (await queue.counts()).active === 0, "the queue to settle");
      expect(script.startsOf(first.taskId)).toHaveLength(1);
      expect(script.startsOf(second.taskId)).toHaveLength(1);
    });

    it("never runs more handlers at once than the concurrency", async () => {
      const queue = await newQueue();
      const script = scriptedHandlers();
      start(queue, script.handlers, 2);
      const payloads = [];
      for (let i = 0; i < 5; i++) payloads.push(await enqueueTurn(queue));
      for (let done = 0; done < 5; done++) {
        // Both slots fill whenever enough jobs remain; none beyond.
        const expected = Math.min(2, 5 - done);
        await waitFor(() => script.running === expected, `${expected} handlers running`);
        expect(script.running).toBe(expected);
        const oldest = script.started.find((run) => !script.ended.includes(run.ctx.jobId));
        script.release(oldest!.ctx.jobId);
        await waitFor(() => script.ended.length === done + 1, `${done + 1} jobs ended`);
      }
      expect(script.peak).toBe(2);
    });

    it("starts jobs in the order they were added (concurrency 1)", async () => {
      const queue = await newQueue();
      const payloads = [];
      for (let i = 0; i < 4; i++) payloads.push(await enqueueTurn(queue));
      const script = scriptedHandlers({ autoComplete: true });
      start(queue, script.handlers, 1);
      await waitFor(() => script.ended.length === 4, "four jobs to run");
      expect(script.started.map((run) => run.ctx.jobId)).toEqual(payloads.map((payload) => payload.taskId));
    });

    it("reports waiting positions, active and unknown; removes only waiting jobs, which never run", async () => {
      const queue = await newQueue();
      const script = scriptedHandlers();
      start(queue, script.handlers, 1);
      const running = await enqueueTurn(queue);
      await waitFor(() => script.started.length === 1, "the first job to start");
      const [b, c, d] = [await enqueueTurn(queue), await enqueueTurn(queue), await enqueueTurn(queue)];
      expect(await queue.state(running.taskId)).toEqual({ state: "active" });
      expect(await queue.state(b.taskId)).toEqual({ state: "waiting", position: 0 });
      expect(await queue.state(c.taskId)).toEqual({ state: "waiting", position: 1 });
      expect(await queue.state(d.taskId)).toEqual({ state: "waiting", position: 2 });
      expect(await queue.state(randomUUID())).toEqual({ state: "unknown" });

      expect(await queue.removeWaiting(c.taskId)).toBe(true);
      expect(await queue.removeWaiting(c.taskId)).toBe(false);
      expect(await queue.removeWaiting(running.taskId)).toBe(false);
      expect(await queue.removeWaiting(randomUUID())).toBe(false);
      expect(await queue.state(c.taskId)).toEqual({ state: "unknown" });
      expect(await queue.state(d.taskId)).toEqual({ state: "waiting", position: 1 });

      for (const payload of [running, b, d]) script.release(payload.taskId);
      await waitFor(() => script.ended.length === 3, "the three remaining jobs to end");
      await waitFor(async () => (await queue.state(d.taskId)).state === "unknown", "the last job to finish");
      expect(await queue.state(running.taskId)).toEqual({ state: "unknown" });
      expect(await queue.removeWaiting(running.taskId)).toBe(false);
      expect(script.startsOf(c.taskId)).toHaveLength(0);
      expect(await queue.counts()).toMatchObject({ waiting: 0, active: 0 });
    });

    it("counts waiting and active jobs and live workers", async () => {
      const queue = await newQueue();
      await enqueueTurn(queue);
      await enqueueTurn(queue);
      expect(await queue.counts()).toEqual({ waiting: 2, active: 0, workers: 0 });
      const script = scriptedHandlers();
      const worker = start(queue, script.handlers, 1);
      await waitFor(async () => {
        const counts = await queue.counts();
        return counts.waiting === 1 && counts.active === 1 && counts.workers >= 1;
      }, "one waiting, one active, a worker");
      expect(worker.running).toBe(1);
      await worker.close(0);
      await waitFor(async () => (await queue.counts()).workers === 0, "no live worker after close");
    });

    it("close(grace) lets a handler that ends within the grace period complete normally", async () => {
      const queue = await newQueue();
      const script = scriptedHandlers();
      const worker = start(queue, script.handlers, 1);
      const payload = await enqueueTurn(queue);
      await waitFor(() => script.started.length === 1, "the job to start");
      const closed = worker.close(10_000);
      script.release(payload.taskId);
      await closed;
      expect(script.ended).toEqual([payload.taskId]);
      expect(script.started[0]!.ctx.signal.aborted).toBe(false);
      expect(worker.running).toBe(0);
      expect(await queue.state(payload.taskId)).toEqual({ state: "unknown" });
    });

    it("close(grace) aborts a handler that outlives the grace period and waits for it to return", async () => {
      const queue = await newQueue();
      const events: string[] = [];
      let signal: AbortSignal | null = null;
      const holdUntilAborted = async (ctx: JobContext) => {
        signal = ctx.signal;
        events.push("started");
        await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve, { once: true }));
        events.push("aborted");
        // Ending the work takes a moment; close must wait for it.
        await new Promise((resolve) => setTimeout(resolve, 100));
        events.push("returned");
      };
      const handlers: JobHandlers = {
        chat_turn: (_payload, ctx) => holdUntilAborted(ctx),
        operation_run: (_payload, ctx) => holdUntilAborted(ctx),
        operation_complete: (_payload, ctx) => holdUntilAborted(ctx),
        agent_run: (_payload, ctx) => holdUntilAborted(ctx),
        chat_title: (_payload, ctx) => holdUntilAborted(ctx),
      };
      const worker = start(queue, handlers, 1);
      const payload = await enqueueTurn(queue);
      await waitFor(() => events.includes("started"), "the job to start");
      const began = Date.now();
      await worker.close(200).then(() => events.push("closed"));
      expect(Date.now() - began).toBeGreaterThanOrEqual(190);
      expect(events).toEqual(["started", "aborted", "returned", "closed"]);
      expect((signal as AbortSignal | null)?.reason).toBe(capabilities.abortReason);
      expect(await queue.state(payload.taskId)).toEqual(
        capabilities.handsBack ? { state: "waiting", position: 0 } : { state: "unknown" },
      );
    });

    it("keeps working after a handler throws", async () => {
      const queue = await newQueue();
      const script = scriptedHandlers({ autoComplete: true });
      const failing = turnPayload();
      script.fail(failing.taskId);
      start(queue, script.handlers, 1);
      await enqueueTurn(queue, failing);
      const next = await enqueueTurn(queue);
      await waitFor(() => script.ended.includes(next.taskId), "the next job to run");
      expect(script.startsOf(failing.taskId)).toHaveLength(1);
      expect(await queue.state(failing.taskId)).toEqual({ state: "unknown" });
    });

    it("retries a job that throws after its backoff, one attempt more each run, until it succeeds", async () => {
      const queue = await newQueue();
      const script = scriptedHandlers({ autoComplete: true });
      start(queue, script.handlers, 1);
      const jobId = completionId();
      script.fail(jobId, { runs: 2 });
      await enqueueCompletion(queue, jobId);
      await waitFor(() => script.endsOf(jobId) === 3, "the third run to end");
      await waitFor(async () => (await queue.state(jobId)).state === "unknown", "the job to complete");
      const runs = script.startsOf(jobId);
      expect(runs.map((run) => run.ctx.attempt)).toEqual([1, 2, 3]);
      expect(runs.every((run) => run.ctx.deaths === 0)).toBe(true);
      // Each retry waited out its backoff (timers may fire a millisecond or two early).
      for (let i = 1; i < runs.length; i++) {
        expect(runs[i]!.at - runs[i - 1]!.at).toBeGreaterThanOrEqual(RETRY_DELAY_MS - 5);
      }
      expect(await failedIds(queue)).not.toContain(jobId);
      expect(await queue.counts()).toMatchObject({ waiting: 0, active: 0 });
    });

    it("runs a job that always throws exactly its catalog attempts, then keeps it as a dead letter", async () => {
      const queue = await newQueue();
      const script = scriptedHandlers({ autoComplete: true });
      start(queue, script.handlers, 1);
      const { attempts } = jobSpec("operation_complete");
      const jobId = completionId();
      script.fail(jobId);
      await enqueueCompletion(queue, jobId);
      const before = Date.now();
      await waitFor(async () => (await failedIds(queue)).includes(jobId), "the dead letter");
      expect(attempts).toBe(5);
      const attemptNumbers = Array.from({ length: attempts }, (_, index) => index + 1);
      expect(script.startsOf(jobId).map((run) => run.ctx.attempt)).toEqual(attemptNumbers);
      const [dead] = await queue.failed(10);
      expect(dead).toMatchObject({
        jobId,
        name: "operation_complete",
        attemptsMade: attempts,
        error: "scripted failure",
      });
      expect(dead!.failedAt).toBeGreaterThanOrEqual(before);
      expect(dead!.failedAt).toBeLessThanOrEqual(Date.now());
      expect(await queue.state(jobId)).toEqual({ state: "unknown" });
      expect(await queue.counts()).toMatchObject({ waiting: 0, active: 0 });
    });

    it("never retries a job whose handler throws NonRetryableError", async () => {
      const queue = await newQueue();
      const script = scriptedHandlers({ autoComplete: true });
      start(queue, script.handlers, 1);
      const jobId = completionId();
      script.fail(jobId, { nonRetryable: true });
      await enqueueCompletion(queue, jobId);
      await waitFor(async () => (await failedIds(queue)).includes(jobId), "the dead letter");
      expect(script.startsOf(jobId)).toHaveLength(1);
      expect(await queue.failed(10)).toEqual([
        expect.objectContaining({
          jobId,
          name: "operation_complete",
          attemptsMade: 1,
          error: "scripted failure",
        }),
      ]);
    });

    it("lists dead letters newest first, at most `limit`", async () => {
      const queue = await newQueue();
      const script = scriptedHandlers({ autoComplete: true });
      start(queue, script.handlers, 1);
      expect(await queue.failed(10)).toEqual([]);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const payload = turnPayload();
        script.fail(payload.taskId);
        await enqueueTurn(queue, payload);
        // One at a time, so their failure times differ.
        await waitFor(async () => (await failedIds(queue)).includes(payload.taskId), `dead letter ${i + 1}`);
        ids.push(payload.taskId);
      }
      expect(await failedIds(queue)).toEqual(ids.toReversed());
      expect((await queue.failed(2)).map((job) => job.jobId)).toEqual(ids.toReversed().slice(0, 2));
      expect(await queue.failed(0)).toEqual([]);
    });

    it("runs nothing when a dead-lettered job id is added again", async () => {
      const queue = await newQueue();
      const script = scriptedHandlers({ autoComplete: true });
      start(queue, script.handlers, 1);
      const jobId = completionId();
      script.fail(jobId, { nonRetryable: true });
      await enqueueCompletion(queue, jobId);
      await waitFor(async () => (await failedIds(queue)).includes(jobId), "the dead letter");
      await enqueueCompletion(queue, jobId);
      // Jobs start in order: once a later job has run, the repeat would have run before it.
      const next = await enqueueTurn(queue);
      await waitFor(() => script.endsOf(next.taskId) === 1, "the next job to run");
      expect(script.startsOf(jobId)).toHaveLength(1);
      expect(await queue.state(jobId)).toEqual({ state: "unknown" });
      expect(await failedIds(queue)).toEqual([jobId]);
    });

    it("counts a job waiting for its retry as waiting at the end of the line; it cannot be removed or added again", async () => {
      // A backoff far longer than the test: the retry stays pending throughout.
      const queue = await newQueue(60_000);
      const script = scriptedHandlers();
      start(queue, script.handlers, 1);
      const retrying = completionId();
      script.fail(retrying, { runs: 1 });
      await enqueueCompletion(queue, retrying);
      await waitFor(() => script.endsOf(retrying) === 1, "the first run to fail");
      await waitFor(
        async () => (await queue.counts()).active === 0 && (await queue.state(retrying)).state === "waiting",
        "the job to wait for its retry",
      );
      const [running, next] = [await enqueueTurn(queue), await enqueueTurn(queue)];
      await waitFor(() => script.startsOf(running.taskId).length === 1, "the next job to start");
      expect(await queue.state(next.taskId)).toEqual({ state: "waiting", position: 0 });
      expect(await queue.state(retrying)).toEqual({ state: "waiting", position: 1 });
      expect(await queue.counts()).toMatchObject({ waiting: 2, active: 1 });
      expect(await queue.removeWaiting(retrying)).toBe(false);
      await enqueueCompletion(queue, retrying);
      expect(await queue.counts()).toMatchObject({ waiting: 2, active: 1 });

      script.release(running.taskId);
      script.release(next.taskId);
      await waitFor(() => script.endsOf(next.taskId) === 1, "the last job to end");
      expect(script.startsOf(retrying)).toHaveLength(1);
      expect(await queue.state(retrying)).toEqual({ state: "waiting", position: 0 });
      expect(await failedIds(queue)).toEqual([]);
    });

    it("allows one worker per queue object at a time", async () => {
      const queue = await newQueue();
      const worker = start(queue, scriptedHandlers().handlers, 1);
      expect(() => queue.startWorker(scriptedHandlers().handlers, { concurrency: 1 })).toThrow(/already/);
      await worker.close(0);
      start(queue, scriptedHandlers().handlers, 1);
    });
  });
}
