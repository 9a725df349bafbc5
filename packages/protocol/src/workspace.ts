import { z } from "zod";
import { isoDateTime, listQuerySchema, uuid } from "./common";

export const WORKSPACE_SCHEME = "workspace://";

export const workspaceFileSchema = z.object({
  id: uuid,
  name: z.string(),
  path: z.string(),
  mime_type: z.string(),
  size_bytes: z.number().int().nonnegative(),
  sha256: z.string(),
  version: z.number().int().positive(),
  created_at: isoDateTime,
  updated_at: isoDateTime,
  reference: z.string(),
});
export type WorkspaceFile = z.infer<typeof workspaceFileSchema>;

/** A file as the listing shows it: with the chat whose folder it is in (the chat that made it). */
export const listedFileSchema = workspaceFileSchema.extend({
  chat: z.object({ id: uuid, title: z.string() }).nullable(),
});
export type ListedFile = z.infer<typeof listedFileSchema>;

export const workspaceUsageSchema = z.object({
  /** Live files and the trash: everything stored that counts against the quota. */
  used_bytes: z.number().int().nonnegative(),
  quota_bytes: z.number().int().nonnegative(),
  file_count: z.number().int().nonnegative(),
  /** The part of `used_bytes` in the trash (freed by a purge or emptying the trash). */
  trash_bytes: z.number().int().nonnegative(),
  trash_count: z.number().int().nonnegative(),
});
export type WorkspaceUsage = z.infer<typeof workspaceUsageSchema>;

/** A file in the trash: restorable until `purge_at`. */
export const trashedFileSchema = workspaceFileSchema.extend({
  deleted_at: isoDateTime,
  purge_at: isoDateTime,
});
export type TrashedFile = z.infer<typeof trashedFileSchema>;

export const emptyTrashResponseSchema = z.object({ purged: z.number().int().nonnegative() });

export const listFilesQuerySchema = listQuerySchema.extend({
  prefix: z.string().max(4096).optional(),
  session_id: uuid.optional(),
  q: z.string().max(255).optional(),
});

const booleanFlag = z
  .enum(["true", "false", "1", "0"])
  .transform((value) => value === "true" || value === "1");

export const uploadQuerySchema = z.object({
  path: z.string().max(4096).optional(),
  overwrite: booleanFlag.optional(),
});

/** `workspace://{uuid}` with an optional `#mime` fragment. */
export function parseWorkspaceReference(ref: string): { fileId: string; mimeType: string | null } | null {
  const match = /^workspace:\/\/([0-9a-f-]{36})(?:#(.+))?$/i.exec(ref.trim());
  if (!match?.[1] || !uuid.safeParse(match[1]).success) return null;
  return { fileId: match[1].toLowerCase(), mimeType: match[2] ?? null };
}

export function formatWorkspaceReference(fileId: string, mimeType?: string): string {
  return mimeType ? `${WORKSPACE_SCHEME}${fileId}#${mimeType}` : `${WORKSPACE_SCHEME}${fileId}`;
}

/**
 * CoPilot tool inputs (docs/api.md §7). Which of `file_id`/`path` (or `content`/`content_base64`) is
 * given is checked by the tool itself, so a wrong mix comes back as a tool result the model can
 * correct rather than a schema failure.
 */
export const listWorkspaceFilesInputSchema = z.object({
  path_prefix: z
    .string()
    .max(4096)
    .optional()
    .describe("Only files whose path starts with this folder (relative = from the workspace root)"),
  scope: z
    .enum(["session", "all"])
    .optional()
    .describe(
      '"all" (default): the whole workspace, this chat\'s files first; "session": only this chat\'s folder',
    ),
  limit: z.number().int().min(1).max(100).optional().describe("At most this many files (default 50)"),
});
export type ListWorkspaceFilesInput = z.infer<typeof listWorkspaceFilesInputSchema>;

const fileTarget = {
  file_id: z.string().max(200).optional().describe("The file's id or its workspace:// reference"),
  path: z
    .string()
    .max(4096)
    .optional()
    .describe("The file's path as the Files page shows it (relative = from the workspace root)"),
};

export const readWorkspaceFileInputSchema = z.object({
  ...fileTarget,
  offset: z.number().int().min(0).optional().describe("First byte to read (ranged read)"),
  length: z.number().int().min(1).optional().describe("Bytes to read from offset (at most 32 KiB)"),
});
export type ReadWorkspaceFileInput = z.infer<typeof readWorkspaceFileInputSchema>;

export const writeWorkspaceFileInputSchema = z.object({
  path: z
    .string()
    .max(4096)
    .describe("Where to save, as the Files page shows paths (relative = from the workspace root)"),
  content: z.string().optional().describe("The file's text (UTF-8)"),
  content_base64: z.string().optional().describe("The file's bytes, base64-encoded (instead of content)"),
  overwrite: z.boolean().optional().describe("Replace an existing file at this path (keeps its id)"),
});
export type WriteWorkspaceFileInput = z.infer<typeof writeWorkspaceFileInputSchema>;

export const deleteWorkspaceFileInputSchema = z.object(fileTarget);
export type DeleteWorkspaceFileInput = z.infer<typeof deleteWorkspaceFileInputSchema>;

export const runBlockInputSchema = z.object({
  block: z.string().min(1).max(100).describe("The block's name"),
  input: z.record(z.string(), z.unknown()).describe("The block's input"),
});
export type RunBlockInput = z.infer<typeof runBlockInputSchema>;
