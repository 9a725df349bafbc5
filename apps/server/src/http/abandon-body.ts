import type { FastifyReply, FastifyRequest } from "fastify";

/** How long a client gets to read an early answer before its connection is cut. */
const LINGER_MS = 5_000;

/**
 * For an answer sent before the request body was read to its end (an upload refused mid-stream):
 * the connection cannot be reused, and a paused socket would never notice the client leaving,
 * keeping it open forever. So: `Connection: close`; once the answer is out, discard whatever still
 * arrives; and cut the socket after a short linger, so a client that keeps sending cannot hold it.
 */
export function abandonBody(request: FastifyRequest, reply: FastifyReply): void {
  const raw = request.raw;
  if (raw.complete) return;
  reply.header("connection", "close");
  reply.raw.once("finish", () => {
    raw.unpipe();
    raw.resume();
    // Through the request, not its socket: `IncomingMessage.destroy()` destroys the socket, and
    // `app.inject()`'s mock socket has no destroy of its own.
    const timer = setTimeout(() => raw.destroy(), LINGER_MS);
    timer.unref();
    raw.once("close", () => clearTimeout(timer));
  });
}
