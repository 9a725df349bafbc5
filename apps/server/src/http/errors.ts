import type { ErrorCode } from "@copilot/protocol";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AppError } from "../errors";
import { isRedisUnavailable } from "../redis/connection";

/** The one status table (docs/api.md §3); `satisfies` makes a new code without a status a type error. */
export const statusByCode = {
  bad_request: 400,
  invalid_cursor: 400,
  invalid_path: 400,
  unauthorized: 401,
  csrf_failed: 403,
  not_found: 404,
  email_taken: 409,
  turn_active: 409,
  file_exists: 409,
  cursor_trimmed: 409,
  task_expired: 410,
  message_too_long: 413,
  file_too_large: 413,
  quota_exceeded: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  too_many_turns: 429,
  insufficient_storage: 507,
  dependency_unavailable: 503,
  not_configured: 503,
  shutting_down: 503,
  internal: 500,
} as const satisfies Record<ErrorCode, number>;

export function sendError(reply: FastifyReply, error: AppError) {
  if (error.retryAfterSeconds !== undefined) reply.header("retry-after", String(error.retryAfterSeconds));
  return reply
    .status(statusByCode[error.code])
    .send({ error: { code: error.code, message: error.message, ...error.details } });
}

/** Fastify's own errors that are the client's fault, by the status Fastify gives them. */
function frameworkError(error: FastifyError): AppError | null {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issue = error.validation[0];
    const where = issue?.instancePath ? ` at ${issue.instancePath}` : "";
    return new AppError(
      "bad_request",
      `invalid ${error.validationContext ?? "request"}${where}: ${issue?.message ?? ""}`.trim(),
    );
  }
  if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE")
    return new AppError("message_too_long", "request body too large");
  if (error.code === "FST_REQ_FILE_TOO_LARGE") return new AppError("file_too_large", "file too large");
  if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
    return new AppError("unsupported_media_type", "unsupported content type");
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return new AppError("bad_request", error.message);
  return null;
}

/** Three tiers: AppError → its code; framework/validation → 4xx; anything else → logged, generic 500. */
export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) return sendError(reply, error);
  const mapped = error instanceof Error ? frameworkError(error as FastifyError) : null;
  if (mapped) return sendError(reply, mapped);
  if (isRedisUnavailable(error)) {
    // An outage, not a bug: answer at once and let the client retry (docs/api.md §3).
    request.log.warn({ err: error }, "redis is unavailable");
    return sendError(
      reply,
      new AppError(
        "dependency_unavailable",
        "a service the server needs is unavailable; try again shortly",
        { dependency: "redis" },
        { retryAfterSeconds: 1 },
      ),
    );
  }
  request.log.error({ err: error }, "unhandled error");
  return sendError(reply, new AppError("internal", "internal error"));
}
