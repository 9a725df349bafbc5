import { cancelTaskResponseSchema, taskSchema, taskStreamQuerySchema } from "@copilot/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { getOwnedTask, toTask } from "../chat/task-rows";
import { cancelTask } from "../chat/turns";
import type { Deps } from "../deps";
import { userIdOf } from "../http/auth";
import { cursorOf, sseResponse, streamTask } from "./task-stream";

const taskParams = z.object({ task_id: z.uuid() });

export function chatTaskRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/api/chat/tasks/:task_id/stream",
      {
        schema: {
          tags: ["chat"],
          params: taskParams,
          querystring: taskStreamQuerySchema,
          response: { 200: sseResponse },
        },
      },
      async (request, reply) => {
        const row = await getOwnedTask(deps.db, userIdOf(request), request.params.task_id);
        const cursor = cursorOf(request, request.query.last_message_id);
        return streamTask(deps, request, reply, row.id, cursor);
      },
    );

    app.get(
      "/api/chat/tasks/:task_id",
      { schema: { tags: ["chat"], params: taskParams, response: { 200: taskSchema } } },
      async (request) => toTask(await getOwnedTask(deps.db, userIdOf(request), request.params.task_id)),
    );

    app.post(
      "/api/chat/tasks/:task_id/cancel",
      { schema: { tags: ["chat"], params: taskParams, response: { 200: cancelTaskResponseSchema } } },
      async (request) => {
        const status = await cancelTask(deps, userIdOf(request), request.params.task_id);
        return { task_id: request.params.task_id, status };
      },
    );
  };
}
