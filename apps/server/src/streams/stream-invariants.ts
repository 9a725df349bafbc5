import { entryIdSchema, type UIMessageChunk } from "@copilot/protocol";

/**
 * Task, session and operation ids are database uuids; anything else (separators, spaces, huge
 * strings) cannot name a stored task, and must never be spliced into a Redis key name.
 */
export function isValidStreamId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,128}$/.test(id);
}

// Caller mistakes both stores refuse the same way. These are broken invariants (routes validate
// cursors; only `finish()` writes `finish`), so the asserts below throw instead of returning a result.

export function assertStreamIds(ids: readonly (string | null | undefined)[]): void {
  for (const id of ids) {
    if (id != null && !isValidStreamId(id)) throw new RangeError(`invalid stream id: ${id}`);
  }
}

export function assertCursor(afterId: string): void {
  if (!entryIdSchema.safeParse(afterId).success) throw new RangeError(`malformed stream cursor: ${afterId}`);
}

export function assertAppendable(chunk: UIMessageChunk): void {
  if (chunk.type === "finish") throw new Error("a finish chunk is written by finish(), never by append()");
}

export function assertFinishChunks(chunks: readonly UIMessageChunk[]): void {
  const finishes = chunks.filter((chunk) => chunk.type === "finish").length;
  if (chunks.at(-1)?.type !== "finish" || finishes !== 1) {
    throw new Error("finish() takes chunks that end with their only finish chunk");
  }
}

/** Attempts are job attempt numbers (0 = the API before any worker): a fraction or NaN is a bug. */
export function assertAttempt(attempt: number | undefined): void {
  if (attempt === undefined) return;
  if (!Number.isSafeInteger(attempt) || attempt < 0) throw new RangeError(`invalid attempt: ${attempt}`);
}

/** True when a write of `attempt` must be refused because `claimed` (the stored attempt) is later. */
export function isFenced(attempt: number | undefined, claimed: number): boolean {
  return attempt !== undefined && attempt < claimed;
}
