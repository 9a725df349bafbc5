import {
  idParamsSchema,
  operationAcceptedSchema,
  operationCompleteBodySchema,
  operationSchema,
} from "@copilot/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../deps";
import { userIdOf } from "../http/auth";
import { acceptWebhook, cancelOperation, getOperation } from "../operations/operations";

const WEBHOOK_BODY_LIMIT = 1_048_576;

/** Long-running tool calls (docs/operations.md "Operations", "Webhook"). */
export function operationRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/api/chat/operations/:id",
      {
        schema: {
          tags: ["chat"],
          description:
            "An operation of the caller's: status, latest progress, result or error, and its tasks.",
          params: idParamsSchema,
          response: { 200: operationSchema },
        },
      },
      async (request) => getOperation(deps.operations, userIdOf(request), request.params.id),
    );

    app.post(
      "/api/chat/operations/:id/cancel",
      {
        schema: {
          tags: ["chat"],
          description: "Stops a running operation; idempotent (an ended one answers as it is).",
          params: idParamsSchema,
          response: { 200: operationSchema },
        },
      },
      async (request) => cancelOperation(deps.operations, userIdOf(request), request.params.id),
    );

    // The webhook signs the raw bytes: this scope keeps them instead of parsing JSON first.
    await app.register(async (scope) => {
      const raw = new WeakMap<object, Buffer>();
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser(
        "*",
        { parseAs: "buffer", bodyLimit: WEBHOOK_BODY_LIMIT },
        (request, body, done) => {
          raw.set(request, body as Buffer);
          done(null, undefined);
        },
      );
      scope.post(
        "/api/chat/operations/:id/complete",
        {
          config: { auth: "none" },
          schema: {
            tags: ["chat"],
            description:
              'For external services: completes an operation. Signed with OPERATIONS_WEBHOOK_SECRET (`X-Copilot-Timestamp`, `X-Copilot-Signature: sha256=<hex HMAC-SHA256 of "{timestamp}.{raw body}">`); 202 once enqueued, 202 again for a repeat.',
            params: idParamsSchema,
            // Documented only: the body is checked after the signature, from the raw bytes.
            body: operationCompleteBodySchema.optional(),
            security: [],
            response: { 202: operationAcceptedSchema },
          },
          validatorCompiler: () => (value) => ({ value }),
        },
        async (request, reply) => {
          // Not validated by the schema (see validatorCompiler): acceptWebhook checks the id itself.
          const { id } = request.params as { id: string };
          const header = (name: string) => {
            const value = request.headers[name];
            return typeof value === "string" ? value : undefined;
          };
          await acceptWebhook(
            deps.operations,
            id,
            { timestamp: header("x-copilot-timestamp"), signature: header("x-copilot-signature") },
            raw.get(request) ?? Buffer.alloc(0),
          );
          return reply.status(202).send({ operation_id: id, accepted: true });
        },
      );
    });
  };
}
