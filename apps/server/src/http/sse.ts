import { once } from "node:events";
import type { ServerResponse } from "node:http";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ReadEntry, StreamReader } from "../streams/stream-store";

/** docs/api.md §5. `no-transform` and the absent content-encoding keep proxies from buffering or compressing. */
const SSE_HEADERS = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
  "x-vercel-ai-ui-message-stream": "v1",
  connection: "keep-alive",
} as const;

export type SseOptions = {
  /** Interval of `: ping` comments (never stored, never carry an id). */
  heartbeatMs: number;
  /** Registers a listener for server shutdown; returns its removal. */
  onShutdown?: (listener: () => void) => () => void;
};

/**
 * How the response ended. Only `finished` wrote `[DONE]`; every other end is a disconnect to the
 * client, which re-attaches with `lastId` (the id of the last frame written).
 */
export type SseEnd = {
  reason: "finished" | "client_closed" | "shutdown" | "overflow" | "expired" | "reader_closed" | "error";
  lastId: string | null;
};

// Headers a hook may have set that must never reach an event stream (sizes, compression).
const dropped = ["content-length", "content-encoding", "transfer-encoding"];

/** Frames joined into one socket write at most (roughly: a frame may overshoot it). */
const BATCH_CHARS = 64 * 1024;

/** One SSE frame of an entry (exported for `bench:replay`, which frames a replay the same way). */
export function frame(entry: ReadEntry): string {
  // JSON.stringify escapes newlines, so a chunk is always exactly one `data:` line; `json` is what
  // it wrote when the chunk was stored.
  return `id: ${entry.id}\ndata: ${entry.json ?? JSON.stringify(entry.chunk)}\n\n`;
}

/**
 * The one writer of SSE frames. Pulls the next entry only after the previous frame was accepted by
 * the socket (awaiting 'drain' when it was not), so a slow client costs at most a socket buffer
 * plus the reader's bounded page, never the whole backlog. A client that goes away only closes
 * the reader: the task keeps running (closing a tab is not a cancel).
 */
export async function sendSse(
  request: FastifyRequest,
  reply: FastifyReply,
  reader: StreamReader,
  options: SseOptions,
): Promise<SseEnd> {
  reply.hijack();
  const response: ServerResponse = reply.raw;
  const inherited = Object.fromEntries(
    Object.entries(reply.getHeaders()).filter(([name]) => !dropped.includes(name.toLowerCase())),
  );
  try {
    // Not every socket is TCP (an injected request's has no Nagle to turn off).
    request.raw.socket?.setNoDelay?.(true);
    // The client's stall detector (no byte for 2 × heartbeat → re-attach) needs our interval.
    response.writeHead(200, {
      ...inherited,
      ...SSE_HEADERS,
      "x-copilot-heartbeat-ms": String(options.heartbeatMs),
    });
    response.write(": connected\n\n");
  } catch (error) {
    // The reply is hijacked, so Fastify no longer answers for us: a throw here must not leave the
    // client waiting on a response that never comes.
    reader.close();
    if (!response.headersSent) response.writeHead(500).end();
    else response.destroy();
    request.log.error({ err: error }, "could not start the event stream");
    return { reason: "error", lastId: null };
  }

  let stopped: "client_closed" | "shutdown" | null = null;
  const abort = new AbortController();
  function stop(reason: "client_closed" | "shutdown") {
    stopped ??= reason;
    abort.abort();
    reader.close();
  }
  const onClose = () => {
    if (!response.writableFinished) stop("client_closed");
  };
  response.on("close", onClose);
  const removeShutdown = options.onShutdown?.(() => stop("shutdown"));
  const heartbeat = setInterval(() => {
    // A blocked socket needs no ping (it is not idle), and must not buffer more.
    if (!response.writableNeedDrain && stopped === null) response.write(": ping\n\n");
  }, options.heartbeatMs);

  let lastId: string | null = null;
  let failed = false;
  const iterator = reader[Symbol.asyncIterator]();
  try {
    let done = false;
    while (!done && stopped === null) {
      const next = await iterator.next();
      if (next.done || stopped !== null) break;
      let batch = frame(next.value);
      let batchLastId = next.value.id;
      // Entries the reader already holds (a replay page, a live burst) go out in one write: a
      // 10k-frame replay is a few dozen writes instead of 10k syscalls (docs/BENCHMARKS.md).
      while (reader.available > 0 && batch.length < BATCH_CHARS) {
        const more = await iterator.next();
        if (more.done) {
          done = true;
          break;
        }
        batch += frame(more.value);
        batchLastId = more.value.id;
      }
      if (stopped !== null) break;
      lastId = batchLastId;
      if (!response.write(batch)) {
        await once(response, "drain", { signal: abort.signal }).catch(() => {});
      }
    }
  } catch (error) {
    failed = true;
    request.log.warn({ err: error, lastId }, "stream reader failed; the client will re-attach");
  } finally {
    clearInterval(heartbeat);
    removeShutdown?.();
    response.off("close", onClose);
    reader.close();
  }

  const finished = !failed && stopped === null && reader.endReason === "finished";
  if (finished) response.end("data: [DONE]\n\n");
  else if (!response.destroyed) response.end();
  return { reason: finished ? "finished" : endReason(failed, stopped, reader), lastId };
}

function endReason(
  failed: boolean,
  stopped: "client_closed" | "shutdown" | null,
  reader: StreamReader,
): SseEnd["reason"] {
  if (failed) return "error";
  if (stopped) return stopped;
  if (reader.endReason === "overflow" || reader.endReason === "expired") return reader.endReason;
  return "reader_closed";
}
