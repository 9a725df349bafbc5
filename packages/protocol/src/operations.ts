import { z } from "zod";
import { isoDateTime, uuid } from "./common";

/**
 * Long-running tool calls (docs/operations.md "Operations"): the tool answers at once with
 * `operation_started`, the work runs as a job, progress streams as `data-operation-progress`
 * chunks, and the completion replaces the tool's result with `operation_result`.
 */

export const operationStatuses = ["running", "completed", "failed", "cancelled"] as const;
export const operationStatusSchema = z.enum(operationStatuses);
export type OperationStatus = z.infer<typeof operationStatusSchema>;

export const operationProgressSchema = z.object({
  step: z.string(),
  /** 0 … 1 of the whole operation. */
  fraction: z.number().min(0).max(1),
  message: z.string(),
});
export type OperationProgress = z.infer<typeof operationProgressSchema>;

export const operationErrorSchema = z.object({ code: z.string(), message: z.string() });
export type OperationError = z.infer<typeof operationErrorSchema>;

/** `GET /api/chat/operations/{id}` */
export const operationSchema = z.object({
  id: uuid,
  session_id: uuid,
  tool_call_id: z.string(),
  tool_name: z.string(),
  status: operationStatusSchema,
  progress: operationProgressSchema.nullable(),
  result: z.unknown().nullable(),
  error: operationErrorSchema.nullable(),
  /** The task whose log carries the progress chunks (`GET /api/chat/tasks/{id}/stream`). */
  progress_task_id: uuid,
  /** The task streaming the assistant's continuation once the operation ended, else null. */
  continuation_task_id: uuid.nullable(),
  created_at: isoDateTime,
  updated_at: isoDateTime,
  ended_at: isoDateTime.nullable(),
});
export type Operation = z.infer<typeof operationSchema>;

/** What a long-running tool answers at once. */
export const operationStartedOutputSchema = z.object({
  type: z.literal("operation_started"),
  operation_id: uuid,
  tool_name: z.string(),
  progress_task_id: uuid,
  message: z.string(),
});
export type OperationStartedOutput = z.infer<typeof operationStartedOutputSchema>;

/** What replaces `operation_started` in the saved message once the operation ended. */
export const operationResultOutputSchema = z.object({
  type: z.literal("operation_result"),
  operation_id: uuid,
  tool_name: z.string(),
  status: operationStatusSchema.exclude(["running"]),
  result: z.unknown().optional(),
  error: operationErrorSchema.optional(),
});
export type OperationResultOutput = z.infer<typeof operationResultOutputSchema>;

/** `data-operation-progress` chunk data (the chunk's `id` is the operation id, so parts reconcile). */
export const operationProgressDataSchema = operationProgressSchema.extend({
  operation_id: uuid,
  status: operationStatusSchema,
});
export type OperationProgressData = z.infer<typeof operationProgressDataSchema>;

/**
 * `POST /api/chat/operations/{id}/complete` (the webhook for external services). `error` is a
 * message, or `{code, message}`.
 */
export const operationCompleteBodySchema = z
  .object({
    success: z.boolean(),
    result: z.unknown().optional(),
    error: z.union([z.string().max(4_000), operationErrorSchema]).optional(),
  })
  .strict();
export type OperationCompleteBody = z.infer<typeof operationCompleteBodySchema>;

export const operationAcceptedSchema = z.object({ operation_id: uuid, accepted: z.literal(true) });

/** Longest distance between a webhook's `X-Copilot-Timestamp` and the server's clock. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;
