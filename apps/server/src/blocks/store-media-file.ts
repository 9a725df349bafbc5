import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { type ToolFile, WORKSPACE_SCHEME } from "@copilot/protocol";
import { AppError } from "../errors";
import { decideMimeType, HEAD_BYTES } from "../workspace/mime";
import { readRange } from "../workspace/read-range";
import { toToolFile } from "../workspace/tool-file";
import type { BlockContext } from "./block";
import { decodeDataUri, encodeDataUri, isDataUri } from "./data-uri";

/**
 * Where media made or taken by a block ends up (the seed's `store_media_file`). With a media folder
 * (a chat's, an agent run's) the bytes are saved there under a fresh name and the answer is the
 * file's `workspace://{id}#{mime}` reference, so messages and run records never carry base64.
 * Without one there is nowhere to save, and the answer is a data URI.
 */
export type StoredMedia = { url: string; mime_type: string; size_bytes: number; file?: ToolFile };

/** The most a data URI built outside a chat may hold. */
const MAX_DATA_URI_BYTES = 10 * 1024 * 1024;

const EXTENSIONS: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "image/webp": "webp",
  "image/svg+xml": "svg",
};

/** `chart-20261122-030612-9f2c1a.png`: readable, sortable, and never an earlier output's name. */
function freshName(baseName: string, extension: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `${baseName}-${stamp}-${randomBytes(3).toString("hex")}.${extension}`;
}

/** Stores bytes a block produced; the type is decided from the bytes like any upload's. */
export async function storeMediaBytes(
  context: BlockContext,
  bytes: Uint8Array,
  baseName: string,
): Promise<StoredMedia> {
  const mimeType = await decideMimeType(bytes.subarray(0, HEAD_BYTES), "media", true);
  const folder = context.mediaFolder;
  if (!folder) {
    if (bytes.length > MAX_DATA_URI_BYTES) throw tooLargeForDataUri();
    return { url: encodeDataUri(mimeType, bytes), mime_type: mimeType, size_bytes: bytes.length };
  }
  const caller = { userId: context.userId, sessionId: context.sessionId };
  for (let attempt = 0; ; attempt++) {
    const path = `${folder}${freshName(baseName, EXTENSIONS[mimeType] ?? "bin")}`;
    try {
      const { file } = await context.files.upload(caller, {
        path,
        body: Readable.from([Buffer.from(bytes)]),
        overwrite: false,
        sizeHint: { bytes: bytes.length, exact: true },
        metadata: { source: "block", run_id: context.runId, node_id: context.nodeId },
      });
      return {
        url: file.reference,
        mime_type: file.mime_type,
        size_bytes: file.size_bytes,
        file: toToolFile(file),
      };
    } catch (error) {
      // A name collision (three random bytes within one second): take another name.
      if (error instanceof AppError && error.code === "file_exists" && attempt < 3) continue;
      throw error;
    }
  }
}

const tooLargeForDataUri = () =>
  new AppError("file_too_large", `media over ${MAX_DATA_URI_BYTES} bytes cannot be returned as a data URI`, {
    max_bytes: MAX_DATA_URI_BYTES,
  });

/**
 * `store_media_file`: takes a `workspace://` reference (resolved only in the caller's workspace)
 * or a base64 data URI. Throws `not_found` for a reference that is not the caller's and
 * `bad_request` for anything else.
 */
export async function storeMediaFile(
  context: BlockContext,
  media: string,
  baseName = "media",
): Promise<StoredMedia> {
  const value = media.trim();
  const caller = { userId: context.userId, sessionId: context.sessionId };
  if (value.toLowerCase().startsWith(WORKSPACE_SCHEME)) {
    if (context.mediaFolder) {
      // Already in the workspace: the reference itself is the answer, nothing is copied.
      const file = await context.files.get(caller, { id: value });
      return {
        url: file.reference,
        mime_type: file.mime_type,
        size_bytes: file.size_bytes,
        file: toToolFile(file),
      };
    }
    const located = await context.files.locate(caller, { id: value });
    const { file } = located;
    if (file.size_bytes > MAX_DATA_URI_BYTES) throw tooLargeForDataUri();
    const bytes = await readRange(located, 0, file.size_bytes);
    return { url: encodeDataUri(file.mime_type, bytes), mime_type: file.mime_type, size_bytes: bytes.length };
  }
  if (isDataUri(value)) {
    const { bytes } = decodeDataUri(value, context.files.limits.maxFileBytes);
    return storeMediaBytes(context, bytes, baseName);
  }
  throw new AppError("bad_request", "media must be a workspace:// reference or a base64 data URI");
}
