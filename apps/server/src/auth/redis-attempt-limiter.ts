import type { Redis } from "ioredis";
import type { AttemptLimiter, AttemptLimiterOptions } from "./attempt-limiter";

// INCR and the window's expiry in one step, so a crash between them cannot leave a key that never expires.
const RECORD = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

export function createRedisAttemptLimiter(
  redis: Redis,
  prefix: string,
  options: AttemptLimiterOptions,
): AttemptLimiter {
  const keyOf = (key: string) => `${prefix}ratelimit:${key}`;
  return {
    async blockedFor(keys) {
      if (keys.length === 0) return 0;
      const pipeline = redis.pipeline();
      for (const key of keys) pipeline.get(keyOf(key)).pttl(keyOf(key));
      const results = (await pipeline.exec()) ?? [];
      // A pipeline reports a failed command in its result, not by rejecting: an unreachable Redis
      // must fail the login (503), never read as "no failures yet".
      const failed = results.find(([error]) => error);
      if (failed) throw failed[0];
      let wait = 0;
      for (let i = 0; i < keys.length; i++) {
        const count = Number(results[2 * i]?.[1] ?? 0);
        const ttl = Number(results[2 * i + 1]?.[1] ?? -2);
        if (count >= options.max) wait = Math.max(wait, ttl > 0 ? Math.ceil(ttl / 1000) : 1);
      }
      return wait;
    },
    async recordFailure(keys) {
      await Promise.all(keys.map((key) => redis.eval(RECORD, 1, keyOf(key), options.windowMs)));
    },
    async reset(key) {
      await redis.del(keyOf(key));
    },
  };
}
