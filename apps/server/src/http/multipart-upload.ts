import { finished, PassThrough, type Readable } from "node:stream";
import type { Multipart, MultipartFile } from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { AppError } from "../errors";

/** The one file part of an upload and the form fields sent before it (docs/api.md §7). */
export type UploadPart = {
  stream: Readable;
  /** The client's file name (a fallback path only; never trusted for the type). */
  filename: string;
  fields: { path?: string; overwrite?: boolean };
  /** The request's length: an upper bound of the file's size, when the client sent one. */
  maxBytes?: number;
};

function fieldValue(field: Multipart | Multipart[] | undefined): string | undefined {
  if (!field || Array.isArray(field) || field.type !== "field") return undefined;
  return typeof field.value === "string" ? field.value : String(field.value);
}

const FLAG = /^(true|1|false|0)$/;

/**
 * Reads up to the first file part of a multipart request. Fields after the file are never seen
 * (the bytes are streamed as they come), so `path` must come first, as docs/api.md §7 says.
 */
export async function readUploadPart(request: FastifyRequest): Promise<UploadPart> {
  if (!request.isMultipart()) {
    throw new AppError(
      "unsupported_media_type",
      "upload the file as multipart/form-data, in a part named file",
    );
  }
  const part: MultipartFile | undefined = await request.file().catch((error: unknown) => {
    throw asClientError(error);
  });
  if (!part) throw new AppError("bad_request", "the form has no file part");
  if (part.fieldname !== "file") {
    part.file.destroy();
    throw new AppError("bad_request", `the file part must be named "file", not "${part.fieldname}"`);
  }
  const overwrite = fieldValue(part.fields.overwrite);
  if (overwrite !== undefined && !FLAG.test(overwrite)) {
    part.file.destroy();
    throw new AppError("bad_request", "overwrite must be true or false");
  }
  const length = Number(request.headers["content-length"]);
  return {
    stream: withClientErrors(part.file),
    filename: part.filename,
    fields: {
      path: fieldValue(part.fields.path),
      overwrite: overwrite === undefined ? undefined : overwrite === "true" || overwrite === "1",
    },
    maxBytes: Number.isSafeInteger(length) && length > 0 ? length : undefined,
  };
}

/**
 * busboy's parse errors ("Unexpected end of multipart data", a boundary that never appears) are
 * plain Errors, which would be a 500; they are the client's malformed body. Fastify's own (limits)
 * carry a status and stay as they are.
 */
function asClientError(error: unknown): unknown {
  if (error instanceof AppError || !(error instanceof Error) || "statusCode" in error) return error;
  return new AppError("bad_request", `malformed multipart body: ${error.message}`, {}, { cause: error });
}

function withClientErrors(file: Readable): Readable {
  const body = new PassThrough();
  // The consumer may not have attached yet (or may have given up): it still sees `body.errored`
  // through pipeline()/finished(); without this listener the error would crash the process.
  body.on("error", () => {});
  // finished() also reports a part destroyed with its error before anyone listened.
  finished(file, { writable: false }, (error) => {
    if (error) body.destroy(asClientError(error) as Error);
  });
  // A consumer that gives up (limit, quota, conflict) stops the part too.
  body.once("close", () => {
    if (!file.readableEnded) file.destroy();
  });
  return file.pipe(body);
}
