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

/** `readPageScript`'s flat entries: id, n, chunk JSON, three values per entry. */
export function parseFlatEntries(reply: unknown): LogEntry[] {
  const values = asArray(reply, "page entries");
  if (values.length % 3 !== 0) fail("page entries not in threes");
  const entries: LogEntry[] = new Array(values.length / 3);
  for (let i = 0; i < values.length; i += 3) {
    const n = Number(values[i + 1]);
    const json = asString(values[i + 2], "chunk");
    if (!Number.isInteger(n) || n < 1 || json === "") fail("stream entry without n or c");
    entries[i / 3] = { id: asString(values[i], "entry id"), n, chunk: JSON.parse(json) as UIMessageChunk };
  }
  return entries;
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
