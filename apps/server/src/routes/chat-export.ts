import { exportSessionQuerySchema, idParamsSchema } from "@copilot/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { exportChat } from "../chat/export";
import type { Deps } from "../deps";
import { userIdOf } from "../http/auth";
import { contentDisposition } from "../http/content-disposition";

const file = (type: string) => ({ [type]: { schema: z.string() } });

export function chatExportRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/api/chat/sessions/:id/export",
      {
        schema: {
          tags: ["chat"],
          description:
            "The chat as an attachment: `markdown` (a heading per message, tools and files one line each) or `json` (`{format, exported_at, session, messages}` in the API's shapes). An answer still being written is left out.",
          params: idParamsSchema,
          querystring: exportSessionQuerySchema,
          response: {
            200: {
              description: "the exported chat",
              content: { ...file("text/markdown"), ...file("application/json") },
            },
          },
        },
      },
      async (request, reply) => {
        const exported = await exportChat(deps, userIdOf(request), request.params.id, request.query.format);
        // A string with its own content type is sent as is (Fastify serializes only objects).
        return reply
          .header("content-type", exported.contentType)
          .header("content-disposition", contentDisposition("attachment", exported.filename))
          .header("x-content-type-options", "nosniff")
          .send(exported.body);
      },
    );
  };
}
