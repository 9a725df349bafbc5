import type { WorkspaceUsage } from "@copilot/protocol";
import { and, count, eq, isNotNull, isNull, sum } from "drizzle-orm";
import type { Queryable } from "../db/client";
import { workspaceFiles } from "../db/schema";
import { findWorkspace } from "./workspace-rows";

/**
 * `used_bytes` counts every stored version the user can still get back: live files and the
 * trash. `file_count` counts live files only; `trash_bytes`/`trash_count` are the trash's share,
 * including files past their period that the scheduled purge has not removed yet (they still
 * occupy the quota until it does).
 */
export async function countUsage(
  db: Queryable,
  userId: string,
  defaultQuota: number,
): Promise<WorkspaceUsage> {
  const workspace = await findWorkspace(db, userId);
  if (!workspace)
    return { used_bytes: 0, quota_bytes: defaultQuota, file_count: 0, trash_bytes: 0, trash_count: 0 };
  const [live] = await db
    .select({ files: count() })
    .from(workspaceFiles)
    .where(and(eq(workspaceFiles.workspaceId, workspace.id), isNull(workspaceFiles.deletedAt)));
  const [trash] = await db
    .select({ files: count(), bytes: sum(workspaceFiles.sizeBytes) })
    .from(workspaceFiles)
    .where(and(eq(workspaceFiles.workspaceId, workspace.id), isNotNull(workspaceFiles.deletedAt)));
  return {
    used_bytes: workspace.usedBytes,
    quota_bytes: workspace.quotaBytes ?? defaultQuota,
    file_count: live?.files ?? 0,
    trash_bytes: Number(trash?.bytes ?? 0),
    trash_count: trash?.files ?? 0,
  };
}
