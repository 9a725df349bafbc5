import type { ChatSession, ListQuery } from "@copilot/protocol";
import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Database, Queryable } from "../db/client";
import { decodeCursor, pageOf } from "../db/page-cursor";
import { chatSessions } from "../db/schema";
import { notFound } from "../errors";
import { plainTitle } from "./plain-title";

const DEFAULT_TITLE = "New chat";
export type SessionRow = typeof chatSessions.$inferSelect;

export function toSession(row: SessionRow): ChatSession {
  return {
    id: row.id,
    title: row.title,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export async function createSession(db: Database, userId: string, title?: string): Promise<SessionRow> {
  const [row] = await db
    .insert(chatSessions)
    // Timestamps from JS (ms precision) so keyset cursors round-trip exactly.
    .values({ userId, title: title || DEFAULT_TITLE, createdAt: new Date(), updatedAt: new Date() })
    .returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

/** The caller's session; anyone else's (or a missing one) is `not_found`. */
export async function getOwnedSession(db: Database, userId: string, id: string): Promise<SessionRow> {
  const [row] = await db
    .select()
    .from(chatSessions)
    .where(and(eq(chatSessions.id, id), eq(chatSessions.userId, userId)));
  if (!row) throw notFound("session");
  return row;
}

export async function listSessions(db: Database, userId: string, query: ListQuery) {
  const after = decodeCursor(query.cursor);
  const rows = await db
    .select()
    .from(chatSessions)
    .where(
      and(
        eq(chatSessions.userId, userId),
        after
          ? or(
              lt(chatSessions.updatedAt, new Date(after.at)),
              and(eq(chatSessions.updatedAt, new Date(after.at)), lt(chatSessions.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(chatSessions.updatedAt), desc(chatSessions.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit, (row) => ({ at: row.updatedAt.toISOString(), id: row.id }), toSession);
}

export async function renameSession(
  db: Database,
  userId: string,
  id: string,
  title: string,
): Promise<SessionRow> {
  const [row] = await db
    .update(chatSessions)
    .set({ title, updatedAt: new Date() })
    .where(and(eq(chatSessions.id, id), eq(chatSessions.userId, userId)))
    .returning();
  if (!row) throw notFound("session");
  return row;
}

/** Marks activity (lists are ordered by it) and names an untitled session after its first message. */
export async function touchSession(db: Queryable, session: SessionRow, firstMessage?: string): Promise<void> {
  const title =
    firstMessage && session.title === DEFAULT_TITLE ? plainTitle(firstMessage, DEFAULT_TITLE) : session.title;
  await db.update(chatSessions).set({ title, updatedAt: new Date() }).where(eq(chatSessions.id, session.id));
}

export async function deleteSessionRow(db: Database, userId: string, id: string): Promise<void> {
  await db.delete(chatSessions).where(and(eq(chatSessions.id, id), eq(chatSessions.userId, userId)));
}
