import { type Page, type TrashedFile, uuid } from "@copilot/protocol";
import { and, desc, eq, gt, isNotNull, lt, or } from "drizzle-orm";
import type { Queryable } from "../db/client";
import { decodeCursor, pageOf } from "../db/page-cursor";
import { workspaceFiles } from "../db/schema";
import { AppError } from "../errors";
import { purgeDate, trashCutoff } from "./trash";
import { toWorkspaceFile } from "./workspace-rows";

/**
 * The files of a workspace's trash the user can still restore, most recently deleted first, with
 * a keyset cursor on (deleted_at, id). Files past their trash period are gone for the user even
 * before the scheduled purge removes them, so they are not listed.
 */
export async function listTrash(
  db: Queryable,
  workspaceId: string,
  trashDays: number,
  query: { limit: number; cursor?: string },
): Promise<Page<TrashedFile>> {
  const after = decodeCursor(query.cursor);
  if (after && !uuid.safeParse(after.id).success) throw new AppError("invalid_cursor", "cursor is malformed");
  const rows = await db
    .select()
    .from(workspaceFiles)
    .where(
      and(
        eq(workspaceFiles.workspaceId, workspaceId),
        isNotNull(workspaceFiles.deletedAt),
        gt(workspaceFiles.deletedAt, trashCutoff(trashDays)),
        after
          ? or(
              lt(workspaceFiles.deletedAt, new Date(after.at)),
              and(eq(workspaceFiles.deletedAt, new Date(after.at)), lt(workspaceFiles.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(workspaceFiles.deletedAt), desc(workspaceFiles.id))
    .limit(query.limit + 1);
  return pageOf(
    rows,
    query.limit,
    (row) => ({ at: (row.deletedAt ?? row.updatedAt).toISOString(), id: row.id }),
    (row) => {
      const deletedAt = row.deletedAt ?? row.updatedAt;
      return {
        ...toWorkspaceFile(row),
        deleted_at: deletedAt.toISOString(),
        purge_at: purgeDate(deletedAt, trashDays).toISOString(),
      };
    },
  );
}
