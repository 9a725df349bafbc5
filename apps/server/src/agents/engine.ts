import type {
  AgentGraph,
  AgentNode,
  AgentProgress,
  NodeResult,
  RunError,
  RunInputs,
} from "@copilot/protocol";
import type { LanguageModel } from "ai";
import type { Logger } from "pino";
import { AGENT_INPUT, AGENT_OUTPUT } from "../blocks/library/graph-io-blocks";
import type { BlockRegistry } from "../blocks/registry";
import { AppError } from "../errors";
import type { WorkspaceFiles } from "../workspace/workspace-files";
import { assertValidGraph } from "./validate-graph";

/** Who a run is for and what its blocks may use (each node gets this plus its own id). */
export type RunContext = {
  userId: string;
  sessionId: string | null;
  runId: string;
  files: WorkspaceFiles;
  model: LanguageModel;
  /** Where media made by the run's blocks is saved (see `BlockContext.mediaFolder`). */
  mediaFolder: string | null;
  log: Logger;
};

/**
 * How long work reports and stops (the same for the engine and the generator, so a job runner can
 * schedule either): `onProgress` is awaited, so what it records is in order; `signal` stops.
 */
export type WorkOptions = {
  onProgress?: (progress: AgentProgress) => void | Promise<void>;
  signal?: AbortSignal;
};

export type RunOutcome = {
  status: "completed" | "failed" | "cancelled";
  outputs: Record<string, unknown>;
  nodes: Record<string, NodeResult>;
  error: RunError | null;
};

/** Nodes of one run in flight at once: enough for independent model calls, bounded for the machine. */
const DEFAULT_NODE_CONCURRENCY = 4;

const pending = (): NodeResult => ({
  status: "pending",
  started_at: null,
  ended_at: null,
  output: null,
  error: null,
});

function errorOf(error: unknown, node: string, log: Logger): RunError {
  if (error instanceof AppError) return { code: error.code, message: error.message, node };
  log.error({ err: error, node }, "agent block failed unexpectedly");
  return { code: "internal", message: "the block failed unexpectedly", node };
}

/**
 * Runs a valid graph (docs/agents.md "Runs"): a node starts once every node it takes a link from
 * has finished, up to `concurrency` at a time, so independent nodes run concurrently. The first
 * failing node fails the run: nothing new starts, nodes already running finish and keep their
 * results, and nodes never started are `skipped`. An aborted `signal` stops the run between
 * nodes the same way (the signal also reaches running blocks, which may stop early). Throws only
 * for an invalid graph (`bad_request`).
 */
export async function runGraph(
  graph: AgentGraph,
  registry: BlockRegistry,
  run: { inputs: RunInputs; context: RunContext },
  options: WorkOptions & { concurrency?: number } = {},
): Promise<RunOutcome> {
  assertValidGraph(graph, registry);
  const signal = options.signal ?? new AbortController().signal;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_NODE_CONCURRENCY);
  const { context } = run;
  const nodes = Object.fromEntries(graph.nodes.map((node) => [node.id, pending()]));
  const outputsByNode = new Map<string, Record<string, unknown>>();
  const outputs: Record<string, unknown> = {};
  const waitingOn = new Map(graph.nodes.map((node) => [node.id, 0]));
  for (const link of graph.links) waitingOn.set(link.to.node, (waitingOn.get(link.to.node) ?? 0) + 1);
  const ready = graph.nodes.filter((node) => waitingOn.get(node.id) === 0);
  const running = new Map<string, Promise<void>>();
  let finished = 0;
  let failure = null as RunError | null;

  const report = (progress: Omit<AgentProgress, "fraction">) =>
    options.onProgress?.({ ...progress, fraction: finished / graph.nodes.length });

  const inputOf = (node: AgentNode): Record<string, unknown> => {
    const input: Record<string, unknown> = { ...node.input };
    for (const link of graph.links) {
      if (link.to.node !== node.id) continue;
      const value = outputsByNode.get(link.from.node)?.[link.from.output];
      if (link.to.key === undefined) input[link.to.input] = value;
      else
        input[link.to.input] = {
          ...(input[link.to.input] as Record<string, unknown> | undefined),
          [link.to.key]: value,
        };
    }
    if (
      node.block === AGENT_INPUT &&
      typeof node.input.name === "string" &&
      Object.hasOwn(run.inputs, node.input.name)
    ) {
      input.value = run.inputs[node.input.name];
    }
    return input;
  };

  const execute = async (node: AgentNode) => {
    const result = nodes[node.id] as NodeResult;
    result.status = "running";
    result.started_at = new Date().toISOString();
    await report({
      step: "node_started",
      node: node.id,
      status: "running",
      message: `${node.id} (${node.block}) started`,
    });
    try {
      const output = (await registry.run(node.block, inputOf(node), {
        ...context,
        nodeId: node.id,
        signal,
      })) as Record<string, unknown>;
      outputsByNode.set(node.id, output);
      if (node.block === AGENT_OUTPUT && typeof node.input.name === "string")
        outputs[node.input.name] = output.value;
      Object.assign(result, { status: "completed", ended_at: new Date().toISOString(), output });
      finished += 1;
      await report({
        step: "node_finished",
        node: node.id,
        status: "completed",
        output,
        message: `${node.id} finished`,
      });
      for (const link of graph.links) {
        if (link.from.node !== node.id) continue;
        const left = (waitingOn.get(link.to.node) ?? 0) - 1;
        waitingOn.set(link.to.node, left);
        const next = graph.nodes.find((candidate) => candidate.id === link.to.node);
        if (left === 0 && next) ready.push(next);
      }
    } catch (error) {
      const cancelled = signal.aborted && !(error instanceof AppError);
      const nodeError = cancelled
        ? { code: "cancelled", message: "the run was cancelled", node: node.id }
        : errorOf(error, node.id, context.log);
      Object.assign(result, {
        status: cancelled ? "cancelled" : "failed",
        ended_at: new Date().toISOString(),
        error: nodeError,
      });
      finished += 1;
      if (!cancelled) failure ??= nodeError;
      await report({
        step: cancelled ? "node_cancelled" : "node_failed",
        node: node.id,
        status: result.status,
        message: `${node.id}: ${nodeError.message}`,
      });
    }
  };

  while (ready.length > 0 || running.size > 0) {
    // Checked before each start: cancel and failure stop the run between nodes.
    while (ready.length > 0 && running.size < concurrency && !failure && !signal.aborted) {
      const node = ready.shift() as AgentNode;
      running.set(
        node.id,
        execute(node).finally(() => running.delete(node.id)),
      );
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }

  for (const result of Object.values(nodes)) if (result.status === "pending") result.status = "skipped";
  const status = failure ? "failed" : signal.aborted ? "cancelled" : "completed";
  const error =
    failure ??
    (status === "cancelled" ? { code: "cancelled", message: "the run was cancelled", node: null } : null);
  await options.onProgress?.({
    step: `run_${status}`,
    fraction: 1,
    message: error ? error.message : "the run finished",
  });
  return { status, outputs, nodes, error };
}
