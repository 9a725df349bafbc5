import { randomUUID } from "node:crypto";
import { once } from "node:events";
import http from "node:http";
import { Redis } from "ioredis";
import { createResumableStreamContext } from "resumable-stream/ioredis";
import { referenceFrames, sseHeaders } from "./reference";

/**
 * Vercel's `resumable-stream` on the shared Redis: `POST /stream?delay_ms=N` creates a resumable
 * stream of the reference answer and sends it; `GET /stream/<id>?skip=<chars>` resumes it through
 * the library (pub/sub to the producer). Env: REDIS_URL, KEY_PREFIX. Prints `READY <port>`.
 */
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const context = createResumableStreamContext({
  waitUntil: null,
  keyPrefix: process.env.KEY_PREFIX ?? `copilot-bench:resumable:${process.pid}`,
  publisher: new Redis(redisUrl, { connectionName: "copilot-bench:resumable:pub" }),
  subscriber: new Redis(redisUrl, { connectionName: "copilot-bench:resumable:sub" }),
});

async function send(response: http.ServerResponse, stream: ReadableStream<string> | null | undefined) {
  if (!stream) {
    response.writeHead(stream === null ? 410 : 404).end();
    return;
  }
  response.writeHead(200, sseHeaders);
  response.write(": connected\n\n");
  let closed = false;
  response.once("close", () => {
    closed = true;
  });
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || closed) break;
      if (!response.write(value)) await once(response, "drain");
    }
  } finally {
    reader.releaseLock();
  }
  response.end();
}

const server = http.createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://resumable");
  request.resume();
  const work =
    request.method === "POST" && url.pathname === "/stream"
      ? (() => {
          const id = randomUUID();
          response.setHeader("x-stream-id", id);
          const delayMs = Number(url.searchParams.get("delay_ms") ?? 0);
          return context
            .createNewResumableStream(id, () => referenceFrames(delayMs))
            .then((s) => send(response, s));
        })()
      : request.method === "GET" && url.pathname.startsWith("/stream/")
        ? context
            .resumeExistingStream(
              url.pathname.slice("/stream/".length),
              Number(url.searchParams.get("skip") ?? 0),
            )
            .then((s) => send(response, s))
        : Promise.resolve(void response.writeHead(404).end());
  work.catch((error) => {
    console.error(error);
    if (!response.headersSent) response.writeHead(500);
    response.end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`READY ${typeof address === "object" && address ? address.port : 0}`);
});
process.once("SIGTERM", () => process.exit(0));
