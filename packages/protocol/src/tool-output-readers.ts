import { z } from "zod";

/**
 * Loose readers of the tool results of docs/api.md §7, for whoever summarises them (the offline model,
 * the web's tool cards). A result is JSON stored in a message, possibly written by an older
 * version or by another tool of the same name, so only the fields a summary needs are read, and
 * unknown fields pass through: a result of another shape is simply not summarised. Required fields
 * are the ones that tell results apart (a `read` has an `offset`, a `written` file does not).
 * The strict shapes the tools produce are the `*OutputSchema`s in ./workspace.
 */
export const toolFileReader = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  path: z.string().optional(),
  mime_type: z.string().optional(),
  size_bytes: z.number().optional(),
  version: z.number().optional(),
  reference: z.string().optional(),
});
export type ToolFileView = z.infer<typeof toolFileReader>;

export const toolOutputReaders = {
  error: z.looseObject({ error: z.looseObject({ code: z.string().optional(), message: z.string() }) }),
  block: z.looseObject({
    block: z.string(),
    output: z.looseObject({ image: z.string().optional(), file: toolFileReader.optional() }),
  }),
  time: z.looseObject({ iso: z.string(), timezone: z.string().optional(), unix_ms: z.number().optional() }),
  list: z.looseObject({
    files: z.array(toolFileReader),
    prefix: z.string().optional(),
    chat_folder: z.string().nullable().optional(),
    truncated: z.boolean().optional(),
  }),
  deleted: z.looseObject({
    deleted: z.looseObject({ id: z.string().optional(), path: z.string().optional() }),
  }),
  read: z.looseObject({
    file: toolFileReader,
    content: z.string().optional(),
    offset: z.number(),
    length: z.number().optional(),
    truncated: z.boolean().optional(),
  }),
  written: z.looseObject({ file: toolFileReader }),
};
