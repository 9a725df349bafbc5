import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { openSse } from "./sse-client";

let server: http.Server | null = null;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = null;
});

/** A server that answers every request with these SSE bytes, then ends the response. */
async function serve(body: string): Promise<string> {
  server = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/event-stream" });
    response.end(body);
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

const start = `id: 1-0\ndata: ${JSON.stringify({ type: "start", messageId: "m" })}\n\n`;

describe("the tests' SSE client", () => {
  it("ends quietly on a stream that simply ends", async () => {
    const sse = await openSse(await serve(`${start}data: [DONE]\n\n`));
    await sse.ended;
    expect(sse.entries.map((entry) => entry.chunk.type)).toEqual(["start"]);
    expect(sse.done).toBe(true);
  });

  it("fails loudly, naming where, on a frame the protocol refuses", async () => {
    const sse = await openSse(await serve(`${start}id: 2-0\ndata: {"type":"no-such-chunk"}\n\n`));
    await expect(sse.ended).rejects.toThrow("the server sent a frame the protocol refuses after 1-0");
    const waiting = sse.waitFor((entries) => entries.length > 1);
    await expect(waiting).rejects.toThrow("stream ended before the condition held");
  });
});
