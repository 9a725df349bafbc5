import { Redis, type RedisOptions } from "ioredis";

/** Longest pause between reconnect attempts, so a Redis that comes back is in use within a second. */
const MAX_RECONNECT_DELAY_MS = 1000;

/**
 * Every connection is named `copilot:<role>:<pid>` (CLIENT SETNAME) so `CLIENT LIST` tells which
 * process and role holds it. Blocking readers need a connection of their own.
 */
export function createRedis(url: string, role: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    connectionName: `copilot:${role}:${process.pid}`,
    maxRetriesPerRequest: 2,
    // Queue only until the first connect (startup sends commands before it); see below.
    enableOfflineQueue: true,
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(attempt * 50, MAX_RECONNECT_DELAY_MS),
    ...options,
  });
  // Once connected, a command sent while Redis is down fails at once instead of waiting in a
  // queue through reconnect attempts (a request would hang for seconds, then 500): routes answer
  // 503 `dependency_unavailable` immediately (docs/api.md §3). ioredis reads this option per
  // command. Commands in flight when the link drops still fail after `maxRetriesPerRequest`.
  if (options.enableOfflineQueue === undefined) {
    redis.once("ready", () => {
      redis.options.enableOfflineQueue = false;
    });
  }
  // Commands in flight when the link drops would be sent again after a reconnect, however long
  // the outage: an append would hold its turn for the whole outage, a blocking read would wait out
  // its BLOCK on a log that is gone. Fail them now instead; their callers decide what to retry.
  // (`flushQueue` is ioredis's own way to fail its queues; 'close' arrives before a reconnect.)
  redis.on("close", () => {
    const queues = redis as unknown as { flushQueue?: (error: Error, options: object) => void };
    queues.flushQueue?.(new Error("Connection is closed."), { offlineQueue: false });
  });
  // Errors surface through failed commands and /readyz; an unhandled 'error' event would crash.
  redis.on("error", () => {});
  return redis;
}

/**
 * Whether an error means Redis could not be reached (down, restarting, link lost), as opposed to a
 * refused command. Such failures are an outage of a dependency, not a bug: 503, not 500.
 */
export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === "MaxRetriesPerRequestError") return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && ["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT"].includes(code))
    return true;
  return (
    error.message === "Connection is closed." ||
    error.message === "Command aborted due to connection close" ||
    error.message.startsWith("Stream isn't writeable") ||
    error.message === "Command timed out"
  );
}

/** Resolves once connected, or rejects with the connection error (startup names the variable). */
export async function waitForRedis(redis: Redis, timeoutMs = 5000): Promise<void> {
  if (redis.status === "ready") return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const onEnd = () => {
      cleanup();
      reject(new Error("connection closed"));
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off("ready", onReady);
      redis.off("end", onEnd);
    };
    redis.on("ready", onReady);
    redis.on("end", onEnd);
  });
  await redis.ping();
}
