import type { RedisOptions } from "bullmq";

/** Longest pause between reconnect attempts, as for the project's own connections (redis/connection.ts). */
const MAX_RECONNECT_DELAY_MS = 1000;

/**
 * BullMQ gets connection OPTIONS, not clients: it opens (and names, for getWorkersCount) the
 * connections it needs, a blocking one per worker included. `role` picks the failure behaviour:
 * a worker's commands wait through a Redis outage (BullMQ requires maxRetriesPerRequest: null);
 * the producer's (`queue`, on request paths) fail at once so a route answers 503 instead of hanging.
 */
export function bullmqConnection(url: string, role: "worker" | "queue"): RedisOptions {
  const parsed = new URL(url);
  const options: RedisOptions = {
    host: parsed.hostname.replace(/^\[|\]$/g, ""),
    port: Number(parsed.port || 6379),
    db: Number(parsed.pathname.slice(1) || 0),
    retryStrategy: (attempt: number) => Math.min(attempt * 50, MAX_RECONNECT_DELAY_MS),
  };
  if (parsed.username) options.username = decodeURIComponent(parsed.username);
  if (parsed.password) options.password = decodeURIComponent(parsed.password);
  if (parsed.protocol === "rediss:") options.tls = {};
  return role === "worker"
    ? { ...options, maxRetriesPerRequest: null }
    : { ...options, maxRetriesPerRequest: 2, enableOfflineQueue: false };
}
