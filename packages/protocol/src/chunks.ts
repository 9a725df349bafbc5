import { z } from "zod";

/**
 * Chunks of the AI SDK UI message stream (v1), restricted to what `ai` >= 6.0.250 accepts.
 * Objects are loose, as in the SDK, so fields a newer SDK adds pass through untouched.
 */
const providerMetadata = z.record(z.string(), z.unknown()).optional();

export const taskStatuses = ["queued", "running", "completed", "failed", "cancelled"] as const;
export const taskStatusSchema = z.enum(taskStatuses);
export type TaskStatus = z.infer<typeof taskStatusSchema>;
export const terminalTaskStatuses = ["completed", "failed", "cancelled"] as const;
export type TerminalTaskStatus = (typeof terminalTaskStatuses)[number];
export function isTerminalStatus(status: TaskStatus): status is TerminalTaskStatus {
  return (terminalTaskStatuses as readonly string[]).includes(status);
}

/** Rides in `start.messageMetadata` and becomes the saved message's `metadata`. */
export const messageMetadataSchema = z.looseObject({
  taskId: z.string().optional(),
  sessionId: z.string().optional(),
  model: z.string().optional(),
  /** Set by the turn's `finish` (and on a turn cut by a restart): how the message ended. */
  status: z.enum(["completed", "failed", "cancelled"]).optional(),
  errorCode: z.string().optional(),
});
export type MessageMetadata = z.infer<typeof messageMetadataSchema>;

/** Why a task failed (`chat_tasks.error_code`, `data-task-status.code`); not HTTP error codes. */
export const taskErrorCodes = [
  "model_error",
  "server_restarted",
  "server_shutdown",
  /** The stream store (Redis) failed under the producer; the partial message is saved. */
  "stream_unavailable",
  /** The turn's worker died `TURN_MAX_ATTEMPTS` times; the partial message is saved. */
  "worker_lost",
  /** No worker started the queued turn within `TURN_QUEUE_TIMEOUT_SECONDS`. */
  "no_worker",
  "internal",
] as const;
export type TaskErrorCode = (typeof taskErrorCodes)[number];

/**
 * Transient status notice (`data-task-status`): failures carry an error code, cancels none; `queued`
 * its place in line (0 = next) while no worker is free; `resumed` the attempt now continuing the
 * answer after its worker stopped (2 = the first continuation).
 */
export const taskStatusDataSchema = z.object({
  status: z.enum([...taskStatuses, "resumed"]),
  code: z.string().optional(),
  position: z.number().int().nonnegative().optional(),
  attempt: z.number().int().positive().optional(),
});
export type TaskStatusData = z.infer<typeof taskStatusDataSchema>;

const toolBase = {
  toolCallId: z.string(),
  providerExecuted: z.boolean().optional(),
  providerMetadata,
  dynamic: z.boolean().optional(),
};

/** Why the model stopped, as the AI SDK names it; the `finish` chunk carries it. */
export const finishReasonSchema = z.enum([
  "stop",
  "length",
  "content-filter",
  "tool-calls",
  "error",
  "other",
]);
export type FinishReason = z.infer<typeof finishReasonSchema>;

