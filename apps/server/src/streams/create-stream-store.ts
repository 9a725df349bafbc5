import type { Redis } from "ioredis";
import type { Config } from "../config";
import { createMemoryStreamStore } from "./memory/memory-stream-store";
import { createRedisStreamStore } from "./redis/redis-stream-store";
import type { StreamStore } from "./stream-store";

/**
 * Redis Streams when `REDIS_URL` is set, the in-process store otherwise; same contract. `command`:
 * the process's shared connection for plain commands (see `RedisStreamStoreOptions`).
 */
export function createStreamStore(config: Config, shared: { command?: Redis } = {}): StreamStore {
  const options = { ttlSeconds: config.streams.ttlSeconds, maxEntries: config.streams.maxEntries };
  return config.redis
    ? createRedisStreamStore({
        ...options,
        url: config.redis.url,
        keyPrefix: config.redis.keyPrefix,
        command: shared.command,
      })
    : createMemoryStreamStore(options);
}
