import type { AgentGraph, AgentRun, NodeResult, Page, RunInputs } from "@copilot/protocol";
import type { LanguageModel } from "ai";
import { and, desc, eq, inArray, lt, or } from "drizzle-orm";
import type { Logger } from "pino";
import type { BlockRegistry } from "../blocks/registry";
import type { Database } from "../db/client";
import { decodeCursor, pageOf } from "../db/page-cursor";
import { agentRuns } from "../db/schema";
import { AppError, notFound } from "../errors";
import type { JobQueue } from "../jobs/job-queue";
import type { WorkspaceFiles } from "../workspace/workspace-files";
import { getAgentGraph, getOwnedAgentRow, inputFieldsOf } from "./agent-store";
import { type RunOutcome, runGraph } from "./engine";
import { type RunRegistry, RunStopped } from "./run-registry";

/** What running agents needs from the service bag (`Deps` has all of it). */
export type AgentsEnv = {
  db: Database;
  blocks: BlockRegistry;
  files: WorkspaceFiles;
  model: LanguageModel;
  log: Logger;
  agentRuns: RunRegistry;
  jobs: JobQueue;
};

type RunRow = typeof agentRuns.$inferSelect;

export function toRun(row: RunRow): AgentRun {
  return {
    id: row.id,
    agent_id: row.agentId,
    version: row.version,
    status: row.status,
    inputs: row.inputs,
    outputs: row.outputs,
    nodes: row.nodes as Record<string, NodeResult>,
    error: row.error ?? null,
    created_at: row.createdAt.toISOString(),
    started_at: row.startedAt?.toISOString() ?? null,
    ended_at: row.endedAt?.toISOString() ?? null,
  };
}

/** Where a run's media lands: one readable folder per run, under its agent's. */
const runFolder = (agentId: string, runId: string) => `/agents/${agentId}/runs/${runId}/`;

/** Every given input must be one the graph has; every input without a default must be given. */
function checkRunInputs(graph: AgentGraph, inputs: RunInputs): void {
  const fields = inputFieldsOf(graph);
  const known = new Set(fields.map((field) => field.name));
  const unknown = Object.keys(inputs).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new AppError(
      "bad_request",
      `the agent has no input ${unknown.map((name) => `"${name}"`).join(", ")} (its inputs: ${[...known].join(", ") || "none"})`,
    );
  }
  const missing = fields.filter((field) => field.default === null && !Object.hasOwn(inputs, field.name));
  if (missing.length > 0) {
    throw new AppError(
      "bad_request",
      `missing input ${missing.map((field) => `"${field.name}"`).join(", ")}`,
    );
  }
}

/**
 * Records a run of the caller's agent as `queued` and queues it as an `agent_run` job, which a
 * worker (this process's or another's) executes (the REST route). The `run_agent` tool records it
 * with `recordRun` instead and executes it inside its operation's job. Answers the row as
 * recorded. Throws `not_found` for someone else's agent or an unknown version, `bad_request` for
 * wrong inputs.
 */
export async function startRun(
  env: AgentsEnv,
  userId: string,
  agentId: string,
  body: { inputs: RunInputs; version?: number | undefined },
): Promise<AgentRun> {
  const row = await recordRun(env, userId, agentId, body);
  await env.jobs.enqueue("agent_run", { runId: row.id }, { jobId: row.id });
  return toRun(row);
}

