import type { ChatSessionDetail } from "@copilot/protocol";
import { and, eq, sql } from "drizzle-orm";
import { chatMessages } from "../db/schema";
import type { Deps } from "../deps";
import { AppError } from "../errors";
import { activeTaskOf } from "./recovery";
import { getSessionDetail } from "./session-view";
import { getOwnedSession } from "./sessions";

/**
 * Shows another version of a message (‹ 1/2 ›): it becomes the most recently selected at its
 * place, so the branch shown goes through it and, below it, through the versions selected last
 * there (conversation.ts). Refused while a turn runs: that turn's answer belongs to the branch it
 * started on, and switching under it would hide the answer the moment it is saved.
 */
export async function selectVersion(
  deps: Deps,
  userId: string,
  sessionId: string,
  messageId: string,
): Promise<ChatSessionDetail> {
  await getOwnedSession(deps.db, userId, sessionId);
  const active = await activeTaskOf(deps.db, deps.streams, sessionId);
  if (active) throw new AppError("turn_active", "a turn is running in this session", { task_id: active });
  const updated = await deps.db
    .update(chatMessages)
    .set({ selectedAt: sql`now()` })
    .where(and(eq(chatMessages.sessionId, sessionId), eq(chatMessages.id, messageId)))
    .returning({ id: chatMessages.id });
  if (updated.length === 0) throw new AppError("not_found", "no such message in this conversation");
  return getSessionDetail(deps, userId, sessionId);
}
