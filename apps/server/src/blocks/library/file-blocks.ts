import { Readable } from "node:stream";
import { isTextType, toolFileSchema, WORKSPACE_SCHEME } from "@copilot/protocol";
import { z } from "zod";
import { AppError } from "../../errors";
import { readRange, wholeCharacters } from "../../workspace/read-range";
import { toToolFile } from "../../workspace/tool-file";
import type { Caller } from "../../workspace/workspace-files";
import { type Block, type BlockContext, defineBlock } from "../block";
import { decodeDataUri, isDataUri } from "../data-uri";

/** The most text `read_file` hands to the next block; larger files come back truncated (and say so). */
const READ_FILE_MAX_BYTES = 256 * 1024;

const PATHS =
  "Paths are the ones the Files page shows: relative paths start from the workspace root, like absolute ones.";

const callerOf = (context: BlockContext): Caller => ({
  userId: context.userId,
  sessionId: context.sessionId,
});

/** The bytes `write_file` saves: text, or media named by a `workspace://` reference or a data URI. */
async function bodyOf(
  context: BlockContext,
  input: { content?: string | undefined; media?: string | undefined },
): Promise<{ body: Readable; bytes: number }> {
  if (input.content !== undefined && input.media === undefined) {
    const bytes = Buffer.from(input.content, "utf8");
    return { body: Readable.from([bytes]), bytes: bytes.length };
  }
  if (input.media !== undefined && input.content === undefined) {
    const media = input.media.trim();
    if (media.toLowerCase().startsWith(WORKSPACE_SCHEME)) {
      // A copy through the facade: the source must be the caller's, the copy counts against the quota.
      const located = await context.files.locate(callerOf(context), { id: media });
      return { body: await located.read(), bytes: located.file.size_bytes };
    }
    if (isDataUri(media)) {
      const { bytes } = decodeDataUri(media, context.files.limits.maxFileBytes);
      return { body: Readable.from([bytes]), bytes: bytes.length };
    }
    throw new AppError("bad_request", "media must be a workspace:// reference or a base64 data URI");
  }
  throw new AppError("bad_request", "give exactly one of content or media");
}

export function fileBlocks(): Block[] {
  return [
    defineBlock({
      name: "read_file",
      description: `Reads a text file of the user's workspace by \`path\` (or its workspace:// reference) into \`text\` (at most ${READ_FILE_MAX_BYTES / 1024} KiB; \`truncated\` says when there was more). ${PATHS}`,
      input: z.object({ path: z.string().min(1).max(4096) }),
      output: z.object({ text: z.string(), truncated: z.boolean(), file: toolFileSchema }),
      run: async (input, context) => {
        const target = input.path.trim().toLowerCase().startsWith(WORKSPACE_SCHEME)
          ? { id: input.path }
          : { path: input.path };
        const located = await context.files.locate(callerOf(context), target);
        const { file } = located;
        if (!isTextType(file.mime_type)) {
          throw new AppError(
            "bad_request",
            `${file.path} is ${file.mime_type}, not text; use its reference instead`,
          );
        }
        const length = Math.min(file.size_bytes, READ_FILE_MAX_BYTES);
        const bytes = await readRange(located, 0, length);
        const whole = wholeCharacters(bytes, length === file.size_bytes);
        return {
          text: bytes.subarray(whole.start, whole.end).toString("utf8"),
          truncated: length < file.size_bytes,
          file: toToolFile(file),
        };
      },
    }),
    defineBlock({
      name: "write_file",
      description: `Saves \`content\` (text) or \`media\` (a workspace:// reference, e.g. a chart's \`image\`, or a data URI) at \`path\` in the user's workspace. Replaces an existing file there unless \`overwrite\` is false (it keeps its id). ${PATHS}`,
      input: z.object({
        path: z.string().min(1).max(4096),
        content: z.string().optional(),
        media: z
          .string()
          .max(64 * 1024 * 1024)
          .optional(),
        overwrite: z.boolean().default(true),
      }),
      output: z.object({ file: toolFileSchema, reference: z.string(), created: z.boolean() }),
      run: async (input, context) => {
        const { body, bytes } = await bodyOf(context, input);
        const outcome = await context.files.upload(callerOf(context), {
          path: input.path,
          body,
          overwrite: input.overwrite,
          sizeHint: { bytes, exact: true },
          metadata: { source: "block", run_id: context.runId, node_id: context.nodeId },
        });
        return {
          file: toToolFile(outcome.file),
          reference: outcome.file.reference,
          created: outcome.kind === "created",
        };
      },
    }),
  ];
}
