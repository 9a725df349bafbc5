import type { LocatedFile } from "./workspace-files";

/** Reads `length` bytes at `offset` into memory; callers bound `length` (a tool's page). */
export async function readRange(located: LocatedFile, offset: number, length: number): Promise<Buffer> {
  if (length <= 0) return Buffer.alloc(0);
  const stream = await located.read({ start: offset, end: offset + length - 1 });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = Buffer.from(chunk as Uint8Array);
    chunks.push(bytes);
    size += bytes.length;
    // Stores clamp to the range; this guards against one that does not.
    if (size >= length) break;
  }
  stream.destroy();
  return Buffer.concat(chunks, Math.min(size, length));
}

const isContinuation = (byte: number) => (byte & 0xc0) === 0x80;

/**
 * The part of `bytes` that holds only whole UTF-8 characters: continuation bytes at the start
 * (the range began inside a character) and an incomplete sequence at the end are left out.
 * Returns where that part starts and ends inside `bytes`.
 */
export function wholeCharacters(bytes: Uint8Array, atEnd: boolean): { start: number; end: number } {
  let start = 0;
  while (start < Math.min(3, bytes.length) && isContinuation(bytes[start] ?? 0)) start += 1;
  let end = bytes.length;
  if (!atEnd) {
    // Walk back over at most three continuation bytes to the sequence's lead byte.
    let lead = end - 1;
    while (lead > start && end - lead < 4 && isContinuation(bytes[lead] ?? 0)) lead -= 1;
    const byte = bytes[lead] ?? 0;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    if (lead >= start && end - lead < needed) end = lead;
  }
  return { start, end };
}
