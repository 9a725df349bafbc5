import { createSseParser, entryIdSchema, type StreamEntry, uiMessageChunkSchema } from "@copilot/protocol";

type SseReadEnd =
  /** `finish` (or `[DONE]`) was read: the task's stream is complete. */
  | "finished"
  /** The body ended without `finish`: a disconnect; re-attach from the last id. */
  | "closed";

type SseReadHandlers = {
  onEntry(entry: StreamEntry): void;
  /** Any byte (frame, comment or heartbeat) arrived: the connection is alive. */
  onActivity(): void;
};

/**
 * Reads one SSE response body of a task stream (docs/api.md §5), validating every chunk against the
 * protocol (docs/style.md rule 14). A frame that is not a valid chunk is skipped with a warning, never applied:
 * a newer server's unknown chunk must not corrupt the message. Rejects when the body errors (a
 * network drop or an abort), which the caller treats as a disconnect.
 */
export async function readSseEntries(
  body: ReadableStream<Uint8Array>,
  handlers: SseReadHandlers,
): Promise<SseReadEnd> {
  let finished = false;
  const parser = createSseParser((event) => {
    if (event.kind !== "data" || finished) return;
    if (event.data === "[DONE]") {
      finished = true;
      return;
    }
    const entry = parseEntry(event.id, event.data);
    if (!entry) return;
    handlers.onEntry(entry);
    if (entry.chunk.type === "finish") finished = true;
  });

  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    while (!finished) {
      const { value, done } = await reader.read();
      if (done) break;
      handlers.onActivity();
      // `stream: true` keeps a multi-byte character split across reads intact.
      parser.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    // After `finish` the server only writes `[DONE]` and closes; nothing is lost by not waiting.
    reader.cancel().catch(() => {});
  }
  return finished ? "finished" : "closed";
}

function parseEntry(id: string | null, data: string): StreamEntry | null {
  if (id === null || !entryIdSchema.safeParse(id).success) {
    console.warn("[chat] skipped an SSE frame without a valid id");
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    console.warn(`[chat] skipped SSE frame ${id}: not JSON`);
    return null;
  }
  const parsed = uiMessageChunkSchema.safeParse(json);
  if (!parsed.success) {
    console.warn(`[chat] skipped SSE frame ${id}: not a chunk this client understands`);
    return null;
  }
  return { id, chunk: parsed.data };
}
