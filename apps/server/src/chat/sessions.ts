import type { ChatSession, ListSessionsQuery, UpdateSession } from "@copilot/protocol";
import { and, desc, eq, isNotNull, isNull, lt, or, type SQL, sql, type WithSubquery } from "drizzle-orm";
import type { Database, Queryable } from "../db/client";
import { decodeCursor, pageOf } from "../db/page-cursor";
import { chatMessages, chatSessions, chatTasks } from "../db/schema";
import { notFound } from "../errors";
import { plainTitle } from "./plain-title";

export const DEFAULT_TITLE = "New chat";
export type SessionRow = typeof chatSessions.$inferSelect;

/** `running`: whether a turn is queued or running in it (see `running`). */
export function toSession(row: SessionRow, running = false): ChatSession {
  return {
    id: row.id,
    title: row.title,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    pinned: row.pinnedAt !== null,
    running,
  };
}

/**
 * True while a turn of the session is queued or running: the list's "answer in progress" marker.
 * The outer row is named in full: in a select list Drizzle writes columns unqualified, and an
 * unqualified `id` inside the subquery would be the task's.
 */
const running = sql<boolean>`exists (select 1 from ${chatTasks} where ${chatTasks.sessionId} = ${sql.raw('"chat_sessions"."id"')} and ${chatTasks.status} in ('queued', 'running'))`;

/**
 * `q` in the title or in the text parts of any message, case-insensitively. A scan of the user's
 * messages: fine at the sizes one person's history reaches; a trigram index is the next step.
 */
function matching(q: string): SQL | undefined {
  const needle = q.toLowerCase();
  return or(
    sql`strpos(lower(${chatSessions.title}), ${needle}) > 0`,
    sql`exists (select 1 from ${chatMessages} where ${chatMessages.sessionId} = ${chatSessions.id} and strpos(lower(jsonb_path_query_array(${chatMessages.parts}, '$[*] ? (@.type == "text").text')::text), ${needle}) > 0)`,
  );
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

export async function listSessions(db: Database, userId: string, query: ListSessionsQuery) {
  const after = decodeCursor(query.cursor);
  const pinned =
    query.pinned === undefined
      ? undefined
      : query.pinned
        ? isNotNull(chatSessions.pinnedAt)
        : isNull(chatSessions.pinnedAt);
  const rows = await db
    .select({ row: chatSessions, running })
    .from(chatSessions)
    .where(
      and(
        eq(chatSessions.userId, userId),
        pinned,
        query.q ? matching(query.q) : undefined,
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
  return pageOf(
    rows,
    query.limit,
    ({ row }) => ({ at: row.updatedAt.toISOString(), id: row.id }),
    ({ row, running }) => toSession(row, running),
  );
}

/**
 * Renames and/or (un)pins a session. A rename counts as activity (the list is ordered by it); a
 * pin does not, so pinning never reshuffles the rest of the list.
 */
export async function updateSession(
  db: Database,
  userId: string,
  id: string,
  update: UpdateSession,
): Promise<ChatSession> {
  const [row] = await db
    .update(chatSessions)
    .set({
      ...(update.title !== undefined ? { title: update.title, updatedAt: new Date() } : {}),
      ...(update.pinned !== undefined ? { pinnedAt: update.pinned ? new Date() : null } : {}),
    })
    .where(and(eq(chatSessions.id, id), eq(chatSessions.userId, userId)))
    .returning();
  if (!row) throw notFound("session");
  const [state] = await db.select({ running }).from(chatSessions).where(eq(chatSessions.id, row.id));
  return toSession(row, state?.running ?? false);
}

/**
 * Marks activity (lists are ordered by it) and names an untitled session after its first message;
 * `along` are data-modifying CTEs run in the same statement (one round trip for a turn's writes).
 */
export async function sessionTouch(
  db: Queryable,
  session: SessionRow,
  firstMessage: string | undefined,
  along: WithSubquery[] = [],
): Promise<void> {
  const title =
    firstMessage && session.title === DEFAULT_TITLE ? plainTitle(firstMessage, DEFAULT_TITLE) : session.title;
  await db
    .with(...along)
    .update(chatSessions)
    .set({ title, updatedAt: new Date() })
    .where(eq(chatSessions.id, session.id));
}

export async function deleteSessionRow(db: Database, userId: string, id: string): Promise<void> {
  await db.delete(chatSessions).where(and(eq(chatSessions.id, id), eq(chatSessions.userId, userId)));
}
