import type { UIMessage } from "@copilot/protocol";
import { asc, eq, sql } from "drizzle-orm";
import type { Queryable } from "../db/client";
import { chatMessages, chatTasks } from "../db/schema";
import { type Conversation, conversationOf } from "./conversation";

export type MessageRow = typeof chatMessages.$inferSelect;

export function toUIMessage(row: MessageRow): UIMessage {
  return {
    id: row.id,
    role: row.role,
    parts: row.parts,
    ...(row.metadata ? { metadata: row.metadata } : {}),
  };
}

/** Every message row of the session (all versions), in the order written. */
export async function listMessageRows(db: Queryable, sessionId: string): Promise<MessageRow[]> {
  return db
    .select()
    .from(chatMessages)
    .where(eq(chatMessages.sessionId, sessionId))
    .orderBy(asc(chatMessages.seq));
}

/** The session's conversation tree (conversation.ts). */
export async function loadConversation(db: Queryable, sessionId: string): Promise<Conversation<MessageRow>> {
  return conversationOf(await listMessageRows(db, sessionId));
}

/** The branch shown, as messages (export, the session view when no turn runs). */
export async function listMessages(db: Queryable, sessionId: string): Promise<UIMessage[]> {
  return (await loadConversation(db, sessionId)).shown().map(toUIMessage);
}

/** The insert of the user's message after `parentId` (null: the first of the conversation). */
export function userMessageInsert(
  db: Queryable,
  sessionId: string,
  message: UIMessage,
  parentId: string | null,
) {
  return db
    .insert(chatMessages)
    .values({
      sessionId,
      id: message.id,
      role: "user",
      parts: message.parts,
      metadata: message.metadata ?? null,
      parentId,
    })
    .onConflictDoNothing();
}

/**
 * Writes the assistant message of a task: checkpoints while it runs, the final version at the end.
 * Its place in the conversation is the task's (`parent_message_id`), fixed when the turn started.
 */
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
      parentId: sql`(select ${chatTasks.parentMessageId} from ${chatTasks} where ${chatTasks.id} = ${taskId})`,
    })
    .onConflictDoUpdate({
      target: [chatMessages.sessionId, chatMessages.id],
      set: { parts: message.parts, metadata: message.metadata ?? null, updatedAt: sql`now()` },
    });
}
