import { inArray, lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { workspaceFiles, workspaceUploads } from "../db/schema";
import type { FileStore } from "./stores/file-store";
import { closeUpload } from "./upload/reservations";
import { ALL_USERS_PREFIX } from "./workspace-env";

/**
 * Uploads whose row stopped moving before `cutoff` belong to a process that died mid-way (a live
 * one marks its row every few minutes): give their reservation back and delete what they wrote.
 * Should such an upload still be alive after all, its next reservation or its commit fails.
 */
export async function expireStaleUploads(db: Database, store: FileStore, cutoff: Date): Promise<number> {
  const stale = await db
    .select({ id: workspaceUploads.id, key: workspaceUploads.storageKey })
    .from(workspaceUploads)
    .where(lt(workspaceUploads.updatedAt, cutoff));
  let expired = 0;
  for (const upload of stale) {
    if ((await db.transaction((tx) => closeUpload(tx, upload.id))) === null) continue;
    await store.delete(upload.key);
    expired += 1;
  }
  return expired;
}

/**
 * Deletes blobs that no file row and no upload in flight owns (left by a crash between a blob write
 * and its row, or between a purge's commit and its deletes). Only blobs last written before
 * `cutoff` are candidates, so a blob whose upload is about to register is never taken.
 */
export async function sweepOrphans(db: Database, store: FileStore, cutoff: Date): Promise<number> {
  let swept = 0;
  let cursor: string | undefined;
  do {
    const page = await store.list(ALL_USERS_PREFIX, { cursor });
    cursor = page.nextCursor ?? undefined;
    const candidates = page.items.filter((item) => item.updatedAt < cutoff).map((item) => item.key);
    if (candidates.length === 0) continue;
    const owned = new Set<string>();
    const files = await db
      .select({ key: workspaceFiles.storageKey })
      .from(workspaceFiles)
      .where(inArray(workspaceFiles.storageKey, candidates));
    const uploads = await db
      .select({ key: workspaceUploads.storageKey })
      .from(workspaceUploads)
      .where(inArray(workspaceUploads.storageKey, candidates));
    for (const row of [...files, ...uploads]) owned.add(row.key);
    for (const key of candidates) {
      if (owned.has(key)) continue;
      await store.delete(key);
      swept += 1;
    }
  } while (cursor);
  return swept;
}
