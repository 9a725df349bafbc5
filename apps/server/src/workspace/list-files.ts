import { type ListedFile, type Page, uuid } from "@copilot/protocol";
import { and, desc, eq, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { Queryable } from "../db/client";
import { decodeCursor, pageOf } from "../db/page-cursor";
import { chatSessions, userWorkspaces, workspaceFiles } from "../db/schema";
import { AppError } from "../errors";
import { toWorkspaceFile } from "./workspace-rows";

export type FileFilter = {
  /** Canonical path prefixes a file must start with (all of them). */
  prefixes: string[];
  /** Case-insensitive substring of the name. */
  q?: string;
  limit: number;
  cursor?: string;
};

/**
 * Live files, most recently changed first, with a keyset cursor on (updated_at, id). Each comes
 * with the chat whose folder holds it (`chat_sessions.files_folder` = the file's folder), so the
 * Files page can link a chart back to the conversation that made it.
 */
export async function listFiles(
  db: Queryable,
  workspaceId: string,
  filter: FileFilter,
): Promise<Page<ListedFile>> {
  const after = decodeCursor(filter.cursor);
  if (after && !uuid.safeParse(after.id).success) throw new AppError("invalid_cursor", "cursor is malformed");
  const conditions: Array<SQL | undefined> = [
    eq(workspaceFiles.workspaceId, workspaceId),
    isNull(workspaceFiles.deletedAt),
    // starts_with and strpos take the text literally: no LIKE wildcards to escape.
    ...filter.prefixes.map((prefix) => sql`starts_with(${workspaceFiles.path}, ${prefix})`),
    filter.q ? sql`strpos(lower(${workspaceFiles.name}), lower(${filter.q})) > 0` : undefined,
    after
      ? or(
          lt(workspaceFiles.updatedAt, new Date(after.at)),
          and(eq(workspaceFiles.updatedAt, new Date(after.at)), lt(workspaceFiles.id, after.id)),
        )
      : undefined,
  ];
  const rows = await db
    .select({ file: workspaceFiles, chatId: chatSessions.id, chatTitle: chatSessions.title })
    .from(workspaceFiles)
    .innerJoin(userWorkspaces, eq(userWorkspaces.id, workspaceFiles.workspaceId))
    .leftJoin(
      chatSessions,
      and(
        eq(chatSessions.userId, userWorkspaces.userId),
        eq(chatSessions.filesFolder, sql`regexp_replace(${workspaceFiles.path}, '[^/]+$', '')`),
      ),
    )
    .where(and(...conditions))
    .orderBy(desc(workspaceFiles.updatedAt), desc(workspaceFiles.id))
    .limit(filter.limit + 1);
  return pageOf(
    rows,
    filter.limit,
    (row) => ({ at: row.file.updatedAt.toISOString(), id: row.file.id }),
    (row) => ({
      ...toWorkspaceFile(row.file),
      chat: row.chatId ? { id: row.chatId, title: row.chatTitle ?? "" } : null,
    }),
  );
}
