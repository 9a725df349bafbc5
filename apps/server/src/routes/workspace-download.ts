import { INLINE_IMAGE_TYPES, idParamsSchema } from "@copilot/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../deps";
import { AppError } from "../errors";
import { userIdOf } from "../http/auth";
import { contentDisposition } from "../http/content-disposition";
import { sendFile } from "../http/send-file";
import { servedContentType } from "../workspace/mime";

const bytes = (description: string) => ({
  description,
  content: { "application/octet-stream": { schema: z.string().meta({ format: "binary" }) } },
});
const responses = {
  200: bytes("the file's bytes"),
  206: bytes("the requested byte range"),
  304: z.undefined().describe("the client's copy (If-None-Match) is current"),
  416: z.undefined().describe("the range starts past the end; Content-Range: bytes */size"),
};

/**
 * The only routes that serve stored bytes. Uploaded content is never rendered on the app's
 * origin: downloads are attachments in a CSP sandbox with sniffing off and text served as
 * text/plain; the image route serves only raster images recognised from their bytes.
 */
export function workspaceDownloadRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/api/workspace/files/:id/download",
      { schema: { tags: ["workspace"], params: idParamsSchema, response: responses } },
      async (request, reply) => {
        const located = await deps.files.locate({ userId: userIdOf(request) }, { id: request.params.id });
        return sendFile(request, reply, located, {
          contentType: servedContentType(located.file.mime_type),
          headers: {
            "content-disposition": contentDisposition("attachment", located.file.name),
            "x-content-type-options": "nosniff",
            "content-security-policy": "sandbox",
            "cross-origin-resource-policy": "same-origin",
            "cache-control": "private, no-cache",
          },
        });
      },
    );

    app.get(
      "/api/workspace/files/:id/image",
      {
        schema: {
          tags: ["workspace"],
          description:
            "Inline, for PNG, JPEG, GIF and WebP only (decided from the bytes at upload); else 415.",
          params: idParamsSchema,
          response: responses,
        },
      },
      async (request, reply) => {
        const located = await deps.files.locate({ userId: userIdOf(request) }, { id: request.params.id });
        const type = located.file.mime_type;
        if (!INLINE_IMAGE_TYPES.has(type)) {
          throw new AppError("unsupported_media_type", `${type} is not served inline; use /download`);
        }
        return sendFile(request, reply, located, {
          contentType: type,
          headers: {
            "content-disposition": contentDisposition("inline", located.file.name),
            "x-content-type-options": "nosniff",
            "content-security-policy": "default-src 'none'; sandbox",
            "cross-origin-resource-policy": "same-origin",
            "cache-control": "private",
          },
        });
      },
    );
  };
}
