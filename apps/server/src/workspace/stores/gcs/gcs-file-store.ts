import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Storage } from "@google-cloud/storage";
import { FileExistsError, type FileStore, pageLimit } from "../file-store";

export type GcsFileStoreOptions = {
  bucket: string;
  projectId?: string;
  apiEndpoint?: string;
  keyFilename?: string;
};

const pingTimeoutMs = 5_000;
const cancelTimeoutMs = 5_000;

/** A Google Cloud Storage bucket through `@google-cloud/storage` 7 (JSON API, resumable uploads). */
export function createGcsFileStore(options: GcsFileStoreOptions): FileStore {
  const storage = new Storage({
    projectId: options.projectId,
    keyFilename: options.keyFilename,
    apiEndpoint: options.apiEndpoint,
    // With a custom `apiEndpoint` the library sends JSON API requests unsigned and gives resumable
    // uploads a plain HTTP client, so an emulator (or the test stub) never triggers a credentials or
    // metadata-server lookup. A Google host given as a custom endpoint (regional, private) still needs
    // a token, hence the opt back in.
    useAuthWithCustomEndpoint: options.apiEndpoint ? isGoogleHost(options.apiEndpoint) : undefined,
  });
  const bucket = storage.bucket(options.bucket);

  return {
    driver: "gcs",
    // `ifGenerationMatch=0` makes GCS refuse to finalize an upload over an existing object.
    capabilities: { conditionalCreate: true },

    async put(key, body, putOptions) {
      const file = bucket.file(key);
      let bodyError: unknown;
      body.once("error", (error) => {
        bodyError = error;
      });
      let failed = false;
      let sessionUri: string | undefined;
      const sink = file.createWriteStream({
        // One streamed request, no chunkSize: the library then buffers nothing beyond stream chunks.
        resumable: true,
        contentType: putOptions?.contentType ?? "application/octet-stream",
        preconditionOpts: putOptions?.ifNotExists ? { ifGenerationMatch: 0 } : undefined,
      });
      sink.on("uri", (uri: string) => {
        sessionUri = uri;
        if (failed) void cancelUpload(uri); // the session was created after the body had failed
      });
      try {
        await pipeline(body, sink);
        return { size: Number(file.metadata.size ?? 0) };
      } catch (error) {
        failed = true;
        // Destroying the write stream does not reach the library's in-flight PUT (duplexify
        // forwards destroy without the error, so its abort controller never fires): the request
        // would wait forever for more body. Cancelling the session ends it and guarantees the
        // partial bytes can never be finalized.
        if (sessionUri) await cancelUpload(sessionUri);
        if (bodyError !== undefined) throw bodyError;
        if (statusOf(error) === 412) throw new FileExistsError(`"${key}" already exists`, { cause: error });
        throw error;
      }
    },

    async get(key, range) {
      const stream = bucket.file(key).createReadStream(range ? { start: range.start, end: range.end } : {});
      // The request starts on first read and 404 arrives as a stream error: wait for the response
      // status before handing the stream out, so a missing key is null rather than a failing stream.
      return new Promise<Readable | null>((resolve, reject) => {
        const onResponse = (response: { statusCode?: number }) => {
          if (response.statusCode === undefined || response.statusCode >= 300) return; // the error follows
          stream.off("error", onError);
          resolve(stream);
        };
        const onError = (error: unknown) => {
          stream.off("response", onResponse);
          if (statusOf(error) === 404) resolve(null);
          else reject(error);
        };
        stream.on("response", onResponse);
        stream.once("error", onError);
        stream.read(0);
      });
    },

    async stat(key) {
      try {
        const [metadata] = await bucket.file(key).getMetadata();
        return { key, size: Number(metadata.size ?? 0), updatedAt: new Date(metadata.updated ?? 0) };
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw error;
      }
    },

    async delete(key) {
      await bucket.file(key).delete({ ignoreNotFound: true });
    },

    async list(prefix, listOptions) {
      const [files, nextQuery] = await bucket.getFiles({
        prefix,
        maxResults: pageLimit(listOptions?.limit),
        pageToken: listOptions?.cursor,
        autoPaginate: false,
      });
      const items = files.map((file) => ({
        key: file.name,
        size: Number(file.metadata.size ?? 0),
        updatedAt: new Date(file.metadata.updated ?? 0),
      }));
      const nextCursor = nextQuery && "pageToken" in nextQuery ? (nextQuery.pageToken ?? null) : null;
      return { items, nextCursor };
    },

    async ping() {
      // Listing one object needs only `storage.objects.list`, which the store needs anyway; a
      // bucket GET would need `storage.buckets.get`, which object-level roles do not grant.
      const probe = bucket.getFiles({ maxResults: 1, autoPaginate: false }).then(
        () => true,
        () => false,
      );
      return Promise.race([probe, timeout(pingTimeoutMs, false)]);
    },

    async close() {},
  };
}

/** Best effort: the session URI authorizes itself (no token needed); GCS answers 499. */
async function cancelUpload(uri: string): Promise<void> {
  await fetch(uri, { method: "DELETE", signal: AbortSignal.timeout(cancelTimeoutMs) })
    .then((response) => response.body?.cancel())
    .catch(() => {});
}

function isGoogleHost(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return host === "googleapis.com" || host.endsWith(".googleapis.com");
}

/** HTTP status from the library's errors: ApiError has a numeric `code`, gaxios a `response.status`. */
function statusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  if ("code" in error && typeof error.code === "number") return error.code;
  if ("response" in error && typeof error.response === "object" && error.response !== null) {
    const { response } = error;
    if ("status" in response && typeof response.status === "number") return response.status;
  }
  return undefined;
}

function timeout<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(resolve, ms, value).unref());
}
