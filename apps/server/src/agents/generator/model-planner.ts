import { type AgentGraph, agentGraphSchema, type GraphIssue } from "@copilot/protocol";
import { generateText, type LanguageModel, Output } from "ai";
import { z } from "zod";
import type { BlockRegistry } from "../../blocks/registry";
import { AppError } from "../../errors";
import type { WorkOptions } from "../engine";
import { blockFields } from "../field-types";
import { validateGraph } from "../validate-graph";

/**
 * The model's side of the generator: plan, pick blocks, build the graph as structured output,
 * validate, and repair with the validation errors fed back, at most `maxRepairs` times. The graph
 * schema the model fills is strict-mode friendly (no free-form objects: input values are JSON
 * texts), and is turned into a real graph here.
 */
const planSchema = z.object({
  name: z.string().describe("A short name for the agent"),
  description: z.string().describe("One sentence: what the agent does"),
  steps: z.array(z.string()).describe("The steps the agent takes, in order"),
  blocks: z.array(z.string()).describe("The names of the blocks those steps need"),
});

const modelGraphSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.string().describe("A short id: a letter, then letters, digits, _ or -"),
      block: z.string().describe("The block's name"),
      inputs: z
        .array(
          z.object({ name: z.string(), value_json: z.string().describe("The constant value as JSON text") }),
        )
        .describe("Constant input values (inputs fed by links are left out)"),
    }),
  ),
  links: z.array(
    z.object({
      from_node: z.string(),
      from_output: z.string(),
      to_node: z.string(),
      to_input: z.string(),
      to_key: z
        .string()
        .nullable()
        .describe("For a record input (e.g. a template's values): the key to fill; else null"),
    }),
  ),
});
type ModelGraph = z.infer<typeof modelGraphSchema>;

/** The model's graph as a real one, or the issues that stop it being one. */
function fromModelGraph(draft: ModelGraph): { graph: AgentGraph } | { issues: GraphIssue[] } {
  const issues: GraphIssue[] = [];
  const nodes = draft.nodes.map((node) => {
    const input: Record<string, unknown> = {};
    for (const { name, value_json } of node.inputs) {
      try {
        input[name] = JSON.parse(value_json);
      } catch {
        issues.push({
          rule: "invalid_value",
          node: node.id,
          field: name,
          message: `node "${node.id}" input "${name}": value_json is not valid JSON`,
        });
      }
    }
    return { id: node.id, block: node.block, input };
  });
  const links = draft.links.map((link) => ({
    from: { node: link.from_node, output: link.from_output },
    to: link.to_key
      ? { node: link.to_node, input: link.to_input, key: link.to_key }
      : { node: link.to_node, input: link.to_input },
  }));
  const parsed = agentGraphSchema.safeParse({ nodes, links });
  if (!parsed.success) {
    for (const problem of parsed.error.issues) {
      issues.push({
        rule: "invalid_value",
        node: null,
        field: problem.path.join("."),
        message: `${problem.path.join(".")}: ${problem.message}`,
      });
    }
  }
  return issues.length > 0 || !parsed.success ? { issues } : { graph: parsed.data };
}

function catalog(registry: BlockRegistry, names?: Set<string>): string {
  return registry
    .list()
    .filter((block) => !names || names.has(block.name))
    .map((block) => {
      if (!names) return `- ${block.name}: ${block.description}`;
      const fields = blockFields(block);
      const inputs = [...fields.inputs.keys()].map((name) =>
        fields.requiredInputs.has(name) ? `${name} (required)` : name,
      );
      const input = JSON.stringify(z.toJSONSchema(block.input, { io: "input", unrepresentable: "any" }));
      return `- ${block.name}: ${block.description}\n  inputs: ${inputs.join(", ")}; outputs: ${[...fields.outputs.keys()].join(", ")}\n  input schema: ${input}`;
    })
    .join("\n");
}

const GRAPH_RULES = [
  "An agent is a graph of nodes (each runs one block) and links (one node's output into another node's input).",
  'Start with agent_input nodes for what the user gives at run time (set "name" and a "default"), end with agent_output nodes (set "name"; link the result into "value").',
  "Every required input needs a constant value or a link. No cycles. Link types must fit (a list of numbers into a list of numbers input, text into text).",
  'To fill one placeholder of a text_template, link into input "values" with to_key set to the placeholder name.',
].join("\n");

export type ModelGeneration = { name: string; description: string; graph: AgentGraph; attempts: number };

export async function generateWithModel(
  goal: string,
  env: { blocks: BlockRegistry; model: LanguageModel; maxRepairs: number },
  options: WorkOptions,
): Promise<ModelGeneration> {
  const { signal, onProgress } = options;
  const totalSteps = 3 + env.maxRepairs;
  let step = 0;
  const report = (name: string, message: string) =>
    onProgress?.({ step: name, fraction: Math.min(1, ++step / totalSteps), message });

  await report("plan", "planning the agent");
  const { output: plan } = await generateText({
    model: env.model,
    output: Output.object({ schema: planSchema }),
    system: `You design agents from building blocks.\n${GRAPH_RULES}\nBlocks:\n${catalog(env.blocks)}`,
    prompt: `Goal: ${goal}\nPlan the agent: name, description, steps and the blocks it needs.`,
    abortSignal: signal,
  });

  const picked = new Set(plan.blocks.filter((name) => env.blocks.get(name)));
  for (const name of ["agent_input", "agent_output"]) if (env.blocks.get(name)) picked.add(name);
  await report("pick_blocks", `blocks: ${[...picked].join(", ")}`);

  const instructions = `You build agent graphs.\n${GRAPH_RULES}\nBlocks you may use:\n${catalog(env.blocks, picked)}`;
  let prompt = `Goal: ${goal}\nPlan:\n${plan.steps.map((line, index) => `${index + 1}. ${line}`).join("\n")}\nBuild the graph.`;
  let issues: GraphIssue[] = [];
  for (let attempt = 1; attempt <= env.maxRepairs + 1; attempt++) {
    await report(
      attempt === 1 ? "build" : "repair",
      attempt === 1 ? "building the graph" : `repairing the graph (attempt ${attempt})`,
    );
    const { output: draft } = await generateText({
      model: env.model,
      output: Output.object({ schema: modelGraphSchema }),
      system: instructions,
      prompt,
      abortSignal: signal,
    });
    const converted = fromModelGraph(draft);
    issues = "graph" in converted ? validateGraph(converted.graph, env.blocks) : converted.issues;
    await report(
      "validate",
      issues.length === 0 ? "the graph is valid" : `${issues.length} problem(s) found`,
    );
    if ("graph" in converted && issues.length === 0) {
      return {
        name: plan.name.trim() || "Agent",
        description: plan.description.trim(),
        graph: converted.graph,
        attempts: attempt,
      };
    }
    prompt = `Goal: ${goal}\nYour previous graph:\n${JSON.stringify(draft)}\nIt is invalid:\n${issues.map((found) => `- ${found.message}`).join("\n")}\nReturn the corrected graph.`;
  }
  throw new AppError(
    "bad_request",
    `the model could not build a valid agent in ${env.maxRepairs + 1} attempts: ${issues.map((found) => found.message).join("; ")}`,
    {
      issues,
    },
  );
}
