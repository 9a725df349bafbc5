import os from "node:os";
import { type Job, UnrecoverableError, WaitingError, Worker } from "bullmq";
import {
  type JobHandlers,
  type JobLog,
  type JobWorker,
  KEEP_FAILED_JOBS,
  NonRetryableError,
} from "../job-queue";
import { runJob } from "../run-job";
import { bullmqConnection } from "./connection-options";
import { fromBullmqId } from "./job-ids";

export type BullmqWorkerOptions = {
  url: string;
  prefix: string;
  queueName: string;
  handlers: JobHandlers;
  concurrency: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  maxStalledCount: number;
  log: JobLog;
};

/** A worker's own view of a job it runs. */
type Run = { controller: AbortController; lockLost: boolean };

/** Completed jobs kept a short while for inspection (and as a dedupe window), then dropped. */
const KEEP_COMPLETED = { age: 3600, count: 1000 };
/**
 * Jobs that used their attempts are the dead letters `failed()` lists: kept (their ids stay known, so
 * a repeated add is a no-op) but bounded, to the newest KEEP_FAILED_JOBS and for a day
 * (docs/operations.md); a job that is retried is not failed yet, so this applies after its last attempt.
 */
const KEEP_FAILED = { age: 24 * 3600, count: KEEP_FAILED_JOBS };

export type BullmqJobWorker = JobWorker & { readonly closed: boolean };

export function startBullmqWorker(options: BullmqWorkerOptions): BullmqJobWorker {
  const { log } = options;
  const runs = new Map<string, Run>();
  // Jobs this worker gave back while closing. BullMQ forgets a job's lock only once its processor
  // returns; a renewal sent while hundreds of hand-backs are in flight fails for those already
  // moved, harmlessly (measured: 1,000 such warnings when a worker with 1,000 turns stopped).
  const handedBack = new Set<string>();
  let graceOver = false;
  let closing: Promise<void> | null = null;
  let closed = false;

  const process = async (job: Job, token?: string) => {
    if (!job.id || !token) throw new UnrecoverableError("job without id or lock token");
    // `runs` is keyed by BullMQ's id, as lockRenewalFailed reports it; the handler sees ours.
    const bullmqId = job.id;
    const jobId = fromBullmqId(bullmqId);
    const run: Run = { controller: new AbortController(), lockLost: false };
    runs.set(bullmqId, run);
    // Taken while the worker was closing, after the grace period: give it back untouched.
    if (graceOver) run.controller.abort("handoff");
    // attemptsStarted counts every move to active (first start, after a stall, after a hand-back),
    // so it only grows: a fencing token. stalledCounter counts the stalls alone.
    const ctx = {
      jobId,
      attempt: job.attemptsStarted,
      deaths: job.stalledCounter,
      signal: run.controller.signal,
    };
    let failure: { error: unknown } | null = null;
    try {
      await runJob(options.handlers, job.name, job.data, ctx);
    } catch (error) {
      failure = { error };
    } finally {
      runs.delete(bullmqId);
    }
    if (run.controller.signal.reason === "handoff") {
      // After a lost lock the job is already someone else's: touch nothing.
      if (!run.lockLost) {
        handedBack.add(bullmqId);
        await handBack(job, token, log);
      }
      // Tells BullMQ the job moved on its own: neither completed nor failed by this worker.
      throw new WaitingError();
    }
    if (failure) {
      const nonRetryable = failure.error instanceof NonRetryableError;
      // BullMQ counts this failure after we throw; the same rule as its shouldRetryJob.
      const retried = !nonRetryable && job.attemptsMade + 1 < (job.opts.attempts ?? 1);
      const entry = { err: failure.error, jobId, job: job.name, attempt: ctx.attempt };
      if (retried) log.warn(entry, "job failed; it will be retried");
      else log.error(entry, "job failed");
      if (failure.error instanceof NonRetryableError) throw new UnrecoverableError(failure.error.message);
      throw failure.error;
    }
  };

  const worker = new Worker(options.queueName, process, {
    connection: bullmqConnection(options.url, "worker"),
    prefix: options.prefix,
    name: `${os.hostname()}:${globalThis.process.pid}`,
    concurrency: options.concurrency,
    lockDuration: options.lockDurationMs,
    stalledInterval: options.stalledIntervalMs,
    maxStalledCount: options.maxStalledCount,
    removeOnComplete: KEEP_COMPLETED,
    removeOnFail: KEEP_FAILED,
    // Pause between retries of a completion write that failed on a lost connection (default 15 s).
    runRetryDelay: 1000,
  });
  // Redis trouble surfaces here (and through /readyz); an unhandled 'error' would end the process.
  worker.on("error", (error) => {
    const renewal = /^could not renew lock for job (.+)$/.exec(error.message);
    if (renewal && handedBack.has(renewal[1]!)) return;
    log.warn({ err: error }, "job worker: redis error");
  });
  // Our lock expired and stall detection gave the job to another worker (a long pause, a lost
  // link): stop without ending the work, which is no longer ours.
  worker.on("lockRenewalFailed", (bullmqIds: string[]) => {
    for (const bullmqId of bullmqIds) {
      const run = runs.get(bullmqId);
      if (!run) continue;
      log.warn(
        { jobId: fromBullmqId(bullmqId) },
        "job worker: lost the lock of a running job; another worker has it",
      );
      run.lockLost = true;
      run.controller.abort("handoff");
    }
  });
  worker.on("failed", (job, error) => {
    if (job && error.message.includes("stalled more than")) {
      log.error(
        { jobId: job.id && fromBullmqId(job.id), job: job.name, deaths: job.stalledCounter },
        "job failed: its workers kept dying",
      );
    }
  });

  return {
    get running() {
      return runs.size;
    },
    get closed() {
      return closed;
    },
    close(graceMs) {
      closing ??= (async () => {
        const timer = setTimeout(() => {
          graceOver = true;
          for (const run of runs.values()) run.controller.abort("handoff");
        }, graceMs);
        try {
          // Stops fetching, then waits for every processor (hand-backs included) to return.
          await worker.close();
        } finally {
          clearTimeout(timer);
          closed = true;
        }
      })();
      return closing;
    },
  };
}

/** Puts the job at the head of the line so another worker starts it now, not after stall detection. */
async function handBack(job: Job, token: string, log: JobLog) {
  try {
    await job.moveToWait(token);
  } catch (error) {
    // The lock expired meanwhile: stall detection puts the job back instead, a little later.
    log.warn({ err: error, jobId: job.id && fromBullmqId(job.id) }, "job worker: could not hand a job back");
  }
}
