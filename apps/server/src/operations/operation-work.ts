import type { OperationProgress } from "@copilot/protocol";
import { z } from "zod";
import { getOwnedAgentRow } from "../agents/agent-store";
import { generateAgent } from "../agents/generator/generate-agent";
import { saveGeneratedAgent } from "../agents/generator/save-generated";
import { executeRunById, getRun, recordRun } from "../agents/runs";
import type { OperationsEnv } from "./operation-env";
import type { OperationRow } from "./operation-rows";

/** An operation that ended without its result: the code and message its record and the model get. */
export class OperationFailure extends Error {
  override name = "OperationFailure";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What an operation's work ends with: a result to complete it with, or handed to an external service. */
export type WorkOutcome = { kind: "done"; result: unknown } | { kind: "delegated" };

export type WorkContext = {
  signal: AbortSignal;
  report(progress: OperationProgress): Promise<void>;
};

type Work = (env: OperationsEnv, row: OperationRow, context: WorkContext) => Promise<WorkOutcome>;

export const generateAgentInput = z.object({
  goal: z.string().trim().min(1).max(4_000).describe("What the agent should do, in plain words."),
});
export const runAgentInput = z.object({
  agent_id: z.string().uuid().describe("The agent to run (an id from generate_agent or the Agents page)."),
  inputs: z.record(z.string(), z.string()).default({}).describe("Values for the agent's inputs, by name."),
});

/** The long-running tools and their work, by tool name. */
export const operationWork: Record<string, Work> = {
  generate_agent: generateAgentWork,
  run_agent: runAgentWork,
};

async function generateAgentWork(
  env: OperationsEnv,
  row: OperationRow,
  context: WorkContext,
): Promise<WorkOutcome> {
  const { goal } = generateAgentInput.parse(row.input);
  if (env.config.agentGeneratorUrl) return delegateGeneration(env, row, goal, context);
  const generated = await generateAgent(
    goal,
    { blocks: env.blocks, model: env.model },
    { signal: context.signal, onProgress: (progress) => context.report(progress) },
  );
  context.signal.throwIfAborted();
  await context.report({ step: "save", fraction: 1, message: `saving "${generated.name}"` });
  const { agent, file } = await saveGeneratedAgent(env, row.userId, goal, generated);
  return {
    kind: "done",
    result: generatedResult(agent, file.path, generated.graph.nodes.length, generated.source),
  };
}

/** What the generator's completion records: enough for the model to talk about and the web to link. */
export function generatedResult(
  agent: { id: string; name: string; description: string },
  filePath: string,
  nodeCount: number,
  source: unknown,
) {
  return {
    agent_id: agent.id,
    name: agent.name,
    description: agent.description,
    nodes: nodeCount,
    file: filePath,
    source,
  };
}

const DELEGATE_TIMEOUT_MS = 10_000;

/**
 * AGENT_GENERATOR_URL: the external service gets `{operation_id, goal, callback_url}` and must
 * answer 2xx; it later completes the operation through the signed webhook. A worker that dies
 * after posting posts again when its job is reclaimed, so the service should treat a repeated
 * `operation_id` as the same request.
 */
async function delegateGeneration(
  env: OperationsEnv,
  row: OperationRow,
  goal: string,
  context: WorkContext,
): Promise<WorkOutcome> {
  const url = env.config.agentGeneratorUrl as string;
  const callbackUrl = `${env.config.callbackBaseUrl}/api/chat/operations/${row.id}/complete`;
  await context.report({ step: "delegate", fraction: 0.1, message: "asking the agent generator service" });
  let response: Response;
  try {
    response = await env.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ operation_id: row.id, goal, callback_url: callbackUrl }),
      signal: AbortSignal.any([context.signal, AbortSignal.timeout(DELEGATE_TIMEOUT_MS)]),
    });
  } catch {
    context.signal.throwIfAborted();
    throw new OperationFailure("generator_unavailable", "the agent generator service cannot be reached");
  }
  await response.body?.cancel().catch(() => undefined);
  if (!response.ok) {
    throw new OperationFailure(
      "generator_unavailable",
      `the agent generator service answered ${response.status}`,
    );
  }
  await context.report({
    step: "delegated",
    fraction: 0.2,
    message: "the agent generator service is working on it",
  });
  return { kind: "delegated" };
}

async function runAgentWork(
  env: OperationsEnv,
  row: OperationRow,
  context: WorkContext,
): Promise<WorkOutcome> {
  const input = runAgentInput.parse(row.input);
  const run = await recordRun(env, row.userId, input.agent_id, { inputs: input.inputs });
  const agent = await getOwnedAgentRow(env.db, row.userId, input.agent_id);
  const total = Object.keys(run.nodes as object).length || 1;
  let done = 0;
  let reports = Promise.resolve();
  await context.report({ step: "start", fraction: 0, message: `running "${agent.name}" (${total} blocks)` });
  const outcome = await executeRunById(env, run.id, context.signal, (nodeId, result, graph) => {
    if (result.status === "running" || result.status === "pending") return;
    done++;
    const block = graph.nodes.find((node) => node.id === nodeId)?.block ?? "block";
    const message =
      result.status === "failed" ? `${nodeId} (${block}) failed` : `${nodeId} (${block}) ${result.status}`;
    // In order, never overlapping: each report is a row write and an append.
    reports = reports.then(() =>
      context.report({ step: nodeId, fraction: Math.min(1, done / total), message }).catch(() => undefined),
    );
  });
  await reports;
  context.signal.throwIfAborted();
  if (!outcome) throw new OperationFailure("run_failed", "the run ended before it started");
  const ended = await getRun(env.db, row.userId, run.id);
  if (ended.status !== "completed") {
    const where = ended.error?.node ? ` (node ${ended.error.node})` : "";
    throw new OperationFailure(
      "run_failed",
      `${ended.error?.message ?? `the run ended ${ended.status}`}${where}`,
    );
  }
  return {
    kind: "done",
    result: {
      run_id: ended.id,
      agent_id: input.agent_id,
      name: agent.name,
      status: ended.status,
      outputs: ended.outputs,
    },
  };
}
