import { and, eq, inArray, isNotNull, lt, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { userWorkspaces, workspaceFiles } from "../db/schema";
import type { FileStore } from "./stores/file-store";

const BATCH = 200;

/** Deletes trashed files whose trash period ended before `cutoff` (the scheduled purge). */
export function purgeTrash(db: Database, store: FileStore, cutoff: Date): Promise<number> {
  return purgeWhere(db, store, lt(workspaceFiles.deletedAt, cutoff));
}

/**
 * Deletes trashed files of one workspace now, at the user's request: all of them, or the one with
 * id `fileId`. Live files are never touched.
 */
export function purgeTrashOf(
  db: Database,
  store: FileStore,
  workspaceId: string,
  fileId?: string,
): Promise<number> {
  return purgeWhere(
    db,
    store,
    and(
      eq(workspaceFiles.workspaceId, workspaceId),
      isNotNull(workspaceFiles.deletedAt),
      fileId ? eq(workspaceFiles.id, fileId) : undefined,
    ),
  );
}

/**
 * Deletes the trashed files matching `where`: rows and their quota in one transaction per batch,
 * then the blobs (a blob left by a crash here is an orphan for the sweep). Concurrent purges
 * (several processes, a user emptying the trash during the scheduled purge) skip each other's
 * locked rows.
 */
async function purgeWhere(db: Database, store: FileStore, where: SQL | undefined): Promise<number> {
  let purged = 0;
  for (;;) {
    const keys = await db.transaction(async (tx) => {
      const rows = await tx
        .select({
          id: workspaceFiles.id,
          workspaceId: workspaceFiles.workspaceId,
          size: workspaceFiles.sizeBytes,
          key: workspaceFiles.storageKey,
        })
        .from(workspaceFiles)
        .where(and(isNotNull(workspaceFiles.deletedAt), where))
        .limit(BATCH)
        .for("update", { skipLocked: true });
      if (rows.length === 0) return [];
      await tx.delete(workspaceFiles).where(
        inArray(
          workspaceFiles.id,
          rows.map((row) => row.id),
        ),
      );
      const freed = new Map<string, number>();
      for (const row of rows) freed.set(row.workspaceId, (freed.get(row.workspaceId) ?? 0) + row.size);
      for (const [workspaceId, bytes] of freed) {
        await tx
          .update(userWorkspaces)
          .set({ usedBytes: sql`${userWorkspaces.usedBytes} - ${bytes}`, updatedAt: new Date() })
          .where(eq(userWorkspaces.id, workspaceId));
      }
      return rows.map((row) => row.key);
    });
    for (const key of keys) await store.delete(key);
    purged += keys.length;
    if (keys.length < BATCH) return purged;
  }
}
