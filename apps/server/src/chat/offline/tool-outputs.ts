import { z } from "zod";

/**
 * The shapes the workspace tools and blocks return (API.md §7), read loosely: they come back as
 * JSON from another module, so every field the summary does not strictly need is optional and
 * unknown fields pass through.
 */

export const fileInfoSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  path: z.string().optional(),
  mime_type: z.string().optional(),
  size_bytes: z.number().optional(),
  version: z.number().optional(),
  reference: z.string().optional(),
});
export type FileInfo = z.infer<typeof fileInfoSchema>;

export const toolOutputSchemas = {
  error: z.looseObject({ error: z.looseObject({ code: z.string().optional(), message: z.string() }) }),
  block: z.looseObject({
    block: z.string(),
    output: z.looseObject({ image: z.string().optional(), file: fileInfoSchema.optional() }),
  }),
  time: z.looseObject({ iso: z.string(), timezone: z.string().optional(), unix_ms: z.number().optional() }),
  list: z.looseObject({ files: z.array(fileInfoSchema), truncated: z.boolean().optional() }),
  deleted: z.looseObject({
    deleted: z.looseObject({ id: z.string().optional(), path: z.string().optional() }),
  }),
  read: z.looseObject({
    file: fileInfoSchema,
    content: z.string().optional(),
    offset: z.number(),
    length: z.number().optional(),
    truncated: z.boolean().optional(),
  }),
  written: z.looseObject({ file: fileInfoSchema }),
};

export type ListOutput = z.infer<typeof toolOutputSchemas.list>;
export type ReadOutput = z.infer<typeof toolOutputSchemas.read>;
export type WriteOutput = z.infer<typeof toolOutputSchemas.written>;
export type DeleteOutput = z.infer<typeof toolOutputSchemas.deleted>;
export type BlockOutput = z.infer<typeof toolOutputSchemas.block>;
export type TimeOutput = z.infer<typeof toolOutputSchemas.time>;
export type ErrorOutput = z.infer<typeof toolOutputSchemas.error>;
