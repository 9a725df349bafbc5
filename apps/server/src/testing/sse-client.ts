import {
  createSseParser,
  type StreamEntry,
  type UIMessageChunk,
  uiMessageChunkSchema,
} from "@copilot/protocol";

/**
 * A minimal SSE consumer for tests over real HTTP: collects `id:`/`data:` frames, records whether
 * `[DONE]` arrived, and lets a test wait for a condition on what has been received.
 */
export type SseCapture = {
  status: number;
  headers: Headers;
  entries: StreamEntry[];
  comments: string[];
  done: boolean;
  /**
   * Resolves when the response ends (with or without `[DONE]`); rejects when the server sent a
   * frame the protocol refuses (the capture stops there), which no test expects.
   */
  ended: Promise<void>;
  waitFor(predicate: (entries: StreamEntry[]) => boolean): Promise<void>;
  close(): void;
};

export async function openSse(url: string, init: RequestInit = {}): Promise<SseCapture> {
  const controller = new AbortController();
  const response = await fetch(url, { ...init, signal: controller.signal });
  const waiters = new Set<() => void>();
  const capture: SseCapture = {
    status: response.status,
    headers: response.headers,
    entries: [],
    comments: [],
    done: false,
    ended: Promise.resolve(),
    waitFor(predicate) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(capture.entries)) {
            waiters.delete(check);
            resolve();
          }
        };
        waiters.add(check);
        check();
        const onEnd = () => {
          if (waiters.has(check)) {
            waiters.delete(check);
            predicate(capture.entries)
              ? resolve()
              : reject(new Error("stream ended before the condition held"));
          }
        };
        void capture.ended.then(onEnd, onEnd);
      });
    },
    close: () => controller.abort(),
  };
  const parser = createSseParser((event) => {
    if (event.kind === "comment") {
      capture.comments.push(event.text);
      return;
    }
    if (event.data === "[DONE]") {
      capture.done = true;
      return;
    }
    const chunk: UIMessageChunk = uiMessageChunkSchema.parse(JSON.parse(event.data));
    if (event.id === null) throw new Error(`frame without id: ${event.data}`);
    capture.entries.push({ id: event.id, chunk });
    for (const waiter of [...waiters]) waiter();
  });
  capture.ended = (async () => {
    if (!response.body || !response.headers.get("content-type")?.startsWith("text/event-stream")) return;
    const decoder = new TextDecoder();
    let refused: unknown = null;
    try {
      for await (const bytes of response.body) {
        try {
          parser.push(decoder.decode(bytes as Uint8Array, { stream: true }));
        } catch (error) {
          refused = error;
          break;
        }
      }
    } catch {
      // aborted by the test, or the server cut the connection: both end the capture
    }
    // Until 2026-12-08 this ended the capture as quietly as a cut connection, and a test then
    // failed far from the cause (docs/BENCHMARKS.md, the reverted task writer batching).
    if (refused !== null) {
      const last = capture.entries.at(-1);
      throw new Error(`the server sent a frame the protocol refuses after ${last ? last.id : "no entry"}`, {
        cause: refused,
      });
    }
  })();
  return capture;
}

export function chunkTypes(entries: StreamEntry[]): string[] {
  return entries.map((entry) => entry.chunk.type);
}

export function textOf(entries: StreamEntry[]): string {
  return entries.map((entry) => (entry.chunk.type === "text-delta" ? entry.chunk.delta : "")).join("");
}
