/**
 * A response body as UTF-8 text, reading at most `limit` bytes so a hostile or broken server
 * cannot exhaust memory. Past the limit the body is cancelled, then either a `RangeError` is thrown
 * or, with `truncate`, the first `limit` bytes are returned (enough for an error message).
 */
export async function readBounded(
  response: Response,
  limit: number,
  { truncate = false } = {},
): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (!truncate && declared > limit) {
    await response.body?.cancel();
    throw new RangeError(`response declares ${declared} bytes, over the ${limit} byte limit`);
  }
  if (!response.body) return "";

  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (size + value.byteLength > limit) {
        await reader.cancel();
        if (!truncate) throw new RangeError(`response exceeds the ${limit} byte limit`);
        chunks.push(value.subarray(0, limit - size));
        size = limit;
        break;
      }
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks, size).toString("utf8");
}
