import { credentialsSchema, PASSWORD_MIN } from "@copilot/protocol";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../../lib/api/api-error";
import { authFailure, credentialsIssueMessage, formatRetryDelay } from "./auth-error-message";

const apiError = (code: ApiError["code"], status: number, retryAfterSeconds: number | null = null) =>
  new ApiError(code, "server message", status, retryAfterSeconds);

describe("authFailure", () => {
  it("puts email_taken under the email field", () => {
    expect(authFailure(apiError("email_taken", 409), "signup")).toEqual({
      field: "email",
      message: "An account with this email already exists. Log in instead.",
    });
  });

  it("says the same thing for unknown email and wrong password", () => {
    expect(authFailure(apiError("unauthorized", 401), "login")).toEqual({
      field: null,
      message: "Email or password is wrong",
    });
  });

  it("shows the Retry-After delay of rate_limited", () => {
    expect(authFailure(apiError("rate_limited", 429, 42), "login").message).toBe(
      "Too many attempts. Try again in 42 seconds.",
    );
    expect(authFailure(apiError("rate_limited", 429, 61), "login").message).toBe(
      "Too many attempts. Try again in 2 minutes.",
    );
    expect(authFailure(apiError("rate_limited", 429), "login").message).toBe(
      "Too many attempts. Wait a minute, then try again.",
    );
  });

  it("explains csrf_failed without blaming the credentials", () => {
    const failure = authFailure(apiError("csrf_failed", 403), "signup");
    expect(failure.field).toBeNull();
    expect(failure.message).toMatch(/did not come from this site/);
  });

  it("never shows the server's own message for server failures", () => {
    for (const code of ["internal", "dependency_unavailable", "shutting_down"] as const) {
      expect(authFailure(apiError(code, 503), "login").message).toBe(
        "The server could not complete the request. Try again in a moment.",
      );
    }
  });

  it("treats anything that is not an ApiError as a network failure", () => {
    expect(authFailure(new TypeError("Failed to fetch"), "login").message).toMatch(
      /Could not reach the server/,
    );
  });
});

describe("formatRetryDelay", () => {
  it.each([
    [0, "1 second"],
    [1, "1 second"],
    [59, "59 seconds"],
    [60, "1 minute"],
    [61, "2 minutes"],
    [3600, "60 minutes"],
  ])("%d s → %s", (seconds, text) => {
    expect(formatRetryDelay(seconds)).toBe(text);
  });
});

describe("credentialsIssueMessage with credentialsSchema", () => {
  const messages = (input: unknown) => {
    const result = credentialsSchema.safeParse(input, { error: credentialsIssueMessage });
    return Object.fromEntries(
      (result.error?.issues ?? []).map((issue) => [String(issue.path[0]), issue.message]),
    );
  };

  it("asks for missing values", () => {
    expect(messages({ email: "", password: "" })).toEqual({
      email: "Enter your email address",
      password: "Enter your password",
    });
  });

  it("explains malformed values", () => {
    expect(messages({ email: "not-an-email", password: "short" })).toEqual({
      email: "Enter a valid email address, like name@example.com",
      password: `Use at least ${PASSWORD_MIN} characters`,
    });
  });

  it("rejects an over-long password and accepts good credentials", () => {
    expect(messages({ email: "a@example.com", password: "x".repeat(300) })).toEqual({
      password: "Use at most 256 characters",
    });
    expect(messages({ email: "a@example.com", password: "correct horse" })).toEqual({});
  });
});
