import { isDeepStrictEqual } from "node:util";
import {
  type Agent,
  type AgentGraph,
  type AgentInputField,
  type AgentSummary,
  agentGraphSchema,
  type Page,
} from "@copilot/protocol";
import { and, desc, eq, ilike, lt, or } from "drizzle-orm";
import { AGENT_INPUT } from "../blocks/library/graph-io-blocks";
import type { BlockRegistry } from "../blocks/registry";
import type { Database, Queryable } from "../db/client";
import { decodeCursor, pageOf } from "../db/page-cursor";
import { agents, agentVersions } from "../db/schema";
import { notFound } from "../errors";
import { assertValidGraph } from "./validate-graph";

export type AgentRow = typeof agents.$inferSelect;

/** The run form's fields: the graph's `agent_input` nodes in graph order. */
export function inputFieldsOf(graph: AgentGraph): AgentInputField[] {
  return graph.nodes
    .filter((node) => node.block === AGENT_INPUT && typeof node.input.name === "string")
    .map((node) => ({
      name: String(node.input.name),
      description: typeof node.input.description === "string" ? node.input.description : "",
      default: typeof node.input.default === "string" ? node.input.default : null,
    }));
}

function toSummary(row: AgentRow, nodeCount: number): AgentSummary {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    version: row.currentVersion,
    node_count: nodeCount,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

function toAgent(row: AgentRow, graph: AgentGraph): Agent {
  return { ...toSummary(row, graph.nodes.length), graph, inputs: inputFieldsOf(graph) };
}

/** Stored graphs were valid when written; parsing again keeps the wire type honest. */
const parseGraph = (stored: unknown): AgentGraph => agentGraphSchema.parse(stored);

/** The caller's agent row; anyone else's (or a missing one) is `not_found`. */
export async function getOwnedAgentRow(db: Queryable, userId: string, id: string): Promise<AgentRow> {
  const [row] = await db
    .select()
    .from(agents)
    .where(and(eq(agents.id, id), eq(agents.userId, userId)));
  if (!row) throw notFound("agent");
  return row;
}

/** The graph of one version of an agent the caller already owns; `not_found` when no such version. */
export async function getAgentGraph(db: Queryable, agentId: string, version: number): Promise<AgentGraph> {
  const [row] = await db
    .select({ graph: agentVersions.graph })
    .from(agentVersions)
    .where(and(eq(agentVersions.agentId, agentId), eq(agentVersions.version, version)));
  if (!row) throw notFound(`version ${version} of the agent`);
  return parseGraph(row.graph);
}

export async function getAgent(db: Database, userId: string, id: string): Promise<Agent> {
  const row = await getOwnedAgentRow(db, userId, id);
  return toAgent(row, await getAgentGraph(db, row.id, row.currentVersion));
}

/** Validates the graph (`bad_request` with `issues`), then stores the agent and its version 1. */
export async function createAgent(
  db: Database,
  registry: BlockRegistry,
  userId: string,
  body: { name: string; description: string; graph: AgentGraph },
): Promise<Agent> {
  assertValidGraph(body.graph, registry);
  return db.transaction(async (tx) => {
    const now = new Date();
    const [row] = await tx
      .insert(agents)
      .values({ userId, name: body.name, description: body.description, createdAt: now, updatedAt: now })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await tx.insert(agentVersions).values({ agentId: row.id, version: 1, graph: body.graph, createdAt: now });
    return toAgent(row, body.graph);
  });
}

export async function listAgents(
  db: Database,
  userId: string,
  query: { limit: number; cursor?: string; q?: string },
): Promise<Page<AgentSummary>> {
  const after = decodeCursor(query.cursor);
  const search = query.q ? `%${query.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%` : null;
  const rows = await db
    .select({ agent: agents, graph: agentVersions.graph })
    .from(agents)
    .innerJoin(
      agentVersions,
      and(eq(agentVersions.agentId, agents.id), eq(agentVersions.version, agents.currentVersion)),
    )
    .where(
      and(
        eq(agents.userId, userId),
        search ? or(ilike(agents.name, search), ilike(agents.description, search)) : undefined,
        after
          ? or(
              lt(agents.updatedAt, new Date(after.at)),
              and(eq(agents.updatedAt, new Date(after.at)), lt(agents.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(agents.updatedAt), desc(agents.id))
    .limit(query.limit + 1);
  return pageOf(
    rows,
    query.limit,
    (row) => ({ at: row.agent.updatedAt.toISOString(), id: row.agent.id }),
    (row) => toSummary(row.agent, parseGraph(row.graph).nodes.length),
  );
}

/**
 * Renames, re-describes and/or replaces the graph. A graph different from the current one becomes
 * a new version (the old ones stay for the runs that used them); the row is locked so two
 * concurrent edits cannot both take the same version number.
 */
export async function updateAgent(
  db: Database,
  registry: BlockRegistry,
  userId: string,
  id: string,
  body: { name?: string; description?: string; graph?: AgentGraph },
): Promise<Agent> {
  if (body.graph) assertValidGraph(body.graph, registry);
  return db.transaction(async (tx) => {
    const [locked] = await tx
      .select()
      .from(agents)
      .where(and(eq(agents.id, id), eq(agents.userId, userId)))
      .for("update");
    if (!locked) throw notFound("agent");
    const current = await getAgentGraph(tx, locked.id, locked.currentVersion);
    let version = locked.currentVersion;
    let graph = current;
    const now = new Date();
    // Compared as values: jsonb keeps its own key order, so the text of the two would differ.
    if (body.graph && !isDeepStrictEqual(body.graph, current)) {
      version += 1;
      graph = body.graph;
      await tx.insert(agentVersions).values({ agentId: locked.id, version, graph, createdAt: now });
    }
    const [row] = await tx
      .update(agents)
      .set({
        name: body.name ?? locked.name,
        description: body.description ?? locked.description,
        currentVersion: version,
        updatedAt: now,
      })
      .where(eq(agents.id, locked.id))
      .returning();
    if (!row) throw notFound("agent");
    return toAgent(row, graph);
  });
}

/** Deletes the agent with its versions and runs; `not_found` when it is not the caller's. */
export async function deleteAgent(db: Database, userId: string, id: string): Promise<void> {
  const deleted = await db
    .delete(agents)
    .where(and(eq(agents.id, id), eq(agents.userId, userId)))
    .returning({ id: agents.id });
  if (deleted.length === 0) throw notFound("agent");
}
