import type { UIMessage } from "@copilot/protocol";
import { and, asc, desc, eq, isNull, ne, or, sql } from "drizzle-orm";
import type { Queryable } from "../db/client";
import { chatMessages } from "../db/schema";

type MessageRow = typeof chatMessages.$inferSelect;

function toUIMessage(row: MessageRow): UIMessage {
  return {
    id: row.id,
    role: row.role,
    parts: row.parts,
    ...(row.metadata ? { metadata: row.metadata } : {}),
  };
}

/** The session's messages in order, leaving out the one a running task is still writing. */
export async function listMessages(
  db: Queryable,
  sessionId: string,
  runningTaskId: string | null,
): Promise<UIMessage[]> {
  const rows = await db
    .select()
    .from(chatMessages)
    .where(
      and(
        eq(chatMessages.sessionId, sessionId),
        runningTaskId ? or(isNull(chatMessages.taskId), ne(chatMessages.taskId, runningTaskId)) : undefined,
      ),
    )
    .orderBy(asc(chatMessages.seq));
  return rows.map(toUIMessage);
}

export async function insertUserMessage(db: Queryable, sessionId: string, message: UIMessage): Promise<void> {
  await db
    .insert(chatMessages)
    .values({
      sessionId,
      id: message.id,
      role: "user",
      parts: message.parts,
      metadata: message.metadata ?? null,
    })
    .onConflictDoNothing();
}

/** Writes the assistant message of a task: checkpoints while it runs, the final version at the end. */
export async function saveAssistantMessage(
  db: Queryable,
  sessionId: string,
  taskId: string,
  message: UIMessage,
) {
  await db
    .insert(chatMessages)
    .values({
      sessionId,
      id: message.id,
      role: "assistant",
      parts: message.parts,
      metadata: message.metadata ?? null,
      taskId,
    })
    .onConflictDoUpdate({
      target: [chatMessages.sessionId, chatMessages.id],
      set: { parts: message.parts, metadata: message.metadata ?? null, updatedAt: sql`now()` },
    });
}

export async function lastMessage(db: Queryable, sessionId: string): Promise<UIMessage | null> {
  const [row] = await db
    .select()
    .from(chatMessages)
    .where(eq(chatMessages.sessionId, sessionId))
    .orderBy(desc(chatMessages.seq))
    .limit(1);
  return row ? toUIMessage(row) : null;
}

export async function deleteMessage(db: Queryable, sessionId: string, id: string): Promise<void> {
  await db.delete(chatMessages).where(and(eq(chatMessages.sessionId, sessionId), eq(chatMessages.id, id)));
}
