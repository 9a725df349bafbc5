import {
  DEFAULT_RUNNING_TTL_SECONDS,
  DEFAULT_SUBSCRIBER_BUFFER_ENTRIES,
  type StreamStoreOptions,
} from "./stream-store";

/** Options in the units the stores work in, defaults applied once for both implementations. */
export type ResolvedStoreOptions = {
  /** Life of an ended task's keys. */
  ttlMs: number;
  /** Life of a running task's keys since its last refresh. */
  runningTtlMs: number;
  /** How often appends refresh a running task's TTL: a few seconds, well inside runningTtlMs. */
  refreshMs: number;
  maxEntries: number;
  bufferEntries: number;
};

export function resolveStoreOptions(options: StreamStoreOptions): ResolvedStoreOptions {
  if (!(options.ttlSeconds > 0)) throw new RangeError("ttlSeconds must be positive");
  if (!(options.maxEntries >= 0)) throw new RangeError("maxEntries must be 0 (off) or positive");
  const runningTtlSeconds =
    options.runningTtlSeconds ?? Math.max(options.ttlSeconds, DEFAULT_RUNNING_TTL_SECONDS);
  const runningTtlMs = Math.max(1, Math.round(runningTtlSeconds * 1000));
  return {
    ttlMs: Math.max(1, Math.round(options.ttlSeconds * 1000)),
    runningTtlMs,
    refreshMs: Math.min(5000, Math.floor(runningTtlMs / 3)),
    maxEntries: Math.floor(options.maxEntries),
    bufferEntries: Math.max(1, options.subscriberBufferEntries ?? DEFAULT_SUBSCRIBER_BUFFER_ENTRIES),
  };
}
