import type { Readable } from "node:stream";
import {
  INLINE_IMAGE_TYPES,
  parseWorkspaceReference,
  type UIMessage,
  WORKSPACE_SCHEME,
} from "@copilot/protocol";
import { AppError } from "../errors";
import type { Caller, WorkspaceFiles } from "../workspace/workspace-files";

type Part = UIMessage["parts"][number];

/** Images up to this size go to the model as the image itself (the newest message only). */
const INLINE_IMAGE_MAX_BYTES = 5 * 1024 * 1024;

/**
 * The file parts of a new user message: each id must name a live file of the caller's workspace
 * (the ids come from the client; the names, types and references come from our own rows).
 */
export async function attachmentParts(files: WorkspaceFiles, caller: Caller, fileIds: readonly string[]) {
  const parts: Part[] = [];
  for (const id of new Set(fileIds)) {
    const located = await files.locate(caller, { id }).catch((error: unknown) => {
      if (error instanceof AppError && error.code === "not_found")
        throw new AppError("bad_request", `attachment ${id} is not a file in your workspace`);
      throw error;
    });
    const { file } = located;
    parts.push({ type: "file", mediaType: file.mime_type, filename: file.name, url: file.reference });
  }
  return parts;
}

/** The file ids of `workspace://` file parts an AI SDK client sent (anything else is ignored). */
export function attachmentIdsOf(parts: UIMessage["parts"]): string[] {
  return parts.flatMap((part) => {
    if (part.type !== "file" || typeof part.url !== "string") return [];
    if (!part.url.toLowerCase().startsWith(WORKSPACE_SCHEME)) return [];
    const fileId = parseWorkspaceReference(part.url)?.fileId;
    return fileId ? [fileId] : [];
  });
}

/** How an attachment is named to the model; `attachmentsIn` reads it back (the offline model does). */
export function attachmentNote(file: {
  name: string;
  path: string;
  id: string;
  mime_type: string;
  size_bytes: number;
}) {
  return `[attachment] name=${JSON.stringify(file.name)} path=${JSON.stringify(file.path)} file_id=${file.id} type=${file.mime_type} size=${file.size_bytes} — read it with read_workspace_file (file_id).`;
}

const NOTE =
  /^\[attachment\] name=("(?:[^"\\]|\\.)*") path=("(?:[^"\\]|\\.)*") file_id=(\S+) type=(\S+) size=(\d+)/;

export type AttachmentInfo = { name: string; path: string; fileId: string; mimeType: string };

/** The attachment notes among a message's texts (pure), and the texts the user wrote. */
export function attachmentsIn(texts: readonly string[]): { attachments: AttachmentInfo[]; texts: string[] } {
  const attachments: AttachmentInfo[] = [];
  const rest: string[] = [];
  for (const text of texts) {
    const match = NOTE.exec(text);
    if (!match) {
      rest.push(text);
      continue;
    }
    attachments.push({
      name: JSON.parse(match[1] ?? '""'),
      path: JSON.parse(match[2] ?? '""'),
      fileId: match[3] ?? "",
      mimeType: match[4] ?? "",
    });
  }
  return { attachments, texts: rest };
}

/**
 * The history as the model gets it: every `workspace://` file part becomes a note naming the file
 * (so any model can read it with its tools), and the images of the newest user message go along
 * as images too (older ones stay notes: re-sending every image on every turn would cost more than
 * it tells). A file deleted since is said to be gone.
 */
export async function historyForModel(
  history: readonly UIMessage[],
  files: WorkspaceFiles,
  caller: Caller,
): Promise<UIMessage[]> {
  const newestUser = history.findLastIndex((message) => message.role === "user");
  return Promise.all(
    history.map(async (message, index) => {
      if (!message.parts.some(isWorkspaceFile)) return message;
      const parts: Part[] = [];
      for (const part of message.parts) {
        if (!isWorkspaceFile(part)) {
          parts.push(part);
          continue;
        }
        const located = await files.locate(caller, { id: String(part.url) }).catch(() => null);
        if (!located) {
          parts.push({
            type: "text",
            text: `[attachment] ${String(part.filename ?? "a file")} was deleted since.`,
          });
          continue;
        }
        const { file } = located;
        parts.push({ type: "text", text: attachmentNote(file) });
        if (
          index === newestUser &&
          INLINE_IMAGE_TYPES.has(file.mime_type) &&
          file.size_bytes <= INLINE_IMAGE_MAX_BYTES
        ) {
          const bytes = await readAll(located.read());
          parts.push({
            type: "file",
            mediaType: file.mime_type,
            filename: file.name,
            url: `data:${file.mime_type};base64,${bytes.toString("base64")}`,
          });
        }
      }
      return { ...message, parts };
    }),
  );
}

const isWorkspaceFile = (part: Part) =>
  part.type === "file" && typeof part.url === "string" && part.url.toLowerCase().startsWith(WORKSPACE_SCHEME);

async function readAll(stream: Promise<Readable>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
