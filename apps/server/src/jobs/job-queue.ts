import type { Logger } from "pino";
import type { JobName, JobPayload } from "./job-catalog";

/**
 * Where turns (and later long operations) run (docs/design.md §6). Two first-class implementations
 * pass one contract suite (`job-queue.contract.ts`): in process (embedded mode) and BullMQ on Redis
 * (scaled mode, any number of `worker` processes). Build one with `createJobQueue`.
 */

/** Why a worker gave a running job up; see `JobContext.signal`. */
export type JobAbortReason = "handoff" | "shutdown";

export type JobContext = {
  jobId: string;
  /** 1 on the first start; +1 every time the job is started again (a worker died or handed it back). Monotonic: used as a fencing token. */
  attempt: number;
  /** How many times a worker running this job died (BullMQ's stalledCounter); 0 in process. */
  deaths: number;
  /**
   * Aborted when this worker gives the job up; `signal.reason` is a `JobAbortReason`: "handoff"
   * (BullMQ: another worker starts it at once, so the handler must stop WITHOUT ending its work) or
   * "shutdown" (in process: nobody will continue it, so the handler ends its work as server_shutdown).
   */
  signal: AbortSignal;
};

export type JobHandlers = { [N in JobName]: (payload: JobPayload<N>, ctx: JobContext) => Promise<void> };

export type JobState = { state: "waiting"; position: number } | { state: "active" } | { state: "unknown" };

/** A dead letter: a job that used all its catalog attempts, or threw `NonRetryableError`. */
export type FailedJob = {
  jobId: string;
  name: string;
  attemptsMade: number;
  error: string;
  failedAt: number;
};

/**
 * Dead letters are kept, newest first, up to this many (BullMQ also drops them after a day). Their ids
 * stay known while kept, so adding one again is a no-op rather than a second delivery.
 */
export const KEEP_FAILED_JOBS = 1000;

export type JobQueue = {
  readonly driver: "memory" | "bullmq";
  /** Validates the payload with the catalog (throws a ZodError); idempotent by jobId (an existing id is a no-op). */
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options: { jobId: string }): Promise<void>;
  /** Removes a job no worker has started; false when it is active, finished or unknown. Atomic. */
  removeWaiting(jobId: string): Promise<boolean>;
  /**
   * waiting (0-based position in line, oldest first; a job waiting out a retry backoff is at the end)
   * | active | unknown (finished, failed, removed, never added).
   */
  state(jobId: string): Promise<JobState>;
  /** For /readyz: waiting (retry backoffs included) + active counts and live workers (BullMQ: getWorkersCount). */
  counts(): Promise<{ waiting: number; active: number; workers: number }>;
  /** The dead letters, newest first, at most `limit`; empty when none are kept. */
  failed(limit: number): Promise<FailedJob[]>;
  /** Starts consuming, `concurrency` jobs at once. Throws while another worker of this object runs. */
  startWorker(handlers: JobHandlers, options: { concurrency: number }): JobWorker;
  /** Closes connections (and the worker if still running, as close(0)). */
  close(): Promise<void>;
};

export type JobWorker = {
  /** Handlers running now. */
  readonly running: number;
  /**
   * Stops taking new jobs, lets running ones finish for up to graceMs, then aborts the rest (reason
   * "handoff" for BullMQ, which hands them back to the queue so another worker starts them at once;
   * "shutdown" in process) and resolves when every handler has returned. Idempotent.
   */
  close(graceMs: number): Promise<void>;
};

/** What the queues log: a pino logger fits. */
export type JobLog = Pick<Logger, "info" | "warn" | "error">;

/**
 * Thrown by a handler whose job must not be tried again whatever its catalog attempts say (BullMQ:
 * becomes an UnrecoverableError); the job goes straight to the dead letters. Any other throw is
 * retried after the catalog backoff while attempts remain.
 */
export class NonRetryableError extends Error {
  override name = "NonRetryableError";
}
