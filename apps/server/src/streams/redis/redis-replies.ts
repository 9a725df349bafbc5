import type { StreamEntry, UIMessageChunk } from "@copilot/protocol";

/**
 * Shapes of the Redis replies the stream store reads. The data is our own (written by our
 * scripts), so a reply of another shape is a broken invariant and throws.
 */

/**
 * A log entry with its 1-based number in the task (the `n` field, used to detect gaps) and its
 * chunk as the JSON the store wrote. The chunk is parsed only when asked for: the SSE writer sends
 * `json` as it is, so a replay or live delivery never parses and re-serialises a delta
 * (docs/BENCHMARKS.md, resume).
 */
export class LogEntry implements StreamEntry {
  private parsed: UIMessageChunk | undefined;

  constructor(
    readonly id: string,
    readonly n: number,
    readonly json: string,
  ) {}

  get chunk(): UIMessageChunk {
    this.parsed ??= JSON.parse(this.json) as UIMessageChunk;
    return this.parsed;
  }

  /**
   * Whether this is the `finish` chunk. JSON.stringify writes it with `"type":"finish"`, and a
   * `"finish"` inside a string would be escaped (`\"finish\"`), so only the rare entry that
   * contains the bare word as a key or value is parsed to be sure.
   */
  get isFinish(): boolean {
    return this.json.includes('"finish"') && this.chunk.type === "finish";
  }
}

function fail(what: string): never {
  throw new Error(`unexpected Redis reply: ${what}`);
}

export function asArray(reply: unknown, what: string): unknown[] {
  return Array.isArray(reply) ? reply : fail(what);
}

export function asString(reply: unknown, what: string): string {
  return typeof reply === "string" ? reply : fail(what);
}

/** An entry from its id, `n` and chunk JSON. */
function logEntry(id: unknown, n: unknown, json: unknown): LogEntry {
  const number = Number(n);
  const chunk = typeof json === "string" ? json : "";
  if (!Number.isInteger(number) || number < 1 || chunk === "") fail("stream entry without n or c");
  return new LogEntry(asString(id, "entry id"), number, chunk);
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
