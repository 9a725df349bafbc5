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

/** An entry from its id, `n` and chunk JSON, whichever shape the reply carried them in. */
function logEntry(id: unknown, n: unknown, json: unknown): LogEntry {
  const number = Number(n);
  const chunk = typeof json === "string" ? json : "";
  if (!Number.isInteger(number) || number < 1 || chunk === "") fail("stream entry without n or c");
  return { id: asString(id, "entry id"), n: number, chunk: JSON.parse(chunk) as UIMessageChunk };
}

/** One `[id, [field, value, ...]]` stream entry. */
function parseEntry(reply: unknown): LogEntry {
  const [id, fields] = asArray(reply, "stream entry");
  const values = asArray(fields, "stream entry fields");
  let n: unknown;
  let json: unknown;
  for (let i = 0; i + 1 < values.length; i += 2) {
    if (values[i] === "n") n = values[i + 1];
    else if (values[i] === "c") json = values[i + 1];
  }
  return logEntry(id, n, json);
}

export function parseEntries(reply: unknown): LogEntry[] {
  return asArray(reply, "stream entries").map(parseEntry);
}

/** `readPageScript`'s flat entries: id, n, chunk JSON, three values per entry. */
export function parseFlatEntries(reply: unknown): LogEntry[] {
  const values = asArray(reply, "page entries");
  if (values.length % 3 !== 0) fail("page entries not in threes");
  const entries: LogEntry[] = new Array(values.length / 3);
  for (let i = 0; i < values.length; i += 3)
    entries[i / 3] = logEntry(values[i], values[i + 1], values[i + 2]);
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
