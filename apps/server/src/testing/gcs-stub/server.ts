/**
 * GCS stub: the Cloud Storage JSON API calls `gcs-file-store.ts` makes, and nothing else, served
 * by node:http on an ephemeral loopback port, written from Google's JSON API reference
 * (https://cloud.google.com/storage/docs/json_api/v1/objects):
 *
 * - `POST /upload/storage/v1/b/{bucket}/o?uploadType=resumable&name=` and `PUT`/`DELETE` on the
 *   session URI: resumable uploads (see `resumable-uploads.ts`), `ifGenerationMatch` honoured;
 * - `GET /storage/v1/b/{bucket}/o/{object}?alt=media`, with `Range` → 206 (416 past the end);
 * - `GET /storage/v1/b/{bucket}/o/{object}`: the object resource;
 * - `DELETE /storage/v1/b/{bucket}/o/{object}`: 204, or 404;
 * - `GET /storage/v1/b/{bucket}/o?prefix=&maxResults=&pageToken=`: a page and `nextPageToken`
 *   (also the store's `ping`).
 *
 * Bytes are kept in a temp directory, never in memory, so large files work. Any other request is
 * answered 501, printed, and kept in `unhandled`, so a call the adapter starts making shows up as
 * a failing test rather than a mystery. Requests are logged in `requests` (with whether they
 * carried credentials: the adapter must not send any to a custom endpoint).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { DiskBucket } from "./disk-bucket";
import { notFound, sendError, sendJson } from "./json-api";
import { ResumableUploads } from "./resumable-uploads";

type GcsStubRequest = { method: string; path: string; status: number; authorized: boolean };

export type GcsStub = {
  apiEndpoint: string;
  bucket: string;
  /** Every request answered so far, in arrival order of their responses. */
  requests: GcsStubRequest[];
  /** `METHOD url` of each request the stub does not implement (answered 501). */
  unhandled: string[];
  /** Upload PUTs still streaming: a failed client-side upload must not leave one hanging. */
  inFlightUploads(): number;
  stop(): Promise<void>;
};

export async function startGcsStub(): Promise<GcsStub> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "copilot-gcs-stub-"));
  const bucket = new DiskBucket("copilot-test", dir);
  const uploads = new ResumableUploads(dir);
  const requests: GcsStubRequest[] = [];
  const unhandled: string[] = [];

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", `http://${request.headers.host ?? "127.0.0.1"}`);
    response.once("finish", () =>
      requests.push({
        method: request.method ?? "",
        path: url.pathname,
        status: response.statusCode,
        authorized: request.headers.authorization !== undefined,
      }),
    );
    route(request, response, url).catch((error: unknown) => {
      if (!response.headersSent) sendError(response, 500, "backendError", String(error));
      else response.destroy();
    });
  });

  async function route(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const parts = url.pathname.split("/").slice(1);
    const method = request.method ?? "";
    if (
      parts[0] === "upload" &&
      parts[1] === "storage" &&
      parts[2] === "v1" &&
      parts[3] === "b" &&
      parts[5] === "o"
    ) {
      if (parts.length !== 6) return unimplemented(request, response);
      if (parts[4] !== bucket.name)
        return notFound(response, `The specified bucket does not exist: ${parts[4]}`);
      const uploadId = url.searchParams.get("upload_id");
      if (method === "POST" && !uploadId && url.searchParams.get("uploadType") === "resumable") {
        return uploads.initiate(request, response, bucket, url);
      }
      if (method === "PUT" && uploadId) return uploads.put(request, response, uploadId);
      if (method === "DELETE" && uploadId) return uploads.cancel(response, uploadId);
      return unimplemented(request, response);
    }
    if (parts[0] === "storage" && parts[1] === "v1" && parts[2] === "b" && parts[4] === "o") {
      if (parts[3] !== bucket.name)
        return notFound(response, `The specified bucket does not exist: ${parts[3]}`);
      // Object names arrive percent-encoded (`a%2Fb`); tolerate raw slashes too.
      const name = parts.length > 5 ? decodeURIComponent(parts.slice(5).join("/")) : null;
      if (name === null && parts.length === 5 && method === "GET") return list(response, url);
      if (name && method === "GET" && url.searchParams.get("alt") === "media")
        return media(request, response, name);
      if (name && method === "GET" && !url.searchParams.has("alt")) return metadata(response, name);
      if (name && method === "DELETE") return remove(response, name);
    }
    return unimplemented(request, response);
  }

  function list(response: ServerResponse, url: URL) {
    const maxResults = Math.min(Number(url.searchParams.get("maxResults") ?? 1000) || 1000, 1000);
    const page = bucket.list(
      url.searchParams.get("prefix") ?? "",
      maxResults,
      url.searchParams.get("pageToken") ?? undefined,
    );
    sendJson(response, 200, {
      kind: "storage#objects",
      ...(page.items.length > 0 ? { items: page.items.map((object) => bucket.resource(object)) } : {}),
      ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
    });
  }

  function metadata(response: ServerResponse, name: string) {
    const object = bucket.get(name);
    if (!object) return notFound(response, `No such object: ${bucket.name}/${name}`);
    sendJson(response, 200, bucket.resource(object));
  }

  async function remove(response: ServerResponse, name: string) {
    if (!(await bucket.delete(name))) return notFound(response, `No such object: ${bucket.name}/${name}`);
    response.writeHead(204).end();
  }

  async function media(request: IncomingMessage, response: ServerResponse, name: string) {
    const opened = await bucket.open(name);
    if (!opened) return notFound(response, `No such object: ${bucket.name}/${name}`);
    const { object, handle } = opened;
    try {
      const headers: Record<string, string> = {
        "content-type": object.contentType,
        "x-goog-generation": object.generation,
        "x-goog-stored-content-encoding": "identity",
        "x-goog-stored-content-length": String(object.size),
        "accept-ranges": "bytes",
      };
      const range = parseRange(request.headers.range, object.size);
      if (range === "unsatisfiable") {
        await handle.close();
        return sendError(
          response,
          416,
          "requestedRangeNotSatisfiable",
          "The requested range cannot be satisfied.",
        );
      }
      if (range) {
        headers["content-range"] = `bytes ${range.start}-${range.end}/${object.size}`;
        headers["content-length"] = String(range.end - range.start + 1);
        response.writeHead(206, headers);
      } else {
        // Checksums only describe the whole object, so only a full read gets them.
        headers["x-goog-hash"] = `crc32c=${object.crc32c},md5=${object.md5Hash}`;
        headers["content-length"] = String(object.size);
        response.writeHead(200, headers);
      }
      if (object.size === 0) {
        await handle.close();
        return void response.end();
      }
      await pipeline(handle.createReadStream(range ?? {}), response);
    } catch (error) {
      await handle.close().catch(() => {});
      throw error;
    }
  }

  function unimplemented(request: IncomingMessage, response: ServerResponse) {
    const line = `${request.method} ${request.url}`;
    unhandled.push(line);
    console.warn(`[gcs-stub] not implemented: ${line}`);
    request.resume();
    sendError(response, 501, "notImplemented", `The GCS stub does not implement ${line}`);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiEndpoint: `http://127.0.0.1:${port}`,
    bucket: bucket.name,
    requests,
    unhandled,
    inFlightUploads: () => uploads.inFlight(),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` against `size`; null when absent or not a byte range. */
function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | "unsatisfiable" | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? "");
  if (!match || (match[1] === "" && match[2] === "")) return null;
  const [, first, last] = match;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(size - suffix, 0), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return "unsatisfiable";
  return { start, end: last === "" ? size - 1 : Math.min(Number(last), size - 1) };
}
