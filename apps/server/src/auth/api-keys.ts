import type { ApiKey } from "@copilot/protocol";
import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { apiKeys } from "../db/schema";
import { notFound } from "../errors";
import { hashToken, newToken } from "./tokens";

const KEY_PREFIX = "cpk_";
const MAX_KEYS_PER_USER = 200;

type ApiKeyRow = typeof apiKeys.$inferSelect;
function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
  };
}

export async function createApiKey(db: Database, userId: string, name: string) {
  const key = newToken(KEY_PREFIX);
  const [row] = await db
    .insert(apiKeys)
    .values({ userId, name, keyHash: hashToken(key) })
    .returning();
  if (!row) throw new Error("insert returned no row");
  return { id: row.id, name: row.name, key, created_at: row.createdAt.toISOString() };
}

export async function listApiKeys(db: Database, userId: string): Promise<ApiKey[]> {
  const rows = await db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.userId, userId))
    .orderBy(desc(apiKeys.createdAt))
    .limit(MAX_KEYS_PER_USER);
  return rows.map(toApiKey);
}

/** Someone else's key, like an unknown one, is `not_found`. */
export async function deleteApiKey(db: Database, userId: string, id: string): Promise<void> {
  const rows = await db
    .delete(apiKeys)
    .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId)))
    .returning({ id: apiKeys.id });
  if (rows.length === 0) throw notFound("api key");
}

/** The key's user id, or null. Records `last_used_at` (at most once a minute per key). */
export async function resolveApiKey(db: Database, key: string): Promise<string | null> {
  if (!key.startsWith(KEY_PREFIX)) return null;
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, hashToken(key)));
  if (!row) return null;
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
  }
  return row.userId;
}
