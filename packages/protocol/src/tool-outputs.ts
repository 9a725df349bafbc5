import { z } from "zod";
import { isoDateTime, uuid } from "./common";
import { workspaceFileSchema } from "./workspace";

/**
 * What each tool of docs/api.md §7 returns: the one declaration the server's tools return through
 * (their `outputSchema`) and the web and the offline model read with (`toolOutputReaders`, derived
 * from these below).
 */

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

/** A tool's declared output: its result or an expected failure. */
export const orToolError = <T extends z.ZodType>(schema: T) => z.union([schema, toolErrorOutputSchema]);

export const currentTimeOutputSchema = z.object({
  iso: isoDateTime,
  timezone: z.string(),
  unix_ms: z.number().int(),
});
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
export type ReadWorkspaceFileOutput = z.infer<typeof readWorkspaceFileOutputSchema>;
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
export type RunBlockOutput = z.infer<typeof runBlockOutputSchema>;

/**
 * Readers of stored tool results, derived from the schemas above. A result is JSON kept in a
 * message, possibly written by an older version or by another tool of the same name, so a reader
 * requires only the fields that tell results apart (a `read` has an `offset`, a `written` file does
 * not), makes the rest optional and lets unknown fields through: a result of another shape is simply
 * not summarised.
 */
export const toolFileReader = toolFileSchema.partial().loose();
export type ToolFileView = z.infer<typeof toolFileReader>;

const errorShape = toolErrorOutputSchema.shape.error;
const blockOutputShape = runBlockOutputSchema.shape.output;

export const toolOutputReaders = {
  error: z.looseObject({ error: errorShape.partial().required({ message: true }).loose() }),
  block: runBlockOutputSchema
    .extend({ output: blockOutputShape.extend({ file: toolFileReader.optional() }) })
    .loose(),
  time: currentTimeOutputSchema.partial().required({ iso: true }).loose(),
  list: listWorkspaceFilesOutputSchema
    .extend({ files: z.array(toolFileReader) })
    .partial()
    .required({ files: true })
    .loose(),
  deleted: deleteWorkspaceFileOutputSchema
    .extend({ deleted: deleteWorkspaceFileOutputSchema.shape.deleted.partial().loose() })
    .partial()
    .required({ deleted: true })
    .loose(),
  read: readWorkspaceFileOutputSchema
    .extend({ file: toolFileReader })
    .partial()
    .required({ file: true, offset: true })
    .loose(),
  written: writeWorkspaceFileOutputSchema
    .extend({ file: toolFileReader })
    .partial()
    .required({ file: true })
    .loose(),
};
