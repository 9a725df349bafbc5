import { describe, expect, it } from "vitest";
import { ApiError } from "../api/api-error";
import { shouldRetry } from "./query-client";

describe("shouldRetry", () => {
  it("never retries a client error", () => {
    expect(shouldRetry(0, new ApiError("unauthorized", "sign in", 401))).toBe(false);
    expect(shouldRetry(0, new ApiError("rate_limited", "slow down", 429, 10))).toBe(false);
  });

  it("retries server and network errors twice", () => {
    const unavailable = new ApiError("dependency_unavailable", "db down", 503);
    expect([0, 1, 2].map((count) => shouldRetry(count, unavailable))).toEqual([true, true, false]);
    expect(shouldRetry(1, new TypeError("Failed to fetch"))).toBe(true);
  });
});
