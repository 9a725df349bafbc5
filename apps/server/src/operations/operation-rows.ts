import type {
  Operation,
  OperationError,
  OperationProgress,
  OperationResultOutput,
  OperationStatus,
} from "@copilot/protocol";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Database, Queryable } from "../db/client";
import { operations } from "../db/schema";
import { notFound } from "../errors";

/** The durable record of operations: lookups by owner, and every status change as one conditional write. */
export type OperationRow = typeof operations.$inferSelect;
export type EndedStatus = Exclude<OperationStatus, "running">;

export function toOperation(row: OperationRow): Operation {
  return {
    id: row.id,
    session_id: row.sessionId,
    tool_call_id: row.toolCallId,
    tool_name: row.toolName,
    status: row.status,
    progress: row.progress ?? null,
    result: row.result ?? null,
    error: row.error ?? null,
    progress_task_id: row.progressTaskId,
    continuation_task_id: row.continuationTaskId,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    ended_at: row.endedAt?.toISOString() ?? null,
  };
}

export async function getOperationRow(db: Queryable, id: string): Promise<OperationRow | null> {
  const [row] = await db.select().from(operations).where(eq(operations.id, id));
  return row ?? null;
}

/** Someone else's operation answers exactly like an unknown one. */
export async function getOwnedOperationRow(db: Database, userId: string, id: string): Promise<OperationRow> {
  const [row] = await db
    .select()
    .from(operations)
    .where(and(eq(operations.id, id), eq(operations.userId, userId)));
  if (!row) throw notFound("operation");
  return row;
}

export async function findByToolCall(
  db: Queryable,
  sessionId: string,
  toolCallId: string,
): Promise<OperationRow | null> {
  const [row] = await db
    .select()
    .from(operations)
    .where(and(eq(operations.sessionId, sessionId), eq(operations.toolCallId, toolCallId)));
  return row ?? null;
}

/** The newest running operation of a session, for `active_stream`. */
export async function runningOperationOf(db: Database, sessionId: string): Promise<OperationRow | null> {
  const [row] = await db
    .select()
    .from(operations)
    .where(and(eq(operations.sessionId, sessionId), eq(operations.status, "running")))
    .orderBy(desc(operations.createdAt))
    .limit(1);
  return row ?? null;
}

/** Records progress while the operation runs; false once it has ended (the work should stop). */
export async function saveProgress(db: Database, id: string, progress: OperationProgress): Promise<boolean> {
  const updated = await db
    .update(operations)
    .set({ progress, updatedAt: new Date() })
    .where(and(eq(operations.id, id), eq(operations.status, "running")))
    .returning({ id: operations.id });
  return updated.length > 0;
}

export async function markDelegated(db: Database, id: string): Promise<void> {
  await db.update(operations).set({ delegated: true, updatedAt: new Date() }).where(eq(operations.id, id));
}

/**
 * running → ended, once: the row as ended when this call ended it, null when it had already ended
 * (a repeated completion, or a cancel that came first).
 */
export async function endOperation(
  db: Queryable,
  id: string,
  status: EndedStatus,
  outcome: { result?: unknown; error?: OperationError | null },
): Promise<OperationRow | null> {
  const now = new Date();
  const [row] = await db
    .update(operations)
    .set({
      status,
      result: outcome.result ?? null,
      error: outcome.error ?? null,
      endedAt: now,
      updatedAt: now,
    })
    .where(and(eq(operations.id, id), eq(operations.status, "running")))
    .returning();
  return row ?? null;
}

/** Claims the right to start the continuation: true for exactly one caller. */
export async function claimContinuation(db: Queryable, id: string, taskId: string): Promise<boolean> {
  const claimed = await db
    .update(operations)
    .set({ continuationTaskId: taskId, updatedAt: new Date() })
    .where(and(eq(operations.id, id), isNull(operations.continuationTaskId)))
    .returning({ id: operations.id });
  return claimed.length > 0;
}

/** The final tool output of an ended operation: what replaces `operation_started` in the chat. */
export function resultOutput(row: OperationRow): OperationResultOutput {
  return {
    type: "operation_result",
    operation_id: row.id,
    tool_name: row.toolName,
    status: row.status as EndedStatus,
    ...(row.result != null ? { result: row.result } : {}),
    ...(row.error ? { error: row.error } : {}),
  };
}
