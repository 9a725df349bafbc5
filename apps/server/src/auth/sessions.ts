import { and, eq, gt, lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { authSessions, users } from "../db/schema";
import { hashToken, newToken } from "./tokens";

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

/** Starts a browser session; returns the cookie token (stored only as its hash). */
export async function createSession(
  db: Database,
  userId: string,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.insert(authSessions).values({ userId, tokenHash: hashToken(token), expiresAt });
  return { token, expiresAt };
}

/** The session's user id, or null when the token is unknown or expired. */
export async function resolveSession(db: Database, token: string): Promise<string | null> {
  const [row] = await db
    .select({ userId: authSessions.userId })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(and(eq(authSessions.tokenHash, hashToken(token)), gt(authSessions.expiresAt, new Date())));
  return row?.userId ?? null;
}

export async function revokeSession(db: Database, token: string): Promise<void> {
  await db.delete(authSessions).where(eq(authSessions.tokenHash, hashToken(token)));
}

/** Deletes the sessions past their expiry (they already fail `resolveSession`); returns how many. */
export async function purgeExpiredSessions(db: Database): Promise<number> {
  const rows = await db
    .delete(authSessions)
    .where(lt(authSessions.expiresAt, new Date()))
    .returning({ id: authSessions.id });
  return rows.length;
}
