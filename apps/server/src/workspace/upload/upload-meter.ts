import { createHash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { AppError } from "../../errors";
import type { Reserver } from "./reserver";

export const fileTooLarge = (maxFileBytes: number) =>
  new AppError("file_too_large", `the file is larger than the ${maxFileBytes} byte limit`, {
    max_bytes: maxFileBytes,
  });

/**
 * Sits between the request body and the file store: counts bytes, hashes them, and lets a chunk
 * through only once the per-file limit allows it and the quota covers it. A refusal errors the
 * stream, which makes the store's `put` reject and leave nothing behind. Each chunk waits for its
 * reservation, so the source is never read far ahead of what has been accepted.
 */
export class UploadMeter extends Transform {
  #bytes = 0;
  readonly #hash = createHash("sha256");

  constructor(
    private readonly maxFileBytes: number,
    private readonly reserver: Reserver,
  ) {
    super();
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Hex sha256 of every byte that passed; call once the stream has ended. */
  digest(): string {
    return this.#hash.digest("hex");
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback): void {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    const total = this.#bytes + bytes.length;
    if (total > this.maxFileBytes) {
      callback(fileTooLarge(this.maxFileBytes));
      return;
    }
    this.reserver.cover(total).then(() => {
      this.#bytes = total;
      this.#hash.update(bytes);
      callback(null, bytes);
    }, callback);
  }
}
