import { type BullmqJobQueueOptions, createBullmqJobQueue } from "./bullmq/bullmq-job-queue";
import type { JobLog, JobQueue } from "./job-queue";
import { createMemoryJobQueue } from "./memory/memory-job-queue";

export type JobQueueOptions = {
  /** BullMQ on this Redis when set; the in-process queue otherwise. */
  redis: { url: string; keyPrefix: string } | null;
  /** BullMQ settings (docs/operations.md, "Jobs and BullMQ settings"); ignored in process. */
  bullmq?: Pick<BullmqJobQueueOptions, "lockDurationMs" | "stalledIntervalMs" | "maxStalledCount">;
  log: JobLog;
  /** Tests only (production leaves it unset): every retry waits this long instead of the catalog backoff. */
  retryDelayMs?: number;
};

/** BullMQ when `REDIS_URL` is set, the in-process queue otherwise; same contract. */
export function createJobQueue(options: JobQueueOptions): JobQueue {
  const { retryDelayMs } = options;
  return options.redis
    ? createBullmqJobQueue({ ...options.bullmq, ...options.redis, log: options.log, retryDelayMs })
    : createMemoryJobQueue({ log: options.log, retryDelayMs });
}
