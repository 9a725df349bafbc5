import type { Redis } from "ioredis";
import { type BullmqJobQueueOptions, createBullmqJobQueue } from "./bullmq/bullmq-job-queue";
import type { JobLog, JobQueue } from "./job-queue";
import { createMemoryJobQueue } from "./memory/memory-job-queue";

export type JobQueueOptions = {
  /**
   * BullMQ on this Redis when set; the in-process queue otherwise. `command`: the process's shared
   * connection for plain commands (BullMQ's own queue and worker connections stay its own).
   */
  redis: { url: string; keyPrefix: string; command?: Redis } | null;
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
