import { eq, sql } from "drizzle-orm";
import type { Database, Queryable } from "../../db/client";
import { userWorkspaces, workspaceUploads } from "../../db/schema";

/**
 * Quota reservations of uploads in flight. Bytes are claimed before they are accepted, by one
 * conditional UPDATE of the workspace row (`used + reserved + n <= quota`): PostgreSQL re-checks
 * the condition on the latest row version after waiting for a concurrent writer, so racing
 * uploads can never claim more than the quota together. Lock order everywhere: file rows, then the
 * upload row, then the workspace row.
 */
export type ReserveOutcome = { ok: true } | { ok: false; reason: "quota" | "gone" };

class QuotaShort extends Error {}

/** Registers an upload (nothing reserved yet) and returns its id. */
export async function openUpload(db: Database, workspaceId: string, storageKey: string): Promise<string> {
  const now = new Date();
  const [row] = await db
    .insert(workspaceUploads)
    .values({ workspaceId, storageKey, createdAt: now, updatedAt: now })
    .returning({ id: workspaceUploads.id });
  if (!row) throw new Error("insert returned no row");
  return row.id;
}

/**
 * Claims `bytes` more for the upload. `gone`: the upload row was released meanwhile (gc judged
 * the upload dead), so it must stop.
 */
export async function reserve(
  db: Database,
  uploadId: string,
  bytes: number,
  defaultQuota: number,
): Promise<ReserveOutcome> {
  try {
    return await db.transaction(async (tx): Promise<ReserveOutcome> => {
      const [upload] = await tx
        .update(workspaceUploads)
        .set({ reservedBytes: sql`${workspaceUploads.reservedBytes} + ${bytes}`, updatedAt: new Date() })
        .where(eq(workspaceUploads.id, uploadId))
        .returning({ workspaceId: workspaceUploads.workspaceId });
      if (!upload) return { ok: false, reason: "gone" };
      const claimed = await tx
        .update(userWorkspaces)
        .set({ reservedBytes: sql`${userWorkspaces.reservedBytes} + ${bytes}` })
        .where(
          sql`${userWorkspaces.id} = ${upload.workspaceId} and ${userWorkspaces.usedBytes} + ${userWorkspaces.reservedBytes} + ${bytes} <= coalesce(${userWorkspaces.quotaBytes}, ${defaultQuota})`,
        )
        .returning({ id: userWorkspaces.id });
      // Throwing rolls back the upload row's increment too.
      if (claimed.length === 0) throw new QuotaShort();
      return { ok: true };
    });
  } catch (error) {
    if (error instanceof QuotaShort) return { ok: false, reason: "quota" };
    throw error;
  }
}

/** Marks a long upload as alive (gc expires upload rows that stop moving). False when it is gone. */
export async function touchUpload(db: Database, uploadId: string): Promise<boolean> {
  const rows = await db
    .update(workspaceUploads)
    .set({ updatedAt: new Date() })
    .where(eq(workspaceUploads.id, uploadId))
    .returning({ id: workspaceUploads.id });
  return rows.length > 0;
}

/**
 * Removes the upload row inside `tx` and gives its reservation back to the workspace. Returns the
 * bytes it held, or null when the row was already gone.
 */
export async function closeUpload(tx: Queryable, uploadId: string): Promise<number | null> {
  const [upload] = await tx.delete(workspaceUploads).where(eq(workspaceUploads.id, uploadId)).returning();
  if (!upload) return null;
  await tx
    .update(userWorkspaces)
    .set({ reservedBytes: sql`${userWorkspaces.reservedBytes} - ${upload.reservedBytes}` })
    .where(eq(userWorkspaces.id, upload.workspaceId));
  return upload.reservedBytes;
}

/** Releases a failed upload's reservation; idempotent. */
export async function releaseUpload(db: Database, uploadId: string): Promise<void> {
  await db.transaction((tx) => closeUpload(tx, uploadId));
}
