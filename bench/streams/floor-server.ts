import { once } from "node:events";
import http from "node:http";
import { referenceFrames, sseHeaders } from "./reference";

/**
 * The floor: Node `http` writing each frame straight from memory, no persistence and no Redis.
 * `POST /stream?delay_ms=N` streams the reference answer. Prints `READY <port>` once listening.
 */
const server = http.createServer(async (request, response) => {
  const url = new URL(request.url ?? "/", "http://floor");
  if (request.method !== "POST" || url.pathname !== "/stream") {
    response.writeHead(404).end();
    return;
  }
  request.resume();
  response.writeHead(200, sseHeaders);
  response.write(": connected\n\n");
  let closed = false;
  response.once("close", () => {
    closed = true;
  });
  for await (const frame of referenceFrames(Number(url.searchParams.get("delay_ms") ?? 0))) {
    if (closed) return;
    if (!response.write(frame)) await once(response, "drain");
  }
  response.end();
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`READY ${typeof address === "object" && address ? address.port : 0}`);
});
process.once("SIGTERM", () => process.exit(0));
