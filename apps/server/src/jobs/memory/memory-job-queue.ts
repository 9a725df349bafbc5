import { type JobBackoff, type JobName, type JobPayload, jobSpec, parseJobPayload } from "../job-catalog";
import {
  type FailedJob,
  type JobHandlers,
  type JobLog,
  type JobQueue,
  type JobState,
  type JobWorker,
  KEEP_FAILED_JOBS,
  NonRetryableError,
} from "../job-queue";
import { runJob } from "../run-job";

type QueuedJob = { jobId: string; name: JobName; payload: unknown; attemptsMade: number };

/** Everything the queue knows, shared with its worker. A job id sits in at most one of these. */
type MemoryJobs = {
  waiting: QueuedJob[];
  active: Set<string>;
  /** Jobs waiting out a retry backoff; they outlive a worker and the next one takes them up. */
  retrying: Map<string, QueuedJob>;
  /** Dead letters by id, oldest first (Map order), at most KEEP_FAILED_JOBS. */
  failed: Map<string, FailedJob>;
};

export type MemoryJobQueueOptions = {
  log: JobLog;
  /** Tests only: every retry waits this long instead of the catalog backoff. */
  retryDelayMs?: number;
};

/**
 * The embedded queue: FIFO in this process, nothing else to run. A job lives here only while it
 * waits, runs or waits for a retry (and its dead letter afterwards); nobody continues it after the
 * process ends, so closing the worker aborts running handlers with "shutdown" (they end their work
 * themselves) and restart recovery is the turn runner's business. Retries follow the catalog as
 * BullMQ does: a job waiting out its backoff counts as waiting, at the end of the line.
 */
export function createMemoryJobQueue(options: MemoryJobQueueOptions): JobQueue {
  const jobs: MemoryJobs = { waiting: [], active: new Set(), retrying: new Map(), failed: new Map() };
  let worker: MemoryWorker | null = null;
  let closed = false;
  const known = (jobId: string) =>
    jobs.active.has(jobId) ||
    jobs.retrying.has(jobId) ||
    jobs.failed.has(jobId) ||
    jobs.waiting.some((job) => job.jobId === jobId);

  return {
    driver: "memory",
    async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, { jobId }: { jobId: string }) {
      if (closed) throw new Error("job queue is closed");
      const parsed = parseJobPayload(name, payload);
      if (known(jobId)) return;
      jobs.waiting.push({ jobId, name, payload: parsed, attemptsMade: 0 });
      worker?.pump();
    },
    async removeWaiting(jobId) {
      // A job waiting for a retry has been started already: not removable, as in BullMQ.
      const index = jobs.waiting.findIndex((job) => job.jobId === jobId);
      if (index < 0) return false;
      jobs.waiting.splice(index, 1);
      return true;
    },
    async state(jobId): Promise<JobState> {
      if (jobs.active.has(jobId)) return { state: "active" };
      const position = jobs.waiting.findIndex((job) => job.jobId === jobId);
      if (position >= 0) return { state: "waiting", position };
      return jobs.retrying.has(jobId)
        ? { state: "waiting", position: jobs.waiting.length }
        : { state: "unknown" };
    },
    async counts() {
      const waiting = jobs.waiting.length + jobs.retrying.size;
      return { waiting, active: jobs.active.size, workers: worker && !worker.closing ? 1 : 0 };
    },
    async failed(limit) {
      return [...jobs.failed.values()].reverse().slice(0, Math.max(0, limit));
    },
    startWorker(handlers, { concurrency }) {
      if (closed) throw new Error("job queue is closed");
      if (worker && !worker.closed) throw new Error("this job queue already has a worker");
      worker = new MemoryWorker(handlers, concurrency, jobs, options);
      worker.pump();
      return worker;
    },
    async close() {
      closed = true;
      await worker?.close(0);
    },
  };
}

/** BullMQ's built-in strategies: `failures` counts this one too. */
function backoffDelay(backoff: JobBackoff | null, failures: number): number {
  if (!backoff) return 0;
  return backoff.type === "fixed" ? backoff.delayMs : backoff.delayMs * 2 ** (failures - 1);
}

class MemoryWorker implements JobWorker {
  closing = false;
  closed = false;
  private readonly runs = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private closePromise: Promise<void> | null = null;

  constructor(
    private readonly handlers: JobHandlers,
    private readonly concurrency: number,
    private readonly jobs: MemoryJobs,
    private readonly options: MemoryJobQueueOptions,
  ) {
    if (!(concurrency >= 1)) throw new RangeError("concurrency must be at least 1");
    // Retries a previous worker left waiting; their backoff starts again, a lower bound at worst.
    for (const job of jobs.retrying.values()) this.scheduleRetry(job);
  }

  get running() {
    return this.runs.size;
  }

  /** Starts waiting jobs, oldest first, while a slot is free. */
  pump() {
    while (!this.closing && this.runs.size < this.concurrency) {
      const job = this.jobs.waiting.shift();
      if (!job) return;
      this.start(job);
    }
  }

  private start(job: QueuedJob) {
    const controller = new AbortController();
    this.jobs.active.add(job.jobId);
    const ctx = { jobId: job.jobId, attempt: job.attemptsMade + 1, deaths: 0, signal: controller.signal };
    const done = runJob(this.handlers, job.name, job.payload, ctx)
      .then(
        () => {
          this.jobs.active.delete(job.jobId);
        },
        (error: unknown) => this.fail(job, error),
      )
      .finally(() => {
        this.runs.delete(job.jobId);
        this.pump();
      });
    this.runs.set(job.jobId, { controller, done });
  }

  /** Retries the job after its backoff while attempts remain, else keeps it as a dead letter. */
  private fail(job: QueuedJob, error: unknown) {
    // Leaves `active` in the same step as it enters `retrying`/`failed`: never counted twice.
    this.jobs.active.delete(job.jobId);
    job.attemptsMade++;
    const log = { err: error, jobId: job.jobId, job: job.name, attempt: job.attemptsMade };
    if (!(error instanceof NonRetryableError) && job.attemptsMade < jobSpec(job.name).attempts) {
      this.options.log.warn(log, "job failed; it will be retried");
      this.jobs.retrying.set(job.jobId, job);
      this.scheduleRetry(job);
      return;
    }
    this.options.log.error(log, "job failed");
    const message = error instanceof Error ? error.message : String(error);
    const failed = this.jobs.failed;
    failed.set(job.jobId, {
      jobId: job.jobId,
      name: job.name,
      attemptsMade: job.attemptsMade,
      error: message,
      failedAt: Date.now(),
    });
    if (failed.size > KEEP_FAILED_JOBS) failed.delete(failed.keys().next().value!);
  }

  /** Puts the job back at the end of the line once its backoff is over; a closing worker waits for none. */
  private scheduleRetry(job: QueuedJob) {
    if (this.closing) return;
    const delay = this.options.retryDelayMs ?? backoffDelay(jobSpec(job.name).backoff, job.attemptsMade);
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.jobs.retrying.delete(job.jobId);
      this.jobs.waiting.push(job);
      this.pump();
    }, delay);
    // A pending retry alone must not keep the process alive.
    timer.unref();
    this.retryTimers.add(timer);
  }

  close(graceMs: number): Promise<void> {
    this.closePromise ??= this.shutDown(graceMs);
    return this.closePromise;
  }

  private async shutDown(graceMs: number) {
    this.closing = true;
    // The jobs stay in `retrying` for the next worker of this queue.
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
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
