import http from "node:http";
import type { AddressInfo } from "node:net";
import { createSseParser, type SseEvent, type UIMessageChunk } from "@copilot/protocol";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createMemoryStreamStore } from "../streams/memory/memory-stream-store";
import type { ReadEntry, ReaderEndReason, StreamReader, StreamStore } from "../streams/stream-store";
import { waitOptions } from "../testing/until";
import { type SseEnd, sendSse } from "./sse";

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

const apps: FastifyInstance[] = [];
const stores: StreamStore[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

async function serve(handler: Handler): Promise<string> {
  const app = Fastify({ forceCloseConnections: true });
  app.addHook("onRequest", async (_request, reply) => {
    reply.header("x-request-id", "req-1");
  });
  app.get("/stream", handler);
  await app.listen({ port: 0, host: "127.0.0.1" });
  apps.push(app);
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/stream`;
}

type Client = {
  response: http.IncomingMessage;
  request: http.ClientRequest;
  events: SseEvent[];
  raw(): string;
  /** Starts reading (a client that has not called it reads nothing: a stalled socket). */
  read(): void;
  ended: Promise<void>;
};

function connect(url: string, options: { paused?: boolean } = {}): Promise<Client> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { "accept-encoding": "gzip, br" } }, (response) => {
      const events: SseEvent[] = [];
      let raw = "";
      const parser = createSseParser((event) => events.push(event));
      const ended = new Promise<void>((done) => response.once("close", done));
      const read = () => {
        response.setEncoding("utf8");
        response.on("data", (text: string) => {
          raw += text;
          parser.push(text);
        });
      };
      if (!options.paused) read();
      resolve({ response, request, events, raw: () => raw, read, ended });
    });
    request.on("error", reject);
  });
}

function parseAll(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  createSseParser((event) => events.push(event)).push(text);
  return events;
}

const dataOf = (events: SseEvent[]) => events.flatMap((e) => (e.kind === "data" ? [e] : []));
const comments = (events: SseEvent[]) => events.flatMap((e) => (e.kind === "comment" ? [e.text] : []));

async function storeWithTask() {
  const store = createMemoryStreamStore({ ttlSeconds: 60, maxEntries: 0 });
  stores.push(store);
  await store.createTask({ taskId: "task", sessionId: "session", userId: "u", kind: "chat_turn" });
  const started = await store.append("task", { type: "start", messageId: "m1" });
  if (started.kind !== "appended") throw new Error("append refused");
  return { store, startId: started.id };
}

/** Serves the task's stream; `ends` collects what sendSse reported, `readers` what it was given. */
async function serveTask(
  store: StreamStore,
  options: { heartbeatMs?: number; onShutdown?: () => void } = {},
) {
  const ends: SseEnd[] = [];
  const readers: StreamReader[] = [];
  const shutdownListeners = new Set<() => void>();
  const url = await serve(async (request, reply) => {
    const read = await store.read("task", "0-0");
    if (read.kind !== "stream") throw new Error("expected a stream");
    readers.push(read.reader);
    ends.push(
      await sendSse(request, reply, read.reader, {
        heartbeatMs: options.heartbeatMs ?? 60_000,
        onShutdown: (listener) => {
          shutdownListeners.add(listener);
          return () => shutdownListeners.delete(listener);
        },
      }),
    );
  });
  const shutdown = () => {
    for (const listener of shutdownListeners) listener();
  };
  return { url, ends, readers, shutdown, shutdownListeners };
}

/** A scripted reader, for ends a real store produces only under load (overflow, errors, huge backlogs). */
function scriptedReader(
  entries: number,
  options: {
    chunk?: (i: number) => UIMessageChunk;
    /** The stored JSON an entry carries (Redis), if any. */
    json?: (i: number) => string;
    end: ReaderEndReason | "throw";
    onPull?: () => void;
  },
): StreamReader & { pulls: number } {
  let endReason: ReaderEndReason | null = null;
  let pulls = 0;
  return {
    get endReason() {
      return endReason;
    },
    get pulls() {
      return pulls;
    },
    buffered: 0,
    available: 0,
    close() {
      endReason ??= "closed";
    },
    [Symbol.asyncIterator]() {
      return {
        async next(): Promise<IteratorResult<ReadEntry>> {
          options.onPull?.();
          if (endReason !== null) return { done: true, value: undefined };
          if (pulls === entries) {
            if (options.end === "throw") throw new Error("redis down");
            endReason = options.end;
            return options.end === "finished"
              ? { done: false, value: { id: `9-${pulls}`, chunk: { type: "finish" } } }
              : { done: true, value: undefined };
          }
          pulls += 1;
          const chunk = options.chunk?.(pulls) ?? { type: "text-delta", id: "t", delta: String(pulls) };
          const json = options.json?.(pulls);
          return { done: false, value: { id: `1-${pulls}`, chunk, ...(json ? { json } : {}) } };
        },
      };
    },
  };
}

describe("sendSse", () => {
  it("flushes headers and `: connected` at once, writes id'd frames, then [DONE] after finish", async () => {
    const { store, startId } = await storeWithTask();
    const { url, ends } = await serveTask(store);
    const client = await connect(url);
    expect(client.response.statusCode).toBe(200);
    expect(client.response.headers).toMatchObject({
      "content-type": "text/event-stream",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
      "x-vercel-ai-ui-message-stream": "v1",
      connection: "keep-alive",
      "x-request-id": "req-1",
    });
    expect(client.response.headers["content-encoding"]).toBeUndefined();
    expect(client.response.headers["content-length"]).toBeUndefined();
    await vi.waitFor(() => expect(dataOf(client.events)).toHaveLength(1), waitOptions);
    expect(client.events[0]).toEqual({ kind: "comment", text: "connected" });

    const delta = await store.append("task", { type: "text-delta", id: "t", delta: "line\nbreak" });
    const finished = await store.finish("task", "completed", [{ type: "finish" }]);
    await client.ended;
    if (delta.kind !== "appended" || finished.kind !== "finished") throw new Error("store refused");

    expect(dataOf(client.events)).toEqual([
      { kind: "data", id: startId, data: JSON.stringify({ type: "start", messageId: "m1" }) },
      {
        kind: "data",
        id: delta.id,
        data: JSON.stringify({ type: "text-delta", id: "t", delta: "line\nbreak" }),
      },
      { kind: "data", id: finished.lastId, data: JSON.stringify({ type: "finish" }) },
      { kind: "data", id: null, data: "[DONE]" },
    ]);
    expect(client.raw()).toContain(`id: ${startId}\ndata: {"type":"start","messageId":"m1"}\n\n`);
    expect(client.raw().endsWith("data: [DONE]\n\n")).toBe(true);
    expect(ends).toEqual([{ reason: "finished", lastId: finished.lastId }]);
  });

  it("writes a replayed backlog in a few large writes, every frame once and in order", async () => {
    const { store } = await storeWithTask();
    for (let i = 0; i < 2000; i++)
      await store.append("task", { type: "text-delta", id: "t", delta: `${i} ` });
    const finished = await store.finish("task", "completed", [{ type: "finish" }]);
    if (finished.kind !== "finished") throw new Error("store refused");
    let writes = 0;
    const url = await serve(async (request, reply) => {
      const read = await store.read("task", "0-0");
      if (read.kind !== "stream") throw new Error("expected a stream");
      const write = reply.raw.write.bind(reply.raw) as (chunk: string) => boolean;
      reply.raw.write = ((chunk: string) => {
        writes += 1;
        return write(chunk);
      }) as typeof reply.raw.write;
      await sendSse(request, reply, read.reader, { heartbeatMs: 60_000 });
    });
    const client = await connect(url);
    await client.ended;
    const frames = dataOf(client.events);
    expect(frames).toHaveLength(2000 + 3);
    expect(frames.slice(1, -2).map((frame) => JSON.parse(frame.data).delta)).toEqual(
      Array.from({ length: 2000 }, (_, i) => `${i} `),
    );
    expect(frames.at(-2)?.id).toBe(finished.lastId);
    // One per replay page at most (plus `: connected` and [DONE]), never one per frame.
    expect(writes).toBeLessThan(40);
  });

  it("sends `: ping` comments every heartbeatMs without storing them", async () => {
    const { store, startId } = await storeWithTask();
    const { url } = await serveTask(store, { heartbeatMs: 20 });
    const client = await connect(url);
    await vi.waitFor(
      () => expect(comments(client.events).filter((c) => c === "ping").length).toBeGreaterThan(2),
      waitOptions,
    );
    expect(dataOf(client.events)).toHaveLength(1);
    expect((await store.getTask("task"))?.lastId).toBe(startId);
    client.request.destroy();
  });

  it("closes the reader when the client goes away, and the task keeps running", async () => {
    const { store } = await storeWithTask();
    const { url, ends, readers } = await serveTask(store);
    const cancelled = vi.fn();
    store.onCancel("task", cancelled);
    const client = await connect(url);
    await vi.waitFor(() => expect(dataOf(client.events)).toHaveLength(1), waitOptions);
    client.request.destroy();
    await vi.waitFor(() => expect(ends).toHaveLength(1), waitOptions);
    expect(ends[0]!.reason).toBe("client_closed");
    expect(readers[0]!.endReason).toBe("closed");
    expect((await store.getTask("task"))?.status).toBe("running");
    expect((await store.append("task", { type: "start-step" })).kind).toBe("appended");
    expect(cancelled).not.toHaveBeenCalled();
  });

  it("ends without [DONE] on shutdown, so the client re-attaches", async () => {
    const { store, startId } = await storeWithTask();
    const { url, ends, readers, shutdown, shutdownListeners } = await serveTask(store);
    const client = await connect(url);
    await vi.waitFor(() => expect(dataOf(client.events)).toHaveLength(1), waitOptions);
    shutdown();
    await client.ended;
    await vi.waitFor(() => expect(ends).toHaveLength(1), waitOptions);
    expect(ends[0]).toEqual({ reason: "shutdown", lastId: startId });
    expect(client.raw()).not.toContain("[DONE]");
    expect(readers[0]!.endReason).toBe("closed");
    expect(shutdownListeners.size).toBe(0);
  });

  it.each([
    ["overflow", "overflow"],
    ["expired", "expired"],
    ["throw", "error"],
  ] as const)("ends without [DONE] when the reader ends with %s", async (end, reason) => {
    const ends: SseEnd[] = [];
    const url = await serve(async (request, reply) => {
      ends.push(await sendSse(request, reply, scriptedReader(3, { end }), { heartbeatMs: 60_000 }));
    });
    const client = await connect(url);
    await client.ended;
    expect(dataOf(client.events).map((e) => e.id)).toEqual(["1-1", "1-2", "1-3"]);
    expect(client.raw()).not.toContain("[DONE]");
    expect(ends).toEqual([{ reason, lastId: "1-3" }]);
  });

  it("sends the JSON a chunk was stored as, without serialising the chunk again", async () => {
    const url = await serve(async (request, reply) => {
      const reader = scriptedReader(2, {
        end: "finished",
        // Keys in another order than JSON.stringify(chunk) gives: only the stored text can produce it.
        json: (i) => `{"delta":"${i}","id":"t","type":"text-delta"}`,
      });
      await sendSse(request, reply, reader, { heartbeatMs: 60_000 });
    });
    const client = await connect(url);
    await client.ended;
    expect(dataOf(client.events).map((e) => e.data)).toEqual([
      '{"delta":"1","id":"t","type":"text-delta"}',
      '{"delta":"2","id":"t","type":"text-delta"}',
      JSON.stringify({ type: "finish" }),
      "[DONE]",
    ]);
  });

  it("honours backpressure: pulls the next entry only once the socket accepted the last frame", async () => {
    const total = 2000;
    const payload = "x".repeat(16 * 1024);
    let response: http.ServerResponse | null = null;
    let pulledWhileBlocked = 0;
    const reader = scriptedReader(total, {
      end: "finished",
      chunk: (i) => ({ type: "text-delta", id: "t", delta: `${i}:${payload}` }),
      onPull: () => {
        if (response?.writableNeedDrain) pulledWhileBlocked += 1;
      },
    });
    const ends: SseEnd[] = [];
    const url = await serve(async (request, reply) => {
      response = reply.raw;
      ends.push(await sendSse(request, reply, reader, { heartbeatMs: 5 }));
    });
    const client = await connect(url, { paused: true });
    // The client reads nothing: the writer must stall on 'drain' with most of the backlog unread.
    await vi.waitFor(() => expect(response?.writableNeedDrain).toBe(true), waitOptions);
    const pulledAtStall = reader.pulls;
    expect(pulledAtStall).toBeLessThan(total / 2);
    console.info(
      `[measure] stalled client: ${pulledAtStall} of ${total} 16 KiB frames pulled (${((pulledAtStall * 16) / 1024).toFixed(1)} MiB in socket buffers)`,
    );

    client.read();
    await client.ended;
    const frames = dataOf(client.events);
    expect(frames).toHaveLength(total + 2);
    expect(frames.slice(0, total).map((e) => e.id)).toEqual(
      Array.from({ length: total }, (_, i) => `1-${i + 1}`),
    );
    expect(frames.at(-1)).toEqual({ kind: "data", id: null, data: "[DONE]" });
    expect(pulledWhileBlocked).toBe(0);
    expect(ends[0]?.reason).toBe("finished");
  });

  it("answers an injected request (a socket that is not TCP) like a real one", async () => {
    const app = Fastify();
    apps.push(app);
    app.get("/stream", async (request, reply) => {
      await sendSse(request, reply, scriptedReader(2, { end: "finished" }), { heartbeatMs: 60_000 });
    });
    const response = await app.inject({ method: "GET", url: "/stream" });
    expect(response.statusCode).toBe(200);
    const frames = dataOf(parseAll(response.body));
    expect(frames.map((frame) => frame.id)).toEqual(["1-1", "1-2", "9-2", null]);
    expect(frames.at(-1)?.data).toBe("[DONE]");
  });

  it("answers 500 and closes the reader when the stream cannot start, instead of leaving the client waiting", async () => {
    const reader = scriptedReader(2, { end: "finished" });
    const ends: SseEnd[] = [];
    const url = await serve(async (request, reply) => {
      // A header no HTTP response may carry: writing the SSE head throws after the hijack.
      reply.header("x-broken", "a\nb");
      ends.push(await sendSse(request, reply, reader, { heartbeatMs: 60_000 }));
    });
    const client = await connect(url);
    await client.ended;
    expect(client.response.statusCode).toBe(500);
    expect(ends).toEqual([{ reason: "error", lastId: null }]);
    expect(reader.endReason).toBe("closed");
  });
});
