import { type Credentials, PASSWORD_MAX, PASSWORD_MIN } from "@copilot/protocol";
import { ApiError } from "../../../lib/api/api-error";

export type AuthMode = "login" | "signup";

/** What to show for a failed signup or login: under one field, or above the form. */
type AuthFailure = { field: keyof Credentials | null; message: string };

/** "45 seconds", "1 minute", "3 minutes": rounded up, because trying earlier fails again. */
export function formatRetryDelay(seconds: number): string {
  if (seconds < 60) {
    const whole = Math.max(1, Math.ceil(seconds));
    return `${whole} ${whole === 1 ? "second" : "seconds"}`;
  }
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
}

/** Maps a signup/login failure (an ApiError, or a network error) to words a user can act on. */
export function authFailure(error: unknown, mode: AuthMode): AuthFailure {
  if (!(error instanceof ApiError)) {
    return { field: null, message: "Could not reach the server. Check your connection and try again." };
  }
  switch (error.code) {
    case "email_taken":
      return { field: "email", message: "An account with this email already exists. Log in instead." };
    case "unauthorized":
      // One message for unknown email and wrong password: the API does not say which, on purpose.
      return { field: null, message: "Email or password is wrong" };
    case "rate_limited":
      return {
        field: null,
        message:
          error.retryAfterSeconds === null
            ? "Too many attempts. Wait a minute, then try again."
            : `Too many attempts. Try again in ${formatRetryDelay(error.retryAfterSeconds)}.`,
      };
    case "csrf_failed":
      return {
        field: null,
        message:
          "The request was refused because it did not come from this site. Reload the page and try again.",
      };
    case "bad_request":
      return {
        field: null,
        message:
          mode === "signup"
            ? "Check the email and password: the server did not accept them."
            : "Check the email and password, then try again.",
      };
    default:
      return { field: null, message: "The server could not complete the request. Try again in a moment." };
  }
}

/** The part of a zod issue the field messages depend on (what zod passes to a per-parse error map). */
type CredentialsIssue = { code: string; path?: PropertyKey[]; input?: unknown };

/**
 * Field messages for `credentialsSchema`, passed to zod as a per-parse error map so the protocol
 * keeps its neutral defaults. Returns undefined to keep zod's message for anything unexpected.
 */
export function credentialsIssueMessage(issue: CredentialsIssue): string | undefined {
  const field = issue.path?.[0];
  const empty = issue.input === "" || issue.input === undefined;
  if (field === "email") {
    if (empty) return "Enter your email address";
    if (issue.code === "too_big") return "That email address is too long";
    return "Enter a valid email address, like name@example.com";
  }
  if (field === "password") {
    if (empty) return "Enter your password";
    if (issue.code === "too_small") return `Use at least ${PASSWORD_MIN} characters`;
    if (issue.code === "too_big") return `Use at most ${PASSWORD_MAX} characters`;
  }
  return undefined;
}
