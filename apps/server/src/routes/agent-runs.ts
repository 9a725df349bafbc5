import {
  agentRunSchema,
  idParamsSchema,
  listQuerySchema,
  pageSchema,
  runParamsSchema,
  startRunSchema,
} from "@copilot/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { cancelRun, getRun, listRuns, startRun } from "../agents/runs";
import type { Deps } from "../deps";
import { userIdOf } from "../http/auth";

/** Runs of agents (docs/agents.md "Runs"). */
export function agentRunRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/api/agents/:id/runs",
      {
        schema: {
          tags: ["agents"],
          description:
            "Starts a run of the current (or a given) version with text `inputs` by name. Answers 202 with the run at once; poll it for progress.",
          params: idParamsSchema,
          body: startRunSchema,
          response: { 202: agentRunSchema },
        },
      },
      async (request, reply) =>
        reply.status(202).send(await startRun(deps, userIdOf(request), request.params.id, request.body)),
    );

    app.get(
      "/api/agents/:id/runs",
      {
        schema: {
          tags: ["agents"],
          description: "The agent's runs, newest first.",
          params: idParamsSchema,
          querystring: listQuerySchema,
          response: { 200: pageSchema(agentRunSchema) },
        },
      },
      async (request) => listRuns(deps.db, userIdOf(request), request.params.id, request.query),
    );

    app.get(
      "/api/agents/runs/:run_id",
      { schema: { tags: ["agents"], params: runParamsSchema, response: { 200: agentRunSchema } } },
      async (request) => getRun(deps.db, userIdOf(request), request.params.run_id),
    );

    app.post(
      "/api/agents/runs/:run_id/cancel",
      {
        schema: {
          tags: ["agents"],
          description: "Stops the run between nodes; idempotent (an ended run answers as it is).",
          params: runParamsSchema,
          response: { 200: agentRunSchema },
        },
      },
      async (request) => cancelRun(deps, userIdOf(request), request.params.run_id),
    );
  };
}
