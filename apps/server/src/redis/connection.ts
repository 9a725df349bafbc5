import { Redis, type RedisOptions } from "ioredis";

/**
 * Every connection is named `copilot:<role>:<pid>` (CLIENT SETNAME) so `CLIENT LIST` tells which
 * process and role holds it. Blocking readers need a connection of their own.
 */
export function createRedis(url: string, role: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    connectionName: `copilot:${role}:${process.pid}`,
    // Fail commands fast while disconnected instead of queueing them without bound.
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    lazyConnect: false,
    ...options,
  });
  // Errors surface through failed commands and /readyz; an unhandled 'error' event would crash.
  redis.on("error", () => {});
  return redis;
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
