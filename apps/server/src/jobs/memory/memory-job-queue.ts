import { type JobName, type JobPayload, parseJobPayload } from "../job-catalog";
import type { JobHandlers, JobLog, JobQueue, JobState, JobWorker } from "../job-queue";
import { runJob } from "../run-job";

type QueuedJob = { jobId: string; name: JobName; payload: unknown };

/**
 * The embedded queue: FIFO in this process, nothing else to run. A job lives here only while it
 * waits or runs; nobody continues it after the process ends, so closing the worker aborts running
 * handlers with "shutdown" (they end their work themselves) and restart recovery is the turn
 * runner's business. Catalog attempts are not retried here: a turn's handler never throws.
 */
export function createMemoryJobQueue(options: { log: JobLog }): JobQueue {
  const waiting: QueuedJob[] = [];
  const active = new Set<string>();
  let worker: MemoryWorker | null = null;
  let closed = false;

  return {
    driver: "memory",
    async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, { jobId }: { jobId: string }) {
      if (closed) throw new Error("job queue is closed");
      const parsed = parseJobPayload(name, payload);
      if (active.has(jobId) || waiting.some((job) => job.jobId === jobId)) return;
      waiting.push({ jobId, name, payload: parsed });
      worker?.pump();
    },
    async removeWaiting(jobId) {
      const index = waiting.findIndex((job) => job.jobId === jobId);
      if (index < 0) return false;
      waiting.splice(index, 1);
      return true;
    },
    async state(jobId): Promise<JobState> {
      if (active.has(jobId)) return { state: "active" };
      const position = waiting.findIndex((job) => job.jobId === jobId);
      return position < 0 ? { state: "unknown" } : { state: "waiting", position };
    },
    async counts() {
      return { waiting: waiting.length, active: active.size, workers: worker && !worker.closing ? 1 : 0 };
    },
    startWorker(handlers, { concurrency }) {
      if (closed) throw new Error("job queue is closed");
      if (worker && !worker.closed) throw new Error("this job queue already has a worker");
      worker = new MemoryWorker(handlers, concurrency, waiting, active, options.log);
      worker.pump();
      return worker;
    },
    async close() {
      closed = true;
      await worker?.close(0);
    },
  };
}

class MemoryWorker implements JobWorker {
  closing = false;
  closed = false;
  private readonly runs = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private closePromise: Promise<void> | null = null;

  constructor(
    private readonly handlers: JobHandlers,
    private readonly concurrency: number,
    private readonly waiting: QueuedJob[],
    private readonly active: Set<string>,
    private readonly log: JobLog,
  ) {
    if (!(concurrency >= 1)) throw new RangeError("concurrency must be at least 1");
  }

  get running() {
    return this.runs.size;
  }

  /** Starts waiting jobs, oldest first, while a slot is free. */
  pump() {
    while (!this.closing && this.runs.size < this.concurrency) {
      const job = this.waiting.shift();
      if (!job) return;
      this.start(job);
    }
  }

  private start(job: QueuedJob) {
    const controller = new AbortController();
    this.active.add(job.jobId);
    const ctx = { jobId: job.jobId, attempt: 1, deaths: 0, signal: controller.signal };
    const done = runJob(this.handlers, job.name, job.payload, ctx)
      .catch((error: unknown) => {
        this.log.error({ err: error, jobId: job.jobId, job: job.name }, "job failed");
      })
      .finally(() => {
        this.runs.delete(job.jobId);
        this.active.delete(job.jobId);
        this.pump();
      });
    this.runs.set(job.jobId, { controller, done });
  }

  close(graceMs: number): Promise<void> {
    this.closePromise ??= this.shutDown(graceMs);
    return this.closePromise;
  }

  private async shutDown(graceMs: number) {
    this.closing = true;
    const all = () => Promise.all([...this.runs.values()].map((run) => run.done));
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<"grace_over">((resolve) => {
      timer = setTimeout(() => resolve("grace_over"), graceMs);
    });
    if ((await Promise.race([all(), graceOver])) === "grace_over") {
      for (const run of this.runs.values()) run.controller.abort("shutdown");
      await all();
    }
    clearTimeout(timer);
    this.closed = true;
  }
}
