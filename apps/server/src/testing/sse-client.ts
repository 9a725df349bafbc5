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
  /** Resolves when the response ends (with or without `[DONE]`). */
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
        void capture.ended.then(() => {
          if (waiters.has(check)) {
            waiters.delete(check);
            predicate(capture.entries)
              ? resolve()
              : reject(new Error("stream ended before the condition held"));
          }
        });
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
    try {
      for await (const bytes of response.body)
        parser.push(decoder.decode(bytes as Uint8Array, { stream: true }));
    } catch {
      // aborted by the test, or the server cut the connection: both end the capture
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
