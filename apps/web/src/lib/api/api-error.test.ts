import { describe, expect, it } from "vitest";
import { ApiError, parseRetryAfter, toApiError } from "./api-error";

const response = (status: number, headers: Record<string, string> = {}) => ({
  status,
  headers: new Headers(headers),
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");

  it("reads delay-seconds", () => {
    expect(parseRetryAfter("30", now)).toBe(30);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
  });

  it("reads an HTTP date relative to now, rounding up and never negative", () => {
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:01:30 GMT", now)).toBe(90);
    expect(parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now)).toBe(0);
  });

  it("returns null when absent or unreadable", () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter("-5", now)).toBeNull();
  });
});

describe("toApiError", () => {
  it("takes code, message and details from an error body", () => {
    const error = toApiError(
      { error: { code: "turn_active", message: "a turn is running", task_id: "t1" } },
      response(409),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "turn_active", message: "a turn is running", status: 409 });
    expect(error.details).toEqual({ task_id: "t1" });
  });

  it("keeps Retry-After of a 429", () => {
    const error = toApiError(
      { error: { code: "rate_limited", message: "slow down" } },
      response(429, { "Retry-After": "12" }),
    );
    expect(error.code).toBe("rate_limited");
    expect(error.retryAfterSeconds).toBe(12);
  });

  it("falls back to a code from the status when the body is not ours", () => {
    expect(toApiError("<html>Bad gateway</html>", response(401)).code).toBe("unauthorized");
    expect(toApiError(undefined, response(429)).code).toBe("rate_limited");
    expect(toApiError({ error: { code: "no_such_code", message: "?" } }, response(502)).code).toBe(
      "internal",
    );
  });
});
