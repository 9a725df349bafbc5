import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { createRedis } from "../../redis/connection";
import { runScript } from "../../streams/redis/redis-script";
import { type JobName, type JobPayload, jobSpec, parseJobPayload } from "../job-catalog";
import type { FailedJob, JobLog, JobQueue, JobState } from "../job-queue";
import { jobStateScript, removeWaitingScript } from "./bullmq-scripts";
import { type BullmqJobWorker, startBullmqWorker } from "./bullmq-worker";
import { bullmqConnection } from "./connection-options";
import { fromBullmqId, toBullmqId } from "./job-ids";

/** One queue for every job name: a worker's concurrency is shared by all the work it takes. */
export const QUEUE_NAME = "jobs";

export type BullmqJobQueueOptions = {
  url: string;
  /** The project's key prefix (`copilot:`); BullMQ's keys become `<prefix>jobs:<…>`. */
  keyPrefix: string;
  log: JobLog;
  /** How long a worker's lock on a job lasts; renewed every half of it while the handler runs. */
  lockDurationMs?: number;
  /** How often workers look for jobs whose lock expired (their worker died) and put them back. */
  stalledIntervalMs?: number;
  /** Deaths after which BullMQ fails a job itself; keep it above what the handlers handle. */
  maxStalledCount?: number;
  /** Tests only: every retry waits this long instead of the catalog backoff. */
  retryDelayMs?: number;
  /** The process's connection for plain commands, owned by the caller; else the queue opens `jobs`. */
  command?: Redis;
};

export const BULLMQ_DEFAULTS = { lockDurationMs: 10_000, stalledIntervalMs: 5_000, maxStalledCount: 4 };

/**
 * Jobs in BullMQ on Redis: any number of processes add jobs and run workers on one queue. A dead
 * worker's job is found by BullMQ's stalled-job check (its lock expired) and started again by any
 * worker with `attempt` + 1 and `deaths` + 1; a worker shutting down hands its jobs back at once.
 */
export function createBullmqJobQueue(options: BullmqJobQueueOptions): JobQueue {
  const settings = {
    lockDurationMs: options.lockDurationMs ?? BULLMQ_DEFAULTS.lockDurationMs,
    stalledIntervalMs: options.stalledIntervalMs ?? BULLMQ_DEFAULTS.stalledIntervalMs,
    maxStalledCount: options.maxStalledCount ?? BULLMQ_DEFAULTS.maxStalledCount,
  };
  // BullMQ joins prefix and queue name with ":" itself.
  const prefix = options.keyPrefix.replace(/:$/, "");
  const queue = new Queue(QUEUE_NAME, { connection: bullmqConnection(options.url, "queue"), prefix });
  queue.on("error", (error) => options.log.warn({ err: error }, "job queue: redis error"));
  // The two scripts BullMQ has no call for run on a connection of the project's own kind.
  const redis = options.command ?? createRedis(options.url, "jobs");
  const keys = queue.keys;
  let worker: BullmqJobWorker | null = null;
  let closed = false;

  return {
    driver: "bullmq",
    async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, { jobId }: { jobId: string }) {
      const spec = jobSpec(name);
      const data = parseJobPayload(name, payload);
      // The retry policy travels with the job: whichever worker fails it, BullMQ delays and retries it.
      const backoff =
        options.retryDelayMs !== undefined
          ? { type: "fixed", delay: options.retryDelayMs }
          : spec.backoff && { type: spec.backoff.type, delay: spec.backoff.delayMs };
      // An existing id (waiting, running, retrying, or kept after it finished or failed) makes `add`
      // return the existing job: the id is the idempotency key.
      await queue.add(name, data, {
        jobId: toBullmqId(jobId),
        attempts: spec.attempts,
        ...(backoff ? { backoff } : {}),
      });
    },
    async removeWaiting(jobId) {
      const id = toBullmqId(jobId);
      const keyOfJob = queue.toKey(id);
      const removed = await runScript(
        redis,
        removeWaitingScript,
        [keys.wait!, keyOfJob, `${keyOfJob}:logs`],
        [id],
      );
      return removed === 1;
    },
    async state(jobId): Promise<JobState> {
      const scriptKeys = [keys.wait!, keys.active!, keys.delayed!, keys.prioritized!];
      const [state, position] = (await runScript(redis, jobStateScript, scriptKeys, [toBullmqId(jobId)])) as [
        string,
        number,
      ];
      if (state === "waiting") return { state, position };
      return state === "active" ? { state } : { state: "unknown" };
    },
    async counts() {
      const [jobCounts, workers] = await Promise.all([
        queue.getJobCounts("waiting", "delayed", "prioritized", "active"),
        queue.getWorkersCount(),
      ]);
      const waiting = (jobCounts.waiting ?? 0) + (jobCounts.delayed ?? 0) + (jobCounts.prioritized ?? 0);
      return { waiting, active: jobCounts.active ?? 0, workers };
    },
    async failed(limit) {
      // getFailed(0, -1) would mean all of them.
      if (limit < 1) return [];
      const jobs = await queue.getFailed(0, limit - 1);
      // A job removed between the id listing and its read comes back undefined.
      return jobs.filter(Boolean).map(
        (job): FailedJob => ({
          jobId: fromBullmqId(job.id!),
          name: job.name,
          attemptsMade: job.attemptsMade,
          error: job.failedReason,
          failedAt: job.finishedOn ?? job.timestamp,
        }),
      );
    },
    startWorker(handlers, { concurrency }) {
      if (closed) throw new Error("job queue is closed");
      if (worker && !worker.closed) throw new Error("this job queue already has a worker");
      worker = startBullmqWorker({
        ...settings,
        url: options.url,
        prefix,
        queueName: QUEUE_NAME,
        handlers,
        concurrency,
        log: options.log,
      });
      return worker;
    },
    async close() {
      closed = true;
      await worker?.close(0);
      await queue.close();
      if (!options.command) await redis.quit().catch(() => redis.disconnect());
    },
  };
}
