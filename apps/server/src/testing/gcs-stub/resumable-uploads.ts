import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { stat, writeFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Crc32c } from "./crc32c";
import type { DiskBucket } from "./disk-bucket";
import { notFound, sendError, sendJson } from "./json-api";

/**
 * Resumable uploads (https://cloud.google.com/storage/docs/resumable-uploads, JSON API):
 * `POST …/o?uploadType=resumable&name=` opens a session and answers its URI in `Location`;
 * `PUT <session>` with `Content-Range: bytes a-b/total` appends a chunk (308 + `Range` while
 * incomplete, 200 + the object resource once `total` bytes are in); `bytes a-*\/*` streams to
 * the end of the request body (the client library's single-request form); `bytes *\/total` or
 * `bytes *\/*` asks for the status; `DELETE <session>` cancels (499). Bytes go to a file on disk.
 */
type Session = {
  id: string;
  bucket: DiskBucket;
  name: string;
  contentType: string;
  ifGenerationMatch: string | undefined;
  file: string;
  received: number;
  state: "open" | "finalized" | "cancelled";
  result?: Record<string, unknown>;
  /** The PUT currently streaming into the session, so a cancel can end it. */
  active?: { request: IncomingMessage; response: ServerResponse };
};

type ContentRange = { first: number | null; last: number | "*" | null; total: number | null };

export class ResumableUploads {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly dir: string) {}

  /** PUT requests still streaming (a client that never ends its body shows up here). */
  inFlight(): number {
    return [...this.sessions.values()].filter((session) => session.active).length;
  }

  async initiate(request: IncomingMessage, response: ServerResponse, bucket: DiskBucket, url: URL) {
    const name = url.searchParams.get("name");
    const metadata = await readJson(request);
    const objectName = name ?? (typeof metadata.name === "string" ? metadata.name : null);
    if (!objectName) return sendError(response, 400, "required", "Required parameter: name");
    const ifGenerationMatch = url.searchParams.get("ifGenerationMatch") ?? undefined;
    if (!bucket.preconditionHolds(objectName, ifGenerationMatch)) {
      return sendError(
        response,
        412,
        "conditionNotMet",
        "At least one of the pre-conditions you specified did not hold.",
      );
    }
    const headerType = request.headers["x-upload-content-type"];
    const contentType =
      (typeof headerType === "string" && headerType) ||
      (typeof metadata.contentType === "string" && metadata.contentType) ||
      "application/octet-stream";
    const id = randomUUID();
    const file = path.join(this.dir, `upload-${id}`);
    await writeFile(file, "");
    this.sessions.set(id, {
      id,
      bucket,
      name: objectName,
      contentType,
      ifGenerationMatch,
      file,
      received: 0,
      state: "open",
    });
    const location = new URL(url.pathname, url.origin);
    location.searchParams.set("uploadType", "resumable");
    location.searchParams.set("name", objectName);
    location.searchParams.set("upload_id", id);
    response.writeHead(200, { location: location.toString(), "content-length": 0 }).end();
  }

  async put(request: IncomingMessage, response: ServerResponse, uploadId: string) {
    const session = this.sessions.get(uploadId);
    if (!session) return notFound(response, "No such upload session");
    if (session.state === "cancelled")
      return sendError(response, 499, "clientClosedRequest", "Upload cancelled");
    if (session.state === "finalized") {
      // A finished session answers its outcome again (a client retrying a lost response).
      if (session.result) return sendJson(response, 200, session.result);
      return sendError(
        response,
        412,
        "conditionNotMet",
        "At least one of the pre-conditions you specified did not hold.",
      );
    }
    const range = parseContentRange(request.headers["content-range"]);
    if (!range) return sendError(response, 400, "invalid", "Bad Content-Range");
    if (range.first !== null) {
      if (range.first !== session.received) {
        return sendError(
          response,
          400,
          "invalid",
          `Chunk starts at ${range.first}, expected ${session.received}`,
        );
      }
      if (session.active)
        return sendError(response, 409, "conflict", "Another request is writing to this session");
      session.active = { request, response };
      try {
        await pipeline(request, createWriteStream(session.file, { flags: "r+", start: session.received }));
      } catch {
        // The client went away (or the session was cancelled): keep what reached the disk, as GCS does.
        session.received = (await stat(session.file)).size;
        return;
      } finally {
        session.active = undefined;
      }
      session.received = (await stat(session.file)).size;
      if (typeof range.last === "number" && range.last + 1 !== session.received) {
        return sendError(
          response,
          400,
          "invalid",
          `Chunk ends at ${session.received - 1}, header says ${range.last}`,
        );
      }
    }
    const complete =
      range.total !== null ? session.received >= range.total : range.first !== null && range.last === "*";
    if (!complete) {
      const headers: Record<string, string> = { "content-length": "0" };
      if (session.received > 0) headers.range = `bytes=0-${session.received - 1}`;
      response.writeHead(308, headers).end();
      return;
    }
    if (range.total !== null && session.received !== range.total) {
      return sendError(
        response,
        400,
        "invalid",
        `Received ${session.received} bytes, total says ${range.total}`,
      );
    }
    await this.finalize(session, response);
  }

  cancel(response: ServerResponse, uploadId: string) {
    const session = this.sessions.get(uploadId);
    if (!session) return notFound(response, "No such upload session");
    session.state = "cancelled";
    const active = session.active;
    if (active) {
      // End the streaming PUT now: answer it, then drop the connection its body is still using.
      active.response.setHeader("connection", "close");
      sendError(active.response, 499, "clientClosedRequest", "Upload cancelled");
      active.response.once("finish", () => active.request.destroy());
    }
    sendError(response, 499, "clientClosedRequest", "Upload cancelled");
  }

  private async finalize(session: Session, response: ServerResponse) {
    const md5 = createHash("md5");
    const crc = new Crc32c();
    for await (const chunk of createReadStream(session.file)) {
      md5.update(chunk as Buffer);
      crc.update(chunk as Buffer);
    }
    const object = await session.bucket.commit(
      session.name,
      {
        file: session.file,
        size: session.received,
        contentType: session.contentType,
        md5Hash: md5.digest("base64"),
        crc32c: crc.base64(),
      },
      session.ifGenerationMatch,
    );
    session.state = "finalized";
    if (!object) {
      return sendError(
        response,
        412,
        "conditionNotMet",
        "At least one of the pre-conditions you specified did not hold.",
      );
    }
    session.result = session.bucket.resource(object);
    sendJson(response, 200, session.result);
  }
}

/** `bytes a-b/total`, `bytes a-*\/total` (either part may be `*`) or `bytes *\/total`. */
function parseContentRange(header: string | undefined): ContentRange | null {
  const match = /^bytes (?:(\d+)-(\d+|\*)|\*)\/(\d+|\*)$/.exec(header?.trim() ?? "");
  if (!match) return null;
  const [, first, last, total] = match;
  return {
    first: first === undefined ? null : Number(first),
    last: last === undefined ? null : last === "*" ? "*" : Number(last),
    total: total === "*" ? null : Number(total),
  };
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = "";
  for await (const chunk of request) text += (chunk as Buffer).toString();
  if (!text.trim()) return {};
  const parsed: unknown = JSON.parse(text);
  return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
}
