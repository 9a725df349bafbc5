import { type ErrorCode, errorBodySchema } from "@copilot/protocol";

/** A failed API call: the server's error code, its message, and what the UI may need to react. */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    /** Seconds to wait before retrying, from `Retry-After` (429, 503); null when absent. */
    readonly retryAfterSeconds: number | null = null,
    /** Extra fields of the error body (`task_id`, `oldest_id`, `dependency`, …). */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

// When the body is not ours (a proxy's HTML error page, an empty 502), the status still tells the
// UI which branch to take.
const codeByStatus: Partial<Record<number, ErrorCode>> = {
  400: "bad_request",
  401: "unauthorized",
  403: "csrf_failed",
  404: "not_found",
  410: "task_expired",
  415: "unsupported_media_type",
  429: "rate_limited",
  503: "dependency_unavailable",
};

/**
 * `Retry-After` is either delay-seconds or an HTTP date (RFC 9110 §10.2.3); returns whole seconds
 * from `now`, never negative, or null when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number.parseInt(trimmed, 10);
  // An HTTP date always names the weekday and month; without letters, Date.parse would read
  // "-5" as the year 5 BC.
  if (!/[a-z]/i.test(trimmed)) return null;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** Turns a failed response and its (already parsed) body into an ApiError, validating the body. */
export function toApiError(body: unknown, response: Pick<Response, "status" | "headers">): ApiError {
  const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success) {
    const { code, message, ...details } = parsed.data.error;
    return new ApiError(code, message, response.status, retryAfter, details);
  }
  const code = codeByStatus[response.status] ?? "internal";
  return new ApiError(code, `Request failed with status ${response.status}`, response.status, retryAfter);
}
