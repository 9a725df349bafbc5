import {
  agentSchema,
  agentSummarySchema,
  blockInfoSchema,
  createAgentSchema,
  idParamsSchema,
  listAgentsQuerySchema,
  pageSchema,
  updateAgentSchema,
} from "@copilot/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { createAgent, deleteAgent, getAgent, listAgents, updateAgent } from "../agents/agent-store";
import { describeBlocks } from "../agents/block-info";
import type { Deps } from "../deps";
import { userIdOf } from "../http/auth";

/** Agents and their graphs (docs/agents.md "API"); runs have their own file. */
export function agentRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const blocks = describeBlocks(deps.blocks);

    app.get(
      "/api/agents/blocks",
      {
        schema: {
          tags: ["agents"],
          description: "Every block a graph may use, with JSON Schemas of its inputs and outputs.",
          response: { 200: z.object({ items: z.array(blockInfoSchema) }) },
        },
      },
      async () => ({ items: blocks }),
    );

    app.get(
      "/api/agents",
      {
        schema: {
          tags: ["agents"],
          description: "The caller's agents, most recently changed first.",
          querystring: listAgentsQuerySchema,
          response: { 200: pageSchema(agentSummarySchema) },
        },
      },
      async (request) => listAgents(deps.db, userIdOf(request), request.query),
    );

    app.post(
      "/api/agents",
      {
        schema: {
          tags: ["agents"],
          description: "Creates an agent; an invalid graph is 400 with `issues` (one per broken rule).",
          body: createAgentSchema,
          response: { 201: agentSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createAgent(deps.db, deps.blocks, userIdOf(request), request.body)),
    );

    app.get(
      "/api/agents/:id",
      { schema: { tags: ["agents"], params: idParamsSchema, response: { 200: agentSchema } } },
      async (request) => getAgent(deps.db, userIdOf(request), request.params.id),
    );

    app.patch(
      "/api/agents/:id",
      {
        schema: {
          tags: ["agents"],
          description: "Changes the name, description or graph; a changed graph becomes a new version.",
          params: idParamsSchema,
          body: updateAgentSchema,
          response: { 200: agentSchema },
        },
      },
      async (request) =>
        updateAgent(deps.db, deps.blocks, userIdOf(request), request.params.id, request.body),
    );

    app.delete(
      "/api/agents/:id",
      {
        schema: {
          tags: ["agents"],
          description: "Deletes the agent with its versions and runs.",
          params: idParamsSchema,
          response: { 204: z.undefined() },
        },
      },
      async (request, reply) => {
        await deleteAgent(deps.db, userIdOf(request), request.params.id);
        return reply.status(204).send();
      },
    );
  };
}
