import { describe } from "vitest";
import { attemptLimiterContract } from "./attempt-limiter.contract";
import { createMemoryAttemptLimiter } from "./memory-attempt-limiter";

describe("memory attempt limiter", () => {
  // Per process by design: the "other instance" is the same one.
  attemptLimiterContract(() => {
    const limiter = createMemoryAttemptLimiter();
    return { first: limiter, second: limiter };
  });
});
