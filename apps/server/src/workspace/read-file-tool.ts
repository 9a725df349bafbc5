import { isTextType, type ReadWorkspaceFileInput, type ReadWorkspaceFileOutput } from "@copilot/protocol";
import { AppError } from "../errors";
import { readRange, wholeCharacters } from "./read-range";
import type { FileTarget } from "./targets";
import { toToolFile } from "./tool-file";
import type { Caller, WorkspaceFiles } from "./workspace-files";

/** Text up to this size comes back whole; also the most one ranged text read returns. */
const TEXT_INLINE_BYTES = 32 * 1024;
/** Raw bytes per ranged read of a binary file (base64 makes them a third larger). */
const BINARY_RANGE_BYTES = 12 * 1024;
/** What a text file too large to return whole shows of its beginning. */
const PREVIEW_BYTES = 1024;

/** `file_id` (an id or a `workspace://` reference) or `path`, exactly one. */
export function targetOf(input: { file_id?: string; path?: string }): FileTarget {
  if (input.file_id !== undefined && input.path === undefined) return { id: input.file_id };
  if (input.path !== undefined && input.file_id === undefined) return { path: input.path };
  throw new AppError("bad_request", "give exactly one of file_id or path");
}

function decodeText(bytes: Buffer, atEnd: boolean): { text: string; start: number; end: number } {
  const { start, end } = wholeCharacters(bytes, atEnd);
  return { text: bytes.subarray(start, end).toString("utf8"), start, end };
}

/**
 * `read_workspace_file`: small text whole; `offset`/`length` for a page of a large file (text as
 * text, other bytes as base64); otherwise metadata, the reference and a short preview. Every
 * answer is bounded, so no file can flood the model's context.
 */
export async function readFileTool(
  files: WorkspaceFiles,
  caller: Caller,
  input: ReadWorkspaceFileInput,
): Promise<ReadWorkspaceFileOutput> {
  const located = await files.locate(caller, targetOf(input));
  const file = toToolFile(located.file);
  const size = file.size_bytes;
  const text = isTextType(file.mime_type);

  if (input.offset !== undefined || input.length !== undefined) {
    const offset = input.offset ?? 0;
    if (offset > size) throw new AppError("bad_request", `offset ${offset} is past the end (${size} bytes)`);
    const page = text ? TEXT_INLINE_BYTES : BINARY_RANGE_BYTES;
    const length = Math.min(input.length ?? page, page, size - offset);
    const bytes = await readRange(located, offset, length);
    if (!text) {
      const end = offset + bytes.length;
      return {
        file,
        content_base64: bytes.toString("base64"),
        offset,
        length: bytes.length,
        truncated: end < size,
        ...(end < size ? { next_offset: end } : {}),
      };
    }
    const atEnd = offset + bytes.length >= size;
    const decoded = decodeText(bytes, atEnd);
    const end = offset + decoded.end;
    return {
      file,
      content: decoded.text,
      offset: offset + decoded.start,
      length: decoded.end - decoded.start,
      truncated: end < size,
      ...(end < size ? { next_offset: end } : {}),
    };
  }

  if (text && size <= TEXT_INLINE_BYTES) {
    const bytes = await readRange(located, 0, size);
    return { file, content: bytes.toString("utf8"), offset: 0, length: bytes.length, truncated: false };
  }
  if (text) {
    const preview = decodeText(await readRange(located, 0, Math.min(PREVIEW_BYTES, size)), false);
    return {
      file,
      preview: preview.text,
      offset: 0,
      length: 0,
      truncated: true,
      note: `The file has ${size} bytes, more than ${TEXT_INLINE_BYTES} can be returned at once; read it in parts with offset and length.`,
    };
  }
  return {
    file,
    offset: 0,
    length: 0,
    truncated: size > 0,
    note: `A ${file.mime_type} file of ${size} bytes. Show or cite it by its reference ${file.reference}; pass offset and length to read raw bytes (base64).`,
  };
}
