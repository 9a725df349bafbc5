import { eq, isNull, sql } from "drizzle-orm";
import type { Database, Queryable } from "../../db/client";
import { userWorkspaces, workspaceFiles } from "../../db/schema";
import { AppError } from "../../errors";
import { type FileRow, findLiveFileByPath } from "../workspace-rows";
import { closeUpload } from "./reservations";

export type StoredUpload = {
  workspaceId: string;
  uploadId: string;
  path: string;
  name: string;
  storageKey: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  overwrite: boolean;
  metadata: Record<string, string | number | boolean | null>;
};

export type CommitOutcome =
  | { kind: "created"; row: FileRow }
  /** `replacedKey`: the previous version's blob, to delete once this has committed. */
  | { kind: "overwritten"; row: FileRow; replacedKey: string };

export const fileExists = (path: string) =>
  new AppError("file_exists", `a file already exists at ${path}`, { path });

async function addUsed(tx: Queryable, workspaceId: string, delta: number) {
  await tx
    .update(userWorkspaces)
    .set({ usedBytes: sql`${userWorkspaces.usedBytes} + ${delta}`, updatedAt: new Date() })
    .where(eq(userWorkspaces.id, workspaceId));
}

/**
 * Publishes stored bytes in one transaction: the upload's reservation becomes used bytes, and the
 * row is inserted, or (overwrite) the live row at the path gets the new key and a bumped version
 * while keeping its id. Throws `file_exists` when the path is taken and `overwrite` is off.
 */
export async function commitUpload(db: Database, upload: StoredUpload): Promise<CommitOutcome> {
  return db.transaction(async (tx) => {
    const outcome = await publishRow(tx, upload);
    // Lock order everywhere: file rows, then the upload row, then the workspace row.
    if ((await closeUpload(tx, upload.uploadId)) === null) {
      throw new Error("the upload's reservation was released before it committed (expired by gc)");
    }
    const previous = outcome.kind === "overwritten" ? outcome.previousSize : 0;
    await addUsed(tx, upload.workspaceId, upload.sizeBytes - previous);
    return outcome.kind === "overwritten"
      ? { kind: "overwritten", row: outcome.row, replacedKey: outcome.replacedKey }
      : { kind: "created", row: outcome.row };
  });
}

/** Inserts the row, or swaps the new version into the live row at the path (overwrite). */
async function publishRow(
  tx: Queryable,
  upload: StoredUpload,
): Promise<
  | { kind: "created"; row: FileRow }
  | { kind: "overwritten"; row: FileRow; replacedKey: string; previousSize: number }
> {
  const now = new Date();
  // Two rounds at most: an insert that lost a race to a concurrent create finds that row next.
  for (let round = 0; round < 2; round++) {
    const existing = await findLiveFileByPath(tx, upload.workspaceId, upload.path, { forUpdate: true });
    if (existing) {
      if (!upload.overwrite) throw fileExists(upload.path);
      const [row] = await tx
        .update(workspaceFiles)
        .set({
          storageKey: upload.storageKey,
          mimeType: upload.mimeType,
          sizeBytes: upload.sizeBytes,
          sha256: upload.sha256,
          version: sql`${workspaceFiles.version} + 1`,
          metadata: upload.metadata,
          updatedAt: now,
        })
        .where(eq(workspaceFiles.id, existing.id))
        .returning();
      if (!row) throw new Error("locked row vanished");
      return { kind: "overwritten", row, replacedKey: existing.storageKey, previousSize: existing.sizeBytes };
    }
    const [row] = await tx
      .insert(workspaceFiles)
      .values({
        workspaceId: upload.workspaceId,
        path: upload.path,
        name: upload.name,
        storageKey: upload.storageKey,
        mimeType: upload.mimeType,
        sizeBytes: upload.sizeBytes,
        sha256: upload.sha256,
        metadata: upload.metadata,
        // JS timestamps (ms precision) so list cursors round-trip exactly.
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({
        target: [workspaceFiles.workspaceId, workspaceFiles.path],
        where: isNull(workspaceFiles.deletedAt),
      })
      .returning();
    if (row) return { kind: "created", row };
  }
  throw fileExists(upload.path);
}
