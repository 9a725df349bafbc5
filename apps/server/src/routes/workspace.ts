import {
  idParamsSchema,
  listFilesQuerySchema,
  pageSchema,
  workspaceFileSchema,
  workspaceUsageSchema,
} from "@copilot/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../deps";
import { userIdOf } from "../http/auth";

/** Usage, listing, metadata, trash and restore (docs/api.md §7). Uploads and bytes have their own files. */
export function workspaceRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/api/workspace",
      { schema: { tags: ["workspace"], response: { 200: workspaceUsageSchema } } },
      async (request) => deps.files.usage(userIdOf(request)),
    );

    app.get(
      "/api/workspace/files",
      {
        schema: {
          tags: ["workspace"],
          description: "Live files, most recently changed first. `prefix` is a literal path prefix.",
          querystring: listFilesQuerySchema,
          response: { 200: pageSchema(workspaceFileSchema) },
        },
      },
      async (request) => {
        const { prefix, session_id, q, limit, cursor } = request.query;
        return deps.files.list(
          { userId: userIdOf(request) },
          { prefix, sessionId: session_id, q, limit, cursor },
        );
      },
    );

    app.get(
      "/api/workspace/files/:id",
      { schema: { tags: ["workspace"], params: idParamsSchema, response: { 200: workspaceFileSchema } } },
      async (request) => deps.files.get({ userId: userIdOf(request) }, { id: request.params.id }),
    );

    app.delete(
      "/api/workspace/files/:id",
      {
        schema: {
          tags: ["workspace"],
          description: "Moves the file to the trash for WORKSPACE_TRASH_DAYS (restorable).",
          params: idParamsSchema,
          response: { 204: z.undefined() },
        },
      },
      async (request, reply) => {
        await deps.files.remove({ userId: userIdOf(request) }, { id: request.params.id });
        return reply.status(204).send();
      },
    );

    app.post(
      "/api/workspace/files/:id/restore",
      { schema: { tags: ["workspace"], params: idParamsSchema, response: { 200: workspaceFileSchema } } },
      async (request) => deps.files.restore(userIdOf(request), request.params.id),
    );
  };
}
