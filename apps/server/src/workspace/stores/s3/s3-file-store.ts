import { pipeline, Readable, Transform } from "node:stream";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { conditionalCreateUnsupported, FileExistsError, type FileStore, pageLimit } from "../file-store";

export type S3FileStoreOptions = {
  bucket: string;
  region: string;
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  /**
   * Send `If-None-Match: *` for `ifNotExists` (PutObject and CompleteMultipartUpload). AWS S3 enforces
   * it since 2024, but S3-compatible servers such as s3rver ignore the header and would silently
   * overwrite, so it is opt-in: only turn it on for an endpoint known to honour it.
   */
  conditionalCreate?: boolean;
};

// Memory per upload stays near (queueSize + 1) × partSize whatever the file size: lib-storage
// buffers one part per in-flight request plus the one being filled. 5 MiB is S3's minimum part.
const partSize = 5 * 1024 * 1024;
const queueSize = 2;
const pingTimeoutMs = 5_000;

/** An S3-compatible bucket through `@aws-sdk/client-s3`; large bodies go up as multipart uploads. */
export function createS3FileStore(options: S3FileStoreOptions): FileStore {
  const { bucket } = options;
  const conditionalCreate = options.conditionalCreate ?? false;
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    credentials:
      options.accessKeyId && options.secretAccessKey
        ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
        : undefined,
    // Since 3.729 the SDK adds CRC32 checksum headers/trailers to every upload by default; several
    // S3-compatible services reject them (Backblaze B2: "Unsupported header
    // 'x-amz-sdk-checksum-algorithm'"). AWS does not require them, so a custom endpoint opts out.
    ...(options.endpoint
      ? { requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" }
      : {}),
  });

  return {
    driver: "s3",
    capabilities: { conditionalCreate },

    async put(key, body, putOptions) {
      if (putOptions?.ifNotExists && !conditionalCreate) throw conditionalCreateUnsupported("s3");
      let bodyError: unknown;
      body.once("error", (error) => {
        bodyError = error;
      });
      let size = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          size += chunk.length;
          callback(null, chunk);
        },
      });
      // pipeline (unlike pipe) forwards a body failure to the upload and a failed upload back to the
      // body; the outcome itself is read from `upload.done()`.
      pipeline(body, counter, () => {});
      const upload = new Upload({
        client,
        queueSize,
        partSize,
        // Abort the multipart upload on failure so no orphaned parts are left (and billed).
        leavePartsOnError: false,
        params: {
          Bucket: bucket,
          Key: key,
          Body: counter,
          ContentType: putOptions?.contentType,
          IfNoneMatch: putOptions?.ifNotExists ? "*" : undefined,
        },
      });
      try {
        await upload.done();
        return { size };
      } catch (error) {
        if (bodyError !== undefined) throw bodyError;
        if (httpStatus(error) === 412) throw new FileExistsError(`"${key}" already exists`, { cause: error });
        throw error;
      } finally {
        counter.destroy(); // a no-op once finished; releases the body when the upload gave up early
      }
    },

    async get(key, range) {
      try {
        const response = await client.send(
          new GetObjectCommand({
            Bucket: bucket,
            Key: key,
            Range: range && `bytes=${range.start}-${range.end}`,
          }),
        );
        const body = response.Body;
        if (!(body instanceof Readable)) throw new Error("S3 GetObject returned no Node stream body");
        return range ? take(body, range.end - range.start + 1) : body;
      } catch (error) {
        if (httpStatus(error) === 404) return null;
        throw error;
      }
    },

    async stat(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { key, size: head.ContentLength ?? 0, updatedAt: head.LastModified ?? new Date(0) };
      } catch (error) {
        if (httpStatus(error) === 404) return null;
        throw error;
      }
    },

    async delete(key) {
      // S3 answers 204 for a missing key too.
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },

    async list(prefix, listOptions) {
      const page = await client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          MaxKeys: pageLimit(listOptions?.limit),
          ContinuationToken: listOptions?.cursor,
        }),
      );
      const items = (page.Contents ?? []).flatMap((object) =>
        object.Key === undefined
          ? []
          : [{ key: object.Key, size: object.Size ?? 0, updatedAt: object.LastModified ?? new Date(0) }],
      );
      return { items, nextCursor: page.IsTruncated ? (page.NextContinuationToken ?? null) : null };
    },

    async ping() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }), {
          abortSignal: AbortSignal.timeout(pingTimeoutMs),
        });
        return true;
      } catch {
        return false;
      }
    },

    async close() {
      client.destroy();
    },
  };
}

/**
 * At most `length` bytes of `source`, then closes it. s3rver ignores a Range end of 0 (`bytes=0-0`
 * reads `end || Infinity`) and sends the whole object, so a range body is trimmed on our side;
 * with a correct server this passes everything through.
 */
function take(source: Readable, length: number): Readable {
  async function* limited() {
    let remaining = length;
    for await (const chunk of source) {
      const bytes = chunk as Buffer;
      if (bytes.length >= remaining) {
        yield bytes.subarray(0, remaining);
        return; // leaving the loop destroys `source`, freeing the connection
      }
      remaining -= bytes.length;
      yield bytes;
    }
  }
  return Readable.from(limited(), { objectMode: false });
}

function httpStatus(error: unknown): number | undefined {
  if (error instanceof S3ServiceException) return error.$metadata.httpStatusCode;
  return undefined;
}