export const uiMessageChunkSchema = z.union([
  z.looseObject({
    type: z.literal("start"),
    messageId: z.string().optional(),
    messageMetadata: z.unknown().optional(),
  }),
  z.looseObject({
    type: z.literal("finish"),
    finishReason: finishReasonSchema.optional(),
    messageMetadata: z.unknown().optional(),
  }),
  z.looseObject({ type: z.literal("abort"), reason: z.string().optional() }),
  z.looseObject({ type: z.literal("error"), errorText: z.string() }),
  z.looseObject({ type: z.literal("start-step") }),
  z.looseObject({ type: z.literal("finish-step") }),
  z.looseObject({ type: z.literal("message-metadata"), messageMetadata: z.unknown() }),
  z.looseObject({ type: z.literal("text-start"), id: z.string(), providerMetadata }),
  z.looseObject({ type: z.literal("text-delta"), id: z.string(), delta: z.string(), providerMetadata }),
  z.looseObject({ type: z.literal("text-end"), id: z.string(), providerMetadata }),
  z.looseObject({ type: z.literal("reasoning-start"), id: z.string(), providerMetadata }),
  z.looseObject({ type: z.literal("reasoning-delta"), id: z.string(), delta: z.string(), providerMetadata }),
  z.looseObject({ type: z.literal("reasoning-end"), id: z.string(), providerMetadata }),
  z.looseObject({
    type: z.literal("tool-input-start"),
    ...toolBase,
    toolName: z.string(),
    title: z.string().optional(),
  }),
  z.looseObject({ type: z.literal("tool-input-delta"), toolCallId: z.string(), inputTextDelta: z.string() }),
  z.looseObject({
    type: z.literal("tool-input-available"),
    ...toolBase,
    toolName: z.string(),
    input: z.unknown(),
    title: z.string().optional(),
  }),
  z.looseObject({
    type: z.literal("tool-input-error"),
    ...toolBase,
    toolName: z.string(),
    input: z.unknown(),
    errorText: z.string(),
  }),
  z.looseObject({
    type: z.literal("tool-output-available"),
    ...toolBase,
    output: z.unknown(),
    preliminary: z.boolean().optional(),
  }),
  z.looseObject({ type: z.literal("tool-output-error"), ...toolBase, errorText: z.string() }),
  z.looseObject({ type: z.literal("tool-output-denied"), toolCallId: z.string() }),
  z.looseObject({
    type: z.literal("tool-approval-request"),
    approvalId: z.string(),
    toolCallId: z.string(),
  }),
  z.looseObject({
    type: z.literal("source-document"),
    sourceId: z.string(),
    mediaType: z.string(),
    title: z.string(),
    filename: z.string().optional(),
  }),
  z.looseObject({
    type: z.literal("source-url"),
    sourceId: z.string(),
    url: z.string(),
    title: z.string().optional(),
  }),
  z.looseObject({ type: z.literal("file"), url: z.string(), mediaType: z.string() }),
  z.looseObject({
    type: z.templateLiteral(["data-", z.string()]),
    id: z.string().optional(),
    data: z.unknown(),
    transient: z.boolean().optional(),
  }),
]);
export type UIMessageChunk = z.infer<typeof uiMessageChunkSchema>;
export type ChunkType = UIMessageChunk["type"];

/** A chunk as read back from a task's log, with its stream entry id (`<ms>-<seq>`). */
export type StreamEntry = { id: string; chunk: UIMessageChunk };

export const STREAM_START_CURSOR = "0-0";
export const entryIdSchema = z.string().regex(/^\d{1,15}-\d{1,15}$/, "expected <ms>-<seq>");

/**
 * Compares two `<ms>-<seq>` ids numerically (string order is wrong once widths differ): -1, 0 or 1.
 * A missing part counts as 0. It runs once per entry on every replay and live delivery, so it
 * walks the digits in place instead of splitting and converting (docs/BENCHMARKS.md, resume).
 */
export function compareEntryIds(a: string, b: string): number {
  const aDash = dashOf(a);
  const bDash = dashOf(b);
  return (
    compareDigits(a, 0, aDash, b, 0, bDash) || compareDigits(a, aDash + 1, a.length, b, bDash + 1, b.length)
  );
}

function dashOf(id: string): number {
  const index = id.indexOf("-");
  return index === -1 ? id.length : index;
}

/** Numeric order of the decimal digits x[xFrom, xTo) and y[yFrom, yTo), leading zeros ignored. */
function compareDigits(x: string, xFrom: number, xTo: number, y: string, yFrom: number, yTo: number): number {
  while (xFrom < xTo && x.charCodeAt(xFrom) === 48) xFrom++;
  while (yFrom < yTo && y.charCodeAt(yFrom) === 48) yFrom++;
  const xLength = Math.max(0, xTo - xFrom);
  const yLength = Math.max(0, yTo - yFrom);
  if (xLength !== yLength) return xLength < yLength ? -1 : 1;
  for (let i = 0; i < xLength; i++) {
    const difference = x.charCodeAt(xFrom + i) - y.charCodeAt(yFrom + i);
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  return 0;
}
