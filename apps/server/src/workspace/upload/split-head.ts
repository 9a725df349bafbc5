import { Readable } from "node:stream";

/**
 * Reads the first `size` bytes of `source` (fewer when it ends sooner) so the type can be decided
 * before the bytes are stored, and returns a stream of the whole content: the head, then the rest.
 * At most `size` bytes plus one chunk are buffered. Destroying the returned stream destroys `source`.
 */
export async function splitHead(
  source: Readable,
  size: number,
): Promise<{ head: Buffer; complete: boolean; body: Readable }> {
  const iterator: AsyncIterator<Buffer | string> = source[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  let complete = false;
  try {
    while (length < size) {
      const next = await iterator.next();
      if (next.done) {
        complete = true;
        break;
      }
      const chunk = typeof next.value === "string" ? Buffer.from(next.value) : next.value;
      chunks.push(chunk);
      length += chunk.length;
    }
  } catch (error) {
    source.destroy();
    throw error;
  }
  const buffered = Buffer.concat(chunks, length);

  async function* everything(): AsyncGenerator<Buffer> {
    try {
      if (buffered.length > 0) yield buffered;
      if (complete) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield typeof next.value === "string" ? Buffer.from(next.value) : next.value;
      }
    } finally {
      // Reached on an early stop too (the store gave up): release the source.
      if (!source.destroyed && !source.readableEnded) source.destroy();
    }
  }
  return {
    head: buffered.subarray(0, Math.min(size, length)),
    complete: complete && length <= size,
    body: Readable.from(everything(), { objectMode: false }),
  };
}
