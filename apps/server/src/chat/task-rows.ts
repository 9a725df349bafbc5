import type { Task, TaskStatus } from "@copilot/protocol";
import { and, eq, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { Database, Queryable } from "../db/client";
import { chatTasks } from "../db/schema";
import { notFound } from "../errors";

/** The durable record of tasks (docs/api.md §5): status transitions and lookups, always by owner. */
export type TaskRow = typeof chatTasks.$inferSelect;

export function toTask(row: TaskRow): Task {
  return {
    task_id: row.id,
    session_id: row.sessionId,
    kind: row.kind,
    status: row.status,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    ended_at: row.endedAt?.toISOString() ?? null,
    last_message_id: row.lastMessageId,
    error_code: row.errorCode,
  };
}

export async function getOwnedTask(db: Database, userId: string, taskId: string): Promise<TaskRow> {
  const [row] = await db
    .select()
    .from(chatTasks)
    .where(and(eq(chatTasks.id, taskId), eq(chatTasks.userId, userId)));
  if (!row) throw notFound("task");
  return row;
}

export async function findTaskByClientKey(
  db: Database,
  sessionId: string,
  clientKey: string,
): Promise<TaskRow | null> {
  const [row] = await db
    .select()
    .from(chatTasks)
    .where(and(eq(chatTasks.sessionId, sessionId), eq(chatTasks.clientKey, clientKey)));
  return row ?? null;
}

/** Ends a queued or running task; false when it had already ended. */
export async function markTaskEnded(
  db: Queryable,
  taskId: string,
  status: Exclude<TaskStatus, "queued" | "running">,
  errorCode: string | null,
): Promise<boolean> {
  const now = new Date();
  const ended = await db
    .update(chatTasks)
    .set({ status, errorCode, endedAt: now, updatedAt: now })
    .where(and(eq(chatTasks.id, taskId), inArray(chatTasks.status, ["queued", "running"])))
    .returning({ id: chatTasks.id });
  return ended.length > 0;
}

export async function recordLastEntry(db: Database, taskId: string, lastMessageId: string): Promise<void> {
  await db.update(chatTasks).set({ lastMessageId }).where(eq(chatTasks.id, taskId));
}

/**
 * Ends the turns still marked queued/running (all, or those `which` selects) as failed; returns
 * what it ended. An operation's progress log (kind `operation`) is left to the operations'
 * own recovery: it has no producer while an external service works on it.
 */
export async function failUnfinishedTasks(db: Queryable, errorCode: string, which?: SQL) {
  const now = new Date();
  return db
    .update(chatTasks)
    .set({ status: "failed", errorCode, endedAt: now, updatedAt: now })
    .where(and(eq(chatTasks.kind, "chat_turn"), inArray(chatTasks.status, ["queued", "running"]), which))
    .returning({
      id: chatTasks.id,
      sessionId: chatTasks.sessionId,
      messageId: chatTasks.messageId,
      parentMessageId: chatTasks.parentMessageId,
    });
}

/**
 * A worker taking a task: marks it running under `attempt` (the job's start count), which fences
 * off the database writes of every earlier attempt (`ownsTask`). Null when the row has ended or a
 * newer attempt already holds it; otherwise the row as claimed.
 */
export async function claimTaskRow(
  db: Queryable,
  taskId: string,
  attempt: number,
  producerId: string,
): Promise<TaskRow | null> {
  const [row] = await db
    .update(chatTasks)
    .set({ status: "running", attempt, producerId, updatedAt: sql`now()` })
    .where(
      and(
        eq(chatTasks.id, taskId),
        inArray(chatTasks.status, ["queued", "running"]),
        lt(chatTasks.attempt, attempt),
      ),
    )
    .returning();
  return row ?? null;
}

/** Whether `attempt` still owns the task; locks the row until the transaction ends, ordering it against a claim. */
export async function ownsTask(tx: Queryable, taskId: string, attempt: number): Promise<boolean> {
  const [row] = await tx
    .select({ attempt: chatTasks.attempt })
    .from(chatTasks)
    .where(eq(chatTasks.id, taskId))
    .for("update");
  return row?.attempt === attempt;
}

export async function getTaskRow(db: Queryable, taskId: string): Promise<TaskRow | null> {
  const [row] = await db.select().from(chatTasks).where(eq(chatTasks.id, taskId));
  return row ?? null;
}

/**
 * The message a task's answer follows; undefined when the task names none (recorded before
 * conversations were trees, or unknown).
 */
export async function taskParentOf(db: Queryable, taskId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ parent: chatTasks.parentMessageId })
    .from(chatTasks)
    .where(eq(chatTasks.id, taskId));
  return row?.parent ?? undefined;
}
