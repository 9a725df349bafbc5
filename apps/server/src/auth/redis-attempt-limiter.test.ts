import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe } from "vitest";
import { createRedis } from "../redis/connection";
import { deletePrefixedKeys, serviceAvailable, testRedisUrl, uniquePrefix } from "../testing/services";
import { attemptLimiterContract } from "./attempt-limiter.contract";
import { createRedisAttemptLimiter } from "./redis-attempt-limiter";

const available = await serviceAvailable("redis");

describe.skipIf(!available)("redis attempt limiter", () => {
  // Two connections: two processes sharing one Redis.
  let one: Redis;
  let two: Redis;
  const prefix = uniquePrefix("limiter");
  beforeAll(() => {
    one = createRedis(testRedisUrl, "limiter-test-1");
    two = createRedis(testRedisUrl, "limiter-test-2");
  });
  afterAll(async () => {
    await deletePrefixedKeys(one, prefix);
    await Promise.all([one.quit(), two.quit()]);
  });

  attemptLimiterContract(() => ({
    first: createRedisAttemptLimiter(one, prefix),
    second: createRedisAttemptLimiter(two, prefix),
  }));
});
