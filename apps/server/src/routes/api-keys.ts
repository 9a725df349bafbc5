import { apiKeyListSchema, createApiKeySchema, createdApiKeySchema, idParamsSchema } from "@copilot/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { createApiKey, deleteApiKey, listApiKeys } from "../auth/api-keys";
import type { Deps } from "../deps";
import { userIdOf } from "../http/auth";

export function apiKeyRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/api/auth/api-keys",
      { schema: { tags: ["auth"], body: createApiKeySchema, response: { 201: createdApiKeySchema } } },
      async (request, reply) => {
        const created = await createApiKey(deps.db, userIdOf(request), request.body.name);
        return reply.status(201).send(created);
      },
    );

    app.get(
      "/api/auth/api-keys",
      { schema: { tags: ["auth"], response: { 200: apiKeyListSchema } } },
      async (request) => ({
        items: await listApiKeys(deps.db, userIdOf(request)),
      }),
    );

    app.delete(
      "/api/auth/api-keys/:id",
      { schema: { tags: ["auth"], params: idParamsSchema, response: { 204: z.undefined() } } },
      async (request, reply) => {
        await deleteApiKey(deps.db, userIdOf(request), request.params.id);
        return reply.status(204).send();
      },
    );
  };
}
