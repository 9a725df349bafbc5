import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { JobPayload } from "./job-catalog";
import type { JobAbortReason, JobContext, JobHandlers, JobQueue, JobWorker } from "./job-queue";

/** What differs between implementations, declared by each test file rather than skipped by name. */
export type JobQueueCapabilities = {
  /** Why close(grace) aborts a handler that outlives the grace period. */
  abortReason: JobAbortReason;
  /** A job aborted by close(grace) goes back in line for another worker (BullMQ) or is gone (memory). */
  handsBack: boolean;
};

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

type Started = { payload: TurnPayload; ctx: JobContext };

/**
 * Handlers the test drives: each run holds until the test releases its job (or its signal aborts),
 * or ends at once in `autoComplete` mode; `failing` ids throw. Records starts, ends and the peak of
 * handlers running at once.
 */
export function scriptedHandlers(options: { autoComplete?: boolean } = {}) {
  const started: Started[] = [];
  const ended: string[] = [];
  const failing = new Set<string>();
  const releases = new Map<string, () => void>();
  const released = new Set<string>();
  let running = 0;
  let peak = 0;
  const handlers: JobHandlers = {
    async chat_turn(payload, ctx) {
      started.push({ payload, ctx });
      running++;
      peak = Math.max(peak, running);
      try {
        if (failing.has(ctx.jobId)) throw new Error("scripted failure");
        if (options.autoComplete || released.has(ctx.jobId)) return;
        await new Promise<void>((resolve) => {
          releases.set(ctx.jobId, resolve);
          ctx.signal.addEventListener("abort", () => resolve(), { once: true });
        });
      } finally {
        running--;
        ended.push(ctx.jobId);
      }
    },
  };
  return {
    handlers,
    started,
    ended,
    failing,
    get running() {
      return running;
    },
    get peak() {
      return peak;
    },
    startsOf: (jobId: string) => started.filter((start) => start.ctx.jobId === jobId),
    release(jobId: string) {
      released.add(jobId);
      releases.get(jobId)?.();
    },
  };
}

export function runJobQueueContract(
  label: string,
  makeQueue: () => Promise<JobQueue>,
  capabilities: JobQueueCapabilities,
) {
  describe(`job queue contract (${label})`, () => {
    const workers: JobWorker[] = [];
    const start = (queue: JobQueue, handlers: JobHandlers, concurrency = 1) => {
      const worker = queue.startWorker(handlers, { concurrency });
      workers.push(worker);
      return worker;
    };
    afterEach(async () => {
      await Promise.all(workers.splice(0).map((worker) => worker.close(0)));
    });

    async function enqueueTurn(queue: JobQueue, payload = turnPayload()) {
      await queue.enqueue("chat_turn", payload, { jobId: payload.taskId });
      return payload;
    }

    it("hands the handler its validated payload with attempt 1 and no deaths", async () => {
      const queue = await makeQueue();
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
      const queue = await makeQueue();
      const bad = { ...turnPayload(), userId: "not-a-uuid" };
      await expect(queue.enqueue("chat_turn", bad, { jobId: bad.taskId })).rejects.toThrow(/uuid/i);
      expect(await queue.state(bad.taskId)).toEqual({ state: "unknown" });
      expect(await queue.counts()).toMatchObject({ waiting: 0, active: 0 });
    });

    it("runs a job id once however often it is added, while waiting or running", async () => {
      const queue = await makeQueue();
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
      const queue = await makeQueue();
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
      const queue = await makeQueue();
      const payloads = [];
      for (let i = 0; i < 4; i++) payloads.push(await enqueueTurn(queue));
      const script = scriptedHandlers({ autoComplete: true });
      start(queue, script.handlers, 1);
      await waitFor(() => script.ended.length === 4, "four jobs to run");
      expect(script.started.map((run) => run.ctx.jobId)).toEqual(payloads.map((payload) => payload.taskId));
    });

    it("reports waiting positions, active and unknown; removes only waiting jobs, which never run", async () => {
      const queue = await makeQueue();
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
      const queue = await makeQueue();
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
      const queue = await makeQueue();
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
      const queue = await makeQueue();
      const events: string[] = [];
      let signal: AbortSignal | null = null;
      const handlers: JobHandlers = {
        async chat_turn(_payload, ctx) {
          signal = ctx.signal;
          events.push("started");
          await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve, { once: true }));
          events.push("aborted");
          // Ending the work takes a moment; close must wait for it.
          await new Promise((resolve) => setTimeout(resolve, 100));
          events.push("returned");
        },
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
      const queue = await makeQueue();
      const script = scriptedHandlers({ autoComplete: true });
      const failing = turnPayload();
      script.failing.add(failing.taskId);
      start(queue, script.handlers, 1);
      await enqueueTurn(queue, failing);
      const next = await enqueueTurn(queue);
      await waitFor(() => script.ended.includes(next.taskId), "the next job to run");
      expect(script.startsOf(failing.taskId)).toHaveLength(1);
      expect(await queue.state(failing.taskId)).toEqual({ state: "unknown" });
    });

    it("allows one worker per queue object at a time", async () => {
      const queue = await makeQueue();
      const worker = start(queue, scriptedHandlers().handlers, 1);
      expect(() => queue.startWorker(scriptedHandlers().handlers, { concurrency: 1 })).toThrow(/already/);
      await worker.close(0);
      start(queue, scriptedHandlers().handlers, 1);
    });
  });
}
