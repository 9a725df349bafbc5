import type { WorkspaceFile } from "@copilot/protocol";
import { failureCode } from "../files/file-errors";
import type { UploadTransport } from "../files/upload-queue";

/** A workspace file a message carries: what the composer knows once its upload is stored. */
export type Attachment = Pick<WorkspaceFile, "id" | "name" | "mime_type" | "reference">;

export const toAttachment = ({ id, name, mime_type, reference }: WorkspaceFile): Attachment => ({
  id,
  name,
  mime_type,
  reference,
});

/** Where a file attached in the chat is saved: a folder per day, under `/uploads/` (pure). */
export function attachmentPath(name: string, now: Date): string {
  const day = [now.getFullYear(), now.getMonth() + 1, now.getDate()]
    .map((part) => String(part).padStart(2, "0"))
    .join("-");
  // Slashes would make folders; the rest the server checks (and refuses with a clear error).
  return `/uploads/${day}/${name.replaceAll("/", "-") || "file"}`;
}

/** The n-th free name for a path: `a.png`, `a (2).png`, `a (3).png` (pure). */
export function numberedPath(path: string, n: number): string {
  if (n <= 1) return path;
  const slash = path.lastIndexOf("/") + 1;
  const name = path.slice(slash);
  const dot = name.lastIndexOf(".");
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
  return `${path.slice(0, slash)}${stem} (${n})${extension}`;
}

const MAX_NUMBERED = 50;

/**
 * An upload that never overwrites: when the name is taken (a second `image.png` pasted the same
 * day), it takes the next free number instead, as a desktop does with downloads.
 */
export function uploadWithFreeName(send: UploadTransport): UploadTransport {
  return async (request) => {
    for (let n = 1; ; n += 1) {
      try {
        return await send({ ...request, path: numberedPath(request.path, n), overwrite: false });
      } catch (error) {
        if (failureCode(error) !== "file_exists" || n >= MAX_NUMBERED || request.signal.aborted) throw error;
      }
    }
  };
}
