import {
  emptyTrashResponseSchema,
  idParamsSchema,
  listedFileSchema,
  listFilesQuerySchema,
  listQuerySchema,
  pageSchema,
  trashedFileSchema,
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
          response: { 200: pageSchema(listedFileSchema) },
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

    app.get(
      "/api/workspace/trash",
      {
        schema: {
          tags: ["workspace"],
          description: "Restorable files in the trash, most recently deleted first, each with its purge_at.",
          querystring: listQuerySchema,
          response: { 200: pageSchema(trashedFileSchema) },
        },
      },
      async (request) => deps.files.listTrash(userIdOf(request), request.query),
    );

    app.delete(
      "/api/workspace/trash/:id",
      {
        schema: {
          tags: ["workspace"],
          description: "Deletes a file in the trash for good: its bytes and quota are freed now.",
          params: idParamsSchema,
          response: { 204: z.undefined() },
        },
      },
      async (request, reply) => {
        await deps.files.purgeTrashed(userIdOf(request), request.params.id);
        return reply.status(204).send();
      },
    );

    app.delete(
      "/api/workspace/trash",
      {
        schema: {
          tags: ["workspace"],
          description: "Empties the trash.",
          response: { 200: emptyTrashResponseSchema },
        },
      },
      async (request) => ({ purged: await deps.files.emptyTrash(userIdOf(request)) }),
    );
  };
}
