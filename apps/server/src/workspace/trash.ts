import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { workspaceFiles } from "../db/schema";
import { notFound } from "../errors";
import { fileExists } from "./upload/commit-upload";
import { type FileRow, findFileById, findLiveFileByPath } from "./workspace-rows";

const DAY_MS = 24 * 60 * 60 * 1000;

/** When a file trashed at `deletedAt` is purged. */
export function purgeDate(deletedAt: Date, trashDays: number): Date {
  return new Date(deletedAt.getTime() + trashDays * DAY_MS);
}

/** Files trashed before this moment are past their trash period. */
export function trashCutoff(trashDays: number, now = new Date()): Date {
  return new Date(now.getTime() - trashDays * DAY_MS);
}

/**
 * Moves a live file to the trash: its path is free at once, its bytes stay (and keep counting
 * against the quota) until the purge. Not found when it is not live.
 */
export async function trashFile(db: Database, file: FileRow): Promise<FileRow> {
  const now = new Date();
  const [row] = await db
    .update(workspaceFiles)
    .set({ deletedAt: now, updatedAt: now })
    .where(and(eq(workspaceFiles.id, file.id), isNull(workspaceFiles.deletedAt)))
    .returning();
  if (!row) throw notFound("file");
  return row;
}

/** PostgreSQL's unique_violation, through Drizzle's wrapper or not. */
function isUniqueViolation(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if ("code" in current && current.code === "23505") return true;
  }
  return false;
}

/**
 * Brings a trashed file back to its path. A live file is returned as it is; `file_exists` when
 * another live file took the path meanwhile; not found once its trash period is over (or
 * someone else's).
 */
export async function restoreFile(
  db: Database,
  userId: string,
  id: string,
  trashDays: number,
): Promise<FileRow> {
  try {
    return await db.transaction(async (tx) => {
      const file = await findFileById(tx, userId, id);
      if (!file) throw notFound("file");
      if (!file.deletedAt) return file;
      // Past its trash period it is gone for the user, whether or not the purge has run yet.
      if (purgeDate(file.deletedAt, trashDays) <= new Date()) throw notFound("file");
      if (await findLiveFileByPath(tx, file.workspaceId, file.path)) throw fileExists(file.path);
      const [row] = await tx
        .update(workspaceFiles)
        .set({ deletedAt: null, updatedAt: new Date() })
        .where(eq(workspaceFiles.id, file.id))
        .returning();
      if (!row) throw notFound("file");
      return row;
    });
  } catch (error) {
    // A concurrent upload that took the path between the check and the update.
    if (isUniqueViolation(error)) throw fileExists("the file's path");
    throw error;
  }
}
