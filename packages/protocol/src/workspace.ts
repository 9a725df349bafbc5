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
  used_bytes: z.number().int().nonnegative(),
  quota_bytes: z.number().int().nonnegative(),
  file_count: z.number().int().nonnegative(),
});
export type WorkspaceUsage = z.infer<typeof workspaceUsageSchema>;

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
