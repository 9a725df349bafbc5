import { z } from "zod";

/**
 * The closed set of error codes. The web app branches on them, so they live here; the server maps
 * each to exactly one HTTP status in `apps/server/src/http/errors.ts`.
 */
export const errorCodes = [
  "bad_request",
  "invalid_cursor",
  "invalid_path",
  "unauthorized",
  "csrf_failed",
  "not_found",
  "email_taken",
  "turn_active",
  "file_exists",
  "cursor_trimmed",
  "task_expired",
  "message_too_long",
  "file_too_large",
  "quota_exceeded",
  "unsupported_media_type",
  "rate_limited",
  /** The user already has `TURNS_MAX_PER_USER` turns running or queued. */
  "too_many_turns",
  "insufficient_storage",
  "dependency_unavailable",
  /** A feature needs configuration it does not have (e.g. OPERATIONS_WEBHOOK_SECRET). */
  "not_configured",
  "shutting_down",
  "internal",
] as const;

export const errorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** Every 4xx/5xx body: `{error:{code, message, ...details}}`. */
export const errorBodySchema = z.object({
  error: z.looseObject({ code: errorCodeSchema, message: z.string() }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
