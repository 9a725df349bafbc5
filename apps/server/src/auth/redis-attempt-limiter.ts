import type { Redis } from "ioredis";
import { type AttemptLimiter, refusal } from "./attempt-limiter";

// INCR and the window's expiry in one step: atomic across processes, and a crash between them
// cannot leave a key that never expires.
const TAKE = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}`;

// Only while the window lives: a DECR after expiry would create a key without a TTL.
const GIVE_BACK = `
if redis.call('EXISTS', KEYS[1]) == 1 and tonumber(redis.call('GET', KEYS[1])) > 0 then
  return redis.call('DECR', KEYS[1])
end
return 0`;

export function createRedisAttemptLimiter(redis: Redis, prefix: string): AttemptLimiter {
  const keyOf = (key: string) => `${prefix}ratelimit:${key}`;
  return {
    async take(key, budget) {
      const [count, ttl] = (await redis.eval(TAKE, 1, keyOf(key), budget.windowMs)) as [number, number];
      return count <= budget.max ? { ok: true } : refusal(ttl > 0 ? ttl : budget.windowMs);
    },
    async giveBack(key) {
      await redis.eval(GIVE_BACK, 1, keyOf(key));
    },
    async reset(key) {
      await redis.del(keyOf(key));
    },
  };
}
