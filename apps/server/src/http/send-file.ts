import type { FastifyReply, FastifyRequest } from "fastify";
import type { LocatedFile } from "../workspace/workspace-files";
import { decideRange, etagMatches } from "./byte-range";

/**
 * Sends a stored file with conditional and ranged GET support: `ETag` is the content's sha256, so
 * `If-None-Match` answers 304 without touching storage; one `Range` answers 206 (or 416 with an
 * unsatisfied `Content-Range`); `If-Range` with another tag gets the whole file. The bytes stream
 * from the store; nothing is buffered.
 */
export async function sendFile(
  request: FastifyRequest,
  reply: FastifyReply,
  located: LocatedFile,
  options: { contentType: string; headers: Record<string, string> },
): Promise<FastifyReply> {
  const { file } = located;
  const etag = `"${file.sha256}"`;
  reply.headers({
    ...options.headers,
    etag,
    "accept-ranges": "bytes",
    "last-modified": new Date(file.updated_at).toUTCString(),
  });
  if (etagMatches(request.headers["if-none-match"], etag)) return reply.status(304).send();

  const ifRange = request.headers["if-range"];
  const decision =
    ifRange !== undefined && ifRange !== etag
      ? ({ kind: "full" } as const)
      : decideRange(request.headers.range, file.size_bytes);
  switch (decision.kind) {
    case "unsatisfiable":
      return reply.status(416).header("content-range", `bytes */${file.size_bytes}`).send();
    case "partial": {
      const { start, end } = decision.range;
      const body = await located.read(decision.range);
      return reply
        .status(206)
        .headers({
          "content-type": options.contentType,
          "content-range": `bytes ${start}-${end}/${file.size_bytes}`,
          "content-length": String(end - start + 1),
        })
        .send(body);
    }
    case "full": {
      const body = await located.read();
      return reply
        .status(200)
        .headers({ "content-type": options.contentType, "content-length": String(file.size_bytes) })
        .send(body);
    }
  }
}
