import { and, eq, isNull } from "drizzle-orm";
import type { Queryable } from "../db/client";
import { chatSessions } from "../db/schema";

const MAX_SLUG = 48;

/**
 * A chat's readable folder (docs/design.md §7): its title as letters and digits of any script
 * joined by `-`, then the first 8 characters of its id so two chats with one title never share a
 * folder. Always a valid canonical folder path.
 */
export function chatFolderName(title: string, sessionId: string): string {
  const words =
    title
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  const slug = Array.from(words.join("-")).slice(0, MAX_SLUG).join("").replace(/-+$/, "");
  return `/chats/${slug || "chat"}-${sessionId.slice(0, 8)}/`;
}

/**
 * The folder of the user's chat `sessionId`, fixed the first time it is asked for (concurrent
 * first calls agree: only a NULL is overwritten). Null when the chat is not the user's.
 */
export async function ensureChatFolder(
  db: Queryable,
  userId: string,
  sessionId: string,
): Promise<string | null> {
  const owned = and(eq(chatSessions.id, sessionId), eq(chatSessions.userId, userId));
  const [row] = await db
    .select({ title: chatSessions.title, folder: chatSessions.filesFolder })
    .from(chatSessions)
    .where(owned);
  if (!row) return null;
  if (row.folder) return row.folder;
  await db
    .update(chatSessions)
    .set({ filesFolder: chatFolderName(row.title, sessionId) })
    .where(and(owned, isNull(chatSessions.filesFolder)));
  const [fixed] = await db.select({ folder: chatSessions.filesFolder }).from(chatSessions).where(owned);
  return fixed?.folder ?? null;
}

/** The chat's folder if it has one yet, without fixing it. */
export async function findChatFolder(
  db: Queryable,
  userId: string,
  sessionId: string,
): Promise<string | null> {
  const [row] = await db
    .select({ folder: chatSessions.filesFolder })
    .from(chatSessions)
    .where(and(eq(chatSessions.id, sessionId), eq(chatSessions.userId, userId)));
  return row?.folder ?? null;
}
