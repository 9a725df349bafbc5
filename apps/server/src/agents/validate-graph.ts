import type { AgentGraph, GraphIssue, GraphRule } from "@copilot/protocol";
import type { Block } from "../blocks/block";
import { AGENT_INPUT, AGENT_OUTPUT } from "../blocks/library/graph-io-blocks";
import type { BlockRegistry } from "../blocks/registry";
import { AppError } from "../errors";
import { blockFields, describeType, incompatibility } from "./field-types";

const issue = (rule: GraphRule, node: string | null, field: string | null, message: string): GraphIssue => ({
  rule,
  node,
  field,
  message,
});

/** Node ids in an order where every link goes forward, or the ids left on a cycle. */
function topologicalOrder(graph: AgentGraph): { order: string[]; cyclic: string[] } {
  const indegree = new Map(graph.nodes.map((node) => [node.id, 0]));
  const next = new Map<string, string[]>(graph.nodes.map((node) => [node.id, []]));
  for (const link of graph.links) {
    // Unknown nodes and self links are reported by their own rules, not as cycles.
    if (!indegree.has(link.from.node) || !indegree.has(link.to.node) || link.from.node === link.to.node)
      continue;
    indegree.set(link.to.node, (indegree.get(link.to.node) ?? 0) + 1);
    next.get(link.from.node)?.push(link.to.node);
  }
  const ready = graph.nodes.filter((node) => indegree.get(node.id) === 0).map((node) => node.id);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift() as string;
    order.push(id);
    for (const target of next.get(id) ?? []) {
      const left = (indegree.get(target) ?? 0) - 1;
      indegree.set(target, left);
      if (left === 0) ready.push(target);
    }
  }
  const placed = new Set(order);
  return { order, cyclic: graph.nodes.filter((node) => !placed.has(node.id)).map((node) => node.id) };
}

/** The zod message of a constant that does not fit its field, or null when it fits. */
function valueProblem(block: Block, field: string, value: unknown): string | null {
  const schema = block.input.shape[field];
  if (!schema || typeof (schema as { safeParse?: unknown }).safeParse !== "function") return null;
  const parsed = (
    schema as {
      safeParse(value: unknown): {
        success: boolean;
        error?: { issues: Array<{ message: string; path: PropertyKey[] }> };
      };
    }
  ).safeParse(value);
  if (parsed.success) return null;
  const first = parsed.error?.issues[0];
  const where = first && first.path.length > 0 ? ` at ${first.path.map(String).join(".")}` : "";
  return `${first?.message ?? "invalid value"}${where}`;
}

/**
 * Every rule a graph breaks (docs/agents.md "Validation"), in graph order; empty when the graph is
 * valid. Rules: node ids are unique; blocks exist; constant inputs exist and fit their schema;
 * links name existing nodes, outputs and inputs, join compatible types, fill each input (or
 * record key) once and never a node's own input; no cycles; every required input has a constant
 * or a link; agent input and output names are unique.
 */
