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

/** What the file tools say about a file: the wire file without what the model does not need. */
export const toolFileSchema = workspaceFileSchema.pick({
  id: true,
  name: true,
  path: true,
  mime_type: true,
  size_bytes: true,
  version: true,
  updated_at: true,
  reference: true,
});
export type ToolFile = z.infer<typeof toolFileSchema>;

/** A tool's expected failure, returned as its result: the error code of docs/api.md §3 and a message. */
export const toolErrorOutputSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type ToolErrorOutput = z.infer<typeof toolErrorOutputSchema>;

export const listWorkspaceFilesOutputSchema = z.object({
  files: z.array(toolFileSchema),
  prefix: z.string(),
  /** Where this chat's files are (listed first); null outside a chat. */
  chat_folder: z.string().nullable().optional(),
  truncated: z.boolean(),
});
export type ListWorkspaceFilesOutput = z.infer<typeof listWorkspaceFilesOutputSchema>;
export const readWorkspaceFileOutputSchema = z.object({
  file: toolFileSchema,
  /** Text (UTF-8), when the file or the requested range is text. */
  content: z.string().optional(),
  /** Bytes of a ranged read of a binary file. */
  content_base64: z.string().optional(),
  /** The first bytes of a text file too large to return whole. */
  preview: z.string().optional(),
  offset: z.number().int().nonnegative(),
  length: z.number().int().nonnegative(),
  truncated: z.boolean(),
  next_offset: z.number().int().nonnegative().optional(),
  note: z.string().optional(),
});
export const writeWorkspaceFileOutputSchema = z.object({ file: toolFileSchema, created: z.boolean() });
export const deleteWorkspaceFileOutputSchema = z.object({
  deleted: z.object({ id: uuid, path: z.string() }),
  restorable_until: isoDateTime,
});
/** `run_block` output: inside a chat `image` is a `workspace://` reference (and `file` says which). */
export const runBlockOutputSchema = z.object({
  block: z.string(),
  output: z.looseObject({ image: z.string().optional(), file: toolFileSchema.optional() }),
});