/** Checks the agent, version and inputs, and records a `queued` run; executing it is the caller's. */
export async function recordRun(
  env: Pick<AgentsEnv, "db">,
  userId: string,
  agentId: string,
  body: { inputs: RunInputs; version?: number | undefined },
): Promise<RunRow> {
  const agent = await getOwnedAgentRow(env.db, userId, agentId);
  const version = body.version ?? agent.currentVersion;
  const graph = await getAgentGraph(env.db, agent.id, version);
  checkRunInputs(graph, body.inputs);
  const now = new Date();
  const [row] = await env.db
    .insert(agentRuns)
    .values({
      agentId: agent.id,
      userId,
      version,
      status: "queued",
      inputs: body.inputs,
      nodes: Object.fromEntries(
        graph.nodes.map((node) => [
          node.id,
          { status: "pending", started_at: null, ended_at: null, output: null, error: null },
        ]),
      ),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

const cancelledError = { code: "cancelled", message: "the run was cancelled", node: null };

/**
 * Claims a queued run (queued → running, once: a second claim finds nothing) and executes it.
 * A run cancelled while it waited ends `cancelled` without running. Null when there was nothing
 * to claim (already claimed, ended, or deleted with its agent).
 */
export async function executeRunById(
  env: AgentsEnv,
  runId: string,
  signal: AbortSignal,
  onNode?: NodeListener,
): Promise<RunOutcome | null> {
  const now = new Date();
  const [row] = await env.db
    .update(agentRuns)
    .set({ status: "running", startedAt: now, updatedAt: now })
    .where(and(eq(agentRuns.id, runId), eq(agentRuns.status, "queued"), eq(agentRuns.cancelRequested, false)))
    .returning();
  if (!row) {
    await env.db
      .update(agentRuns)
      .set({ status: "cancelled", error: cancelledError, endedAt: now, updatedAt: now })
      .where(and(eq(agentRuns.id, runId), eq(agentRuns.status, "queued")));
    return null;
  }
  return executeRun(env, row, await getAgentGraph(env.db, row.agentId, row.version), signal, onNode);
}

/** Told each node's record as it changes (the `run_agent` operation reports them as progress). */
export type NodeListener = (nodeId: string, result: NodeResult, graph: AgentGraph) => void;

/**
 * Runs the graph for a recorded run and keeps its row up to date: each node result as it comes
 * (in order: writes are chained), then the end state. A cancel asked through the database (from
 * any process) is noticed with the next node write, and stops the run between nodes.
 */
async function executeRun(
  env: AgentsEnv,
  row: RunRow,
  graph: AgentGraph,
  signal: AbortSignal,
  onNode?: NodeListener,
): Promise<RunOutcome> {
  const controller = new AbortController();
  const stop = () => controller.abort(signal.reason);
  if (signal.aborted) stop();
  else signal.addEventListener("abort", stop, { once: true });
  const nodes = { ...(row.nodes as Record<string, NodeResult>) };
  const outputs: Record<string, unknown> = {};
  let writes = Promise.resolve();
  const save = () => {
    const snapshot = { nodes: structuredClone(nodes), outputs: structuredClone(outputs) };
    writes = writes.then(async () => {
      const [state] = await env.db
        .update(agentRuns)
        .set({ ...snapshot, updatedAt: new Date() })
        .where(and(eq(agentRuns.id, row.id), eq(agentRuns.status, "running")))
        .returning({ cancelRequested: agentRuns.cancelRequested });
      // No row: the agent was deleted or the run ended elsewhere; either way, stop.
      if (!state || state.cancelRequested) controller.abort(new RunStopped("cancel"));
    });
    return writes;
  };

  const outcome = await runGraph(
    graph,
    env.blocks,
    {
      inputs: row.inputs,
      context: {
        userId: row.userId,
        sessionId: null,
        runId: row.id,
        files: env.files,
        model: env.model,
        mediaFolder: runFolder(row.agentId, row.id),
        log: env.log,
      },
    },
    {
      signal: controller.signal,
      onProgress: async (progress) => {
        if (!progress.node) return;
        const result = outcomeNode(progress, nodes[progress.node]);
        nodes[progress.node] = result;
        onNode?.(progress.node, result, graph);
        if (
          progress.status === "completed" &&
          progress.output &&
          graph.nodes.find((node) => node.id === progress.node)?.block === "agent_output"
        ) {
          const name = graph.nodes.find((node) => node.id === progress.node)?.input.name;
          if (typeof name === "string") outputs[name] = progress.output.value;
        }
        await save().catch((error: unknown) =>
          env.log.warn({ err: error, runId: row.id }, "saving a node result failed"),
        );
      },
    },
  ).finally(() => signal.removeEventListener("abort", stop));
  await writes.catch(() => undefined);

  const stopped = controller.signal.reason instanceof RunStopped ? controller.signal.reason.reason : null;
  // Its job moves to another worker, which starts the run again: nothing to record here.
  if (stopped === "handoff") return outcome;
  const shutdown = stopped === "shutdown";
  const final =
    outcome.status === "cancelled" && shutdown
      ? {
          status: "failed" as const,
          error: { code: "shutting_down", message: "the server shut down during the run", node: null },
        }
      : { status: outcome.status, error: outcome.error };
  await env.db
    .update(agentRuns)
    .set({
      ...final,
      nodes: outcome.nodes,
      outputs: outcome.outputs,
      endedAt: new Date(),
      updatedAt: new Date(),
    })
    .where(and(eq(agentRuns.id, row.id), eq(agentRuns.status, "running")));
  return { ...outcome, ...final };
}

/** A node's record after a progress event, keeping what earlier events said. */
function outcomeNode(
  progress: { status?: NodeResult["status"]; output?: Record<string, unknown> },
  previous: NodeResult | undefined,
): NodeResult {
  const now = new Date().toISOString();
  const base = previous ?? { status: "pending", started_at: null, ended_at: null, output: null, error: null };
  if (progress.status === "running") return { ...base, status: "running", started_at: now };
  if (progress.status === "completed")
    return { ...base, status: "completed", ended_at: now, output: progress.output ?? null };
  return { ...base, status: progress.status ?? base.status, ended_at: now };
}

export async function getRun(db: Database, userId: string, runId: string): Promise<AgentRun> {
  const [row] = await db
    .select()
    .from(agentRuns)
    .where(and(eq(agentRuns.id, runId), eq(agentRuns.userId, userId)));
  if (!row) throw notFound("run");
  return toRun(row);
}

/** The runs of the caller's agent, newest first. */
export async function listRuns(
  db: Database,
  userId: string,
  agentId: string,
  query: { limit: number; cursor?: string },
): Promise<Page<AgentRun>> {
  await getOwnedAgentRow(db, userId, agentId);
  const after = decodeCursor(query.cursor);
  const rows = await db
    .select()
    .from(agentRuns)
    .where(
      and(
        eq(agentRuns.agentId, agentId),
        after
          ? or(
              lt(agentRuns.createdAt, new Date(after.at)),
              and(eq(agentRuns.createdAt, new Date(after.at)), lt(agentRuns.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(agentRuns.createdAt), desc(agentRuns.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit, (row) => ({ at: row.createdAt.toISOString(), id: row.id }), toRun);
}

/**
 * Asks a run to stop between nodes; idempotent, and an ended run answers as it is. The flag in
 * the row reaches whichever process runs it; this process's own runs stop at once.
 */
export async function cancelRun(env: AgentsEnv, userId: string, runId: string): Promise<AgentRun> {
  const now = new Date();
  // A run nobody has claimed yet simply ends; the claim then finds nothing to run.
  const [waiting] = await env.db
    .update(agentRuns)
    .set({ status: "cancelled", cancelRequested: true, error: cancelledError, endedAt: now, updatedAt: now })
    .where(and(eq(agentRuns.id, runId), eq(agentRuns.userId, userId), eq(agentRuns.status, "queued")))
    .returning();
  if (waiting) return toRun(waiting);
  const [row] = await env.db
    .update(agentRuns)
    .set({ cancelRequested: true, updatedAt: new Date() })
    .where(
      and(
        eq(agentRuns.id, runId),
        eq(agentRuns.userId, userId),
        inArray(agentRuns.status, ["queued", "running"]),
      ),
    )
    .returning();
  if (!row) return getRun(env.db, userId, runId);
  if (env.agentRuns.abort(runId, "cancel")) await env.agentRuns.settled(runId);
  return getRun(env.db, userId, runId);
}

/**
 * Embedded mode after a restart: runs left `running` by the previous process can never finish
 * (it ran them), so they end as failed (`server_restarted`). Scaled mode has no such sweep yet:
 * there a run whose process died stays `running` until Part B moves runs onto the job queue.
 */
export async function endInterruptedRuns(db: Database): Promise<number> {
  const ended = await db
    .update(agentRuns)
    .set({
      status: "failed",
      error: { code: "server_restarted", message: "the server restarted during the run", node: null },
      endedAt: new Date(),
      updatedAt: new Date(),
    })
    .where(inArray(agentRuns.status, ["queued", "running"]))
    .returning({ id: agentRuns.id });
  return ended.length;
}
