import type { StreamEntry, UIMessageChunk } from "@copilot/protocol";

/**
 * Shapes of the Redis replies the stream store reads. The data is our own (written by our
 * scripts), so a reply of another shape is a broken invariant and throws.
 */

/** A log entry with its 1-based number in the task (the `n` field), used to detect gaps. */
export type LogEntry = StreamEntry & { n: number };

function fail(what: string): never {
  throw new Error(`unexpected Redis reply: ${what}`);
}

export function asArray(reply: unknown, what: string): unknown[] {
  return Array.isArray(reply) ? reply : fail(what);
}

export function asString(reply: unknown, what: string): string {
  return typeof reply === "string" ? reply : fail(what);
}

/** One `[id, [field, value, ...]]` stream entry. */
function parseEntry(reply: unknown): LogEntry {
  const [id, fields] = asArray(reply, "stream entry");
  const values = asArray(fields, "stream entry fields");
  let n: number | null = null;
  let json: string | null = null;
  for (let i = 0; i + 1 < values.length; i += 2) {
    if (values[i] === "n") n = Number(values[i + 1]);
    else if (values[i] === "c") json = asString(values[i + 1], "chunk");
  }
  if (n === null || !Number.isInteger(n) || json === null) fail("stream entry without n or c");
  return { id: asString(id, "entry id"), n, chunk: JSON.parse(json) as UIMessageChunk };
}

export function parseEntries(reply: unknown): LogEntry[] {
  return asArray(reply, "stream entries").map(parseEntry);
}

/** `XREAD` reply: null on timeout/unblock, else `[[key, entries], ...]`. */
export function parseXread(reply: unknown): Array<{ key: string; entries: LogEntry[] }> {
  if (reply === null) return [];
  return asArray(reply, "XREAD").map((item) => {
    const [key, entries] = asArray(item, "XREAD stream");
    return { key: asString(key, "XREAD key"), entries: parseEntries(entries) };
  });
}

export function publicEntry(entry: LogEntry): StreamEntry {
  return { id: entry.id, chunk: entry.chunk };
}