export function validateGraph(graph: AgentGraph, registry: BlockRegistry): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const blocks = new Map<string, Block>();
  const seen = new Set<string>();
  const ioNames = new Map<string, string>();

  for (const node of graph.nodes) {
    if (seen.has(node.id)) {
      issues.push(issue("duplicate_node", node.id, null, `node id "${node.id}" is used twice`));
      continue;
    }
    seen.add(node.id);
    const block = registry.get(node.block);
    if (!block) {
      issues.push(issue("unknown_block", node.id, null, `node "${node.id}": unknown block "${node.block}"`));
      continue;
    }
    blocks.set(node.id, block);
    const { inputs } = blockFields(block);
    for (const [field, value] of Object.entries(node.input)) {
      if (!inputs.has(field)) {
        issues.push(
          issue(
            "unknown_input",
            node.id,
            field,
            `node "${node.id}": block ${block.name} has no input "${field}" (it has ${[...inputs.keys()].join(", ")})`,
          ),
        );
        continue;
      }
      const problem = valueProblem(block, field, value);
      if (problem)
        issues.push(issue("invalid_value", node.id, field, `node "${node.id}" input "${field}": ${problem}`));
    }
    if (node.block === AGENT_INPUT || node.block === AGENT_OUTPUT) {
      const name = node.input.name;
      const key = `${node.block}:${String(name)}`;
      if (typeof name === "string" && ioNames.has(key)) {
        issues.push(
          issue(
            "duplicate_io_name",
            node.id,
            "name",
            `node "${node.id}": ${node.block} "${name}" is also node "${ioNames.get(key)}"`,
          ),
        );
      } else if (typeof name === "string") ioNames.set(key, node.id);
    }
  }

  const filled = new Map<string, number>();
  graph.links.forEach((link, index) => {
    const where = `link ${index + 1} (${link.from.node}.${link.from.output} → ${link.to.node}.${link.to.input}${link.to.key ? `[${link.to.key}]` : ""})`;
    const source = blocks.get(link.from.node);
    const target = blocks.get(link.to.node);
    if (!seen.has(link.from.node) || !seen.has(link.to.node)) {
      const missing = seen.has(link.from.node) ? link.to.node : link.from.node;
      issues.push(issue("unknown_node", missing, null, `${where}: there is no node "${missing}"`));
      return;
    }
    if (link.from.node === link.to.node) {
      issues.push(
        issue("self_link", link.to.node, link.to.input, `${where}: a node cannot feed its own input`),
      );
      return;
    }
    if (!source || !target) return; // its unknown block is already reported
    const outputType = blockFields(source).outputs.get(link.from.output);
    if (!outputType) {
      issues.push(
        issue(
          "unknown_output",
          link.from.node,
          link.from.output,
          `${where}: block ${source.name} has no output "${link.from.output}" (it has ${[...blockFields(source).outputs.keys()].join(", ")})`,
        ),
      );
      return;
    }
    let inputType = blockFields(target).inputs.get(link.to.input);
    if (!inputType) {
      issues.push(
        issue(
          "unknown_input",
          link.to.node,
          link.to.input,
          `${where}: block ${target.name} has no input "${link.to.input}" (it has ${[...blockFields(target).inputs.keys()].join(", ")})`,
        ),
      );
      return;
    }
    if (link.to.key !== undefined) {
      if (inputType.kind !== "object" || !inputType.additional) {
        issues.push(
          issue(
            "not_a_record",
            link.to.node,
            link.to.input,
            `${where}: input "${link.to.input}" is ${describeType(inputType)}, not a record, so it has no keys to fill`,
          ),
        );
        return;
      }
      inputType = inputType.additional;
    }
    const slot = `${link.to.node}\u0000${link.to.input}\u0000${link.to.key ?? ""}`;
    if (filled.has(slot)) {
      issues.push(
        issue(
          "duplicate_link",
          link.to.node,
          link.to.input,
          `${where}: link ${filled.get(slot)} already fills this input`,
        ),
      );
      return;
    }
    filled.set(slot, index + 1);
    const reason = incompatibility(outputType, inputType);
    if (reason) {
      issues.push(
        issue(
          "incompatible_types",
          link.to.node,
          link.to.input,
          `${where}: ${describeType(outputType)} output does not fit ${describeType(inputType)} input (${reason})`,
        ),
      );
    }
  });

  const { cyclic } = topologicalOrder(graph);
  if (cyclic.length > 0) {
    issues.push(
      issue(
        "cycle",
        cyclic[0] ?? null,
        null,
        `the links make a cycle through ${cyclic.map((id) => `"${id}"`).join(", ")}`,
      ),
    );
  }

  for (const node of graph.nodes) {
    const block = blocks.get(node.id);
    if (!block) continue;
    for (const field of blockFields(block).requiredInputs) {
      const linked = graph.links.some((link) => link.to.node === node.id && link.to.input === field);
      if (node.input[field] === undefined && !linked) {
        issues.push(
          issue(
            "missing_input",
            node.id,
            field,
            `node "${node.id}": required input "${field}" of ${block.name} has no value and no link`,
          ),
        );
      }
    }
  }
  return issues;
}

/** Throws `bad_request` listing every issue (details `issues`) unless the graph is valid. */
export function assertValidGraph(graph: AgentGraph, registry: BlockRegistry): void {
  const issues = validateGraph(graph, registry);
  if (issues.length === 0) return;
  throw new AppError(
    "bad_request",
    `invalid agent graph: ${issues.map((found) => found.message).join("; ")}`,
    {
      issues,
    },
  );
}
