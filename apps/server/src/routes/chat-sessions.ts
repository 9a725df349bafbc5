import {
  chatSessionDetailSchema,
  chatSessionSchema,
  createSessionSchema,
  idParamsSchema,
  listSessionsQuerySchema,
  messageParamsSchema,
  pageSchema,
  postMessageSchema,
  STREAM_START_CURSOR,
  updateSessionSchema,
} from "@copilot/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { activeTaskOf } from "../chat/recovery";
import { getSessionDetail } from "../chat/session-view";
import { createSession, getOwnedSession, listSessions, toSession, updateSession } from "../chat/sessions";
import { deleteSession, startTurn } from "../chat/turns";
import { selectVersion } from "../chat/versions";
import type { Deps } from "../deps";
import { userIdOf } from "../http/auth";
import { sseResponse, streamTask } from "./task-stream";

// The AI SDK transport posts the whole conversation; only its newest message is used. 2 MiB holds
// a long conversation; 8 MiB of tiny messages blocked the event loop ~0.9 s (issue 10, finding 8).
const TURN_BODY_LIMIT = 2 * 1024 * 1024;

export function chatSessionRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/api/chat/sessions",
      {
        schema: {
          tags: ["chat"],
          body: createSessionSchema.optional(),
          response: { 201: chatSessionSchema },
        },
      },
      async (request, reply) => {
        const session = await createSession(deps.db, userIdOf(request), request.body?.title);
        return reply.status(201).send(toSession(session));
      },
    );

    app.get(
      "/api/chat/sessions",
      {
        schema: {
          tags: ["chat"],
          description:
            "Newest activity first. `q` matches the title or any message's text; `pinned` keeps only (un)pinned chats.",
          querystring: listSessionsQuerySchema,
          response: { 200: pageSchema(chatSessionSchema) },
        },
      },
      async (request) => listSessions(deps.db, userIdOf(request), request.query),
    );

    app.get(
      "/api/chat/sessions/:id",
      { schema: { tags: ["chat"], params: idParamsSchema, response: { 200: chatSessionDetailSchema } } },
      async (request) => getSessionDetail(deps, userIdOf(request), request.params.id),
    );

    app.patch(
      "/api/chat/sessions/:id",
      {
        schema: {
          tags: ["chat"],
          params: idParamsSchema,
          body: updateSessionSchema,
          response: { 200: chatSessionSchema },
        },
      },
      async (request) => updateSession(deps.db, userIdOf(request), request.params.id, request.body),
    );

    app.delete(
      "/api/chat/sessions/:id",
      { schema: { tags: ["chat"], params: idParamsSchema, response: { 204: z.undefined() } } },
      async (request, reply) => {
        await deleteSession(deps, userIdOf(request), request.params.id);
        return reply.status(204).send();
      },
    );

    app.post(
      "/api/chat/sessions/:id/stream",
      {
        bodyLimit: TURN_BODY_LIMIT,
        schema: {
          tags: ["chat"],
          params: idParamsSchema,
          body: postMessageSchema,
          response: { 200: sseResponse },
        },
      },
      async (request, reply) => {
        const { taskId } = await startTurn(deps, userIdOf(request), request.params.id, request.body);
        return streamTask(deps, request, reply, taskId, STREAM_START_CURSOR);
      },
    );

    app.get(
      "/api/chat/sessions/:id/stream",
      {
        schema: {
          tags: ["chat"],
          params: idParamsSchema,
          response: { 200: sseResponse, 204: z.undefined().describe("no turn is running") },
        },
      },
      async (request, reply) => {
        await getOwnedSession(deps.db, userIdOf(request), request.params.id);
        const active = await activeTaskOf(deps.db, deps.streams, request.params.id);
        if (!active) return reply.status(204).send();
        return streamTask(deps, request, reply, active, STREAM_START_CURSOR);
      },
    );

    app.post(
      "/api/chat/sessions/:id/messages/:message_id/select",
      {
        schema: {
          tags: ["chat"],
          description:
            "Shows that version of an edited question or a regenerated answer (`versions` in the session detail names them). 409 `turn_active` while a turn runs.",
          params: messageParamsSchema,
          response: { 200: chatSessionDetailSchema },
        },
      },
      async (request) => selectVersion(deps, userIdOf(request), request.params.id, request.params.message_id),
    );
  };
}
