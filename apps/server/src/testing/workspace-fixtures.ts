import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { userWorkspaces, workspaceFiles, workspaceUploads } from "../db/schema";
import { AppError } from "../errors";
import type { FileStore } from "../workspace/stores/file-store";
import { userKeyPrefix } from "../workspace/workspace-env";

/**
 * Helpers for workspace tests: bodies that count what was pulled from them, and the state a
 * failed upload must leave untouched (rows, reservations, blobs).
 */
export type CountingBody = { body: Readable; pulled(): number };

/** `total` bytes of `fill` in `chunk`-sized pieces, generated lazily and counted as they are read. */
export function countingBody(total: number, options: { chunk?: number; fill?: number } = {}): CountingBody {
  const chunk = options.chunk ?? 64 * 1024;
  const piece = Buffer.alloc(chunk, options.fill ?? 0x61);
  let pulled = 0;
  async function* generate() {
    while (pulled < total) {
      const size = Math.min(chunk, total - pulled);
      pulled += size;
      yield size === chunk ? piece : piece.subarray(0, size);
    }
  }
  // highWaterMark 1: the test measures how far the consumer reads ahead, not Readable's buffering.
  return { body: Readable.from(generate(), { objectMode: false, highWaterMark: 1 }), pulled: () => pulled };
}

export const bodyOf = (bytes: Uint8Array | string) => Readable.from([Buffer.from(bytes)]);

export type WorkspaceState = { used: number; reserved: number; uploads: number; rows: number };

export async function workspaceState(db: Database, userId: string): Promise<WorkspaceState> {
  const [workspace] = await db.select().from(userWorkspaces).where(eq(userWorkspaces.userId, userId));
  if (!workspace) return { used: 0, reserved: 0, uploads: 0, rows: 0 };
  const uploads = await db
    .select({ id: workspaceUploads.id })
    .from(workspaceUploads)
    .where(eq(workspaceUploads.workspaceId, workspace.id));
  const rows = await db
    .select({ id: workspaceFiles.id })
    .from(workspaceFiles)
    .where(eq(workspaceFiles.workspaceId, workspace.id));
  return {
    used: workspace.usedBytes,
    reserved: workspace.reservedBytes,
    uploads: uploads.length,
    rows: rows.length,
  };
}

/** Every blob key under the user's folder in the store. */
export async function blobKeys(store: FileStore, userId: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list(userKeyPrefix(userId), { cursor });
    keys.push(...page.items.map((item) => item.key));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return keys;
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

export type FormPart =
  | { kind: "field"; name: string; value: string }
  | { kind: "file"; name: string; filename: string; content: Uint8Array | string; type?: string };

/** A multipart/form-data body (parts in the given order) and its content type. */
export function multipartBody(parts: FormPart[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----copilot-test-${Math.random().toString(36).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition =
      part.kind === "field"
        ? `form-data; name="${part.name}"`
        : `form-data; name="${part.name}"; filename="${part.filename}"`;
    const type = part.kind === "file" ? `\r\nContent-Type: ${part.type ?? "application/octet-stream"}` : "";
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`));
    chunks.push(Buffer.from(part.kind === "field" ? part.value : part.content));
    chunks.push(Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

/** One file part named `file`. */
export const fileForm = (filename: string, content: Uint8Array | string, type?: string) =>
  multipartBody([{ kind: "file", name: "file", filename, content, type }]);

/** The API error code `promise` rejects with; anything else (success, another error) fails the test. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error.code;
}
