import { formatWorkspaceReference, type WorkspaceFile } from "@copilot/protocol";
import { and, eq, isNull } from "drizzle-orm";
import type { Queryable } from "../db/client";
import { userWorkspaces, workspaceFiles } from "../db/schema";

export type WorkspaceRow = typeof userWorkspaces.$inferSelect;
export type FileRow = typeof workspaceFiles.$inferSelect;

/** The user's workspace, created on first use (concurrent first uses agree on one row). */
export async function ensureWorkspace(db: Queryable, userId: string): Promise<WorkspaceRow> {
  const [created] = await db.insert(userWorkspaces).values({ userId }).onConflictDoNothing().returning();
  if (created) return created;
  const [existing] = await db.select().from(userWorkspaces).where(eq(userWorkspaces.userId, userId));
  if (!existing) throw new Error(`workspace of user ${userId} vanished while being created`);
  return existing;
}

/** Null when the user has never used the workspace. */
export async function findWorkspace(db: Queryable, userId: string): Promise<WorkspaceRow | null> {
  const [row] = await db.select().from(userWorkspaces).where(eq(userWorkspaces.userId, userId));
  return row ?? null;
}

/** A live (not trashed) file of `userId`'s workspace, or null (someone else's file is null too). */
export async function findLiveFileById(db: Queryable, userId: string, id: string): Promise<FileRow | null> {
  const [row] = await db
    .select({ file: workspaceFiles })
    .from(workspaceFiles)
    .innerJoin(userWorkspaces, eq(userWorkspaces.id, workspaceFiles.workspaceId))
    .where(
      and(eq(workspaceFiles.id, id), eq(userWorkspaces.userId, userId), isNull(workspaceFiles.deletedAt)),
    );
  return row?.file ?? null;
}

/** Any file of `userId`'s workspace, trashed ones included, or null. */
export async function findFileById(db: Queryable, userId: string, id: string): Promise<FileRow | null> {
  const [row] = await db
    .select({ file: workspaceFiles })
    .from(workspaceFiles)
    .innerJoin(userWorkspaces, eq(userWorkspaces.id, workspaceFiles.workspaceId))
    .where(and(eq(workspaceFiles.id, id), eq(userWorkspaces.userId, userId)));
  return row?.file ?? null;
}

export async function findLiveFileByPath(
  db: Queryable,
  workspaceId: string,
  path: string,
  options: { forUpdate?: boolean } = {},
): Promise<FileRow | null> {
  const query = db
    .select()
    .from(workspaceFiles)
    .where(
      and(
        eq(workspaceFiles.workspaceId, workspaceId),
        eq(workspaceFiles.path, path),
        isNull(workspaceFiles.deletedAt),
      ),
    );
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ?? null;
}

export function toWorkspaceFile(row: FileRow): WorkspaceFile {
  return {
    id: row.id,
    name: row.name,
    path: row.path,
    mime_type: row.mimeType,
    size_bytes: row.sizeBytes,
    sha256: row.sha256,
    version: row.version,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    reference: formatWorkspaceReference(row.id, row.mimeType),
  };
}
