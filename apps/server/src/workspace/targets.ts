import { parseWorkspaceReference, uuid, WORKSPACE_SCHEME } from "@copilot/protocol";
import type { Queryable } from "../db/client";
import { notFound } from "../errors";
import { resolvePath } from "./virtual-path";
import { type FileRow, findLiveFileById, findLiveFileByPath, findWorkspace } from "./workspace-rows";

/** A file named by id (a uuid or a `workspace://{id}#mime` reference) or by path. */
export type FileTarget = { id: string } | { path: string };

/** The file id in a uuid or a `workspace://` reference; null when it is neither. */
function fileIdOf(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed.toLowerCase().startsWith(WORKSPACE_SCHEME))
    return parseWorkspaceReference(trimmed)?.fileId ?? null;
  return uuid.safeParse(trimmed).success ? trimmed.toLowerCase() : null;
}

/**
 * The caller's live file named by `target`; relative paths resolve under `base`. Anything else
 * (a malformed id, someone else's file, a trashed one) is `not_found`; a bad path `invalid_path`.
 */
export async function findTarget(
  db: Queryable,
  userId: string,
  target: FileTarget,
  base: string,
): Promise<FileRow> {
  let row: FileRow | null = null;
  if ("id" in target) {
    const id = fileIdOf(target.id);
    row = id ? await findLiveFileById(db, userId, id) : null;
  } else {
    const path = resolvePath(target.path, base);
    const workspace = await findWorkspace(db, userId);
    row = workspace ? await findLiveFileByPath(db, workspace.id, path) : null;
  }
  if (!row) throw notFound("file");
  return row;
}
