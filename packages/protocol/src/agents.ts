import { z } from "zod";
import { isoDateTime, listQuerySchema, uuid } from "./common";

/**
 * Agents (docs/agents.md): a graph of blocks. A node runs one block with constant input values; a
 * link carries one output of a node into one input of another (or into one key of a record
 * input, `to.key`). The graph is checked against the block registry by the server; these schemas
 * only bound its size and spelling.
 */
export const AGENT_MAX_NODES = 50;
export const AGENT_MAX_LINKS = 200;

/** Node ids are short names a person or a model can write and read back in errors. */
export const nodeIdSchema = z
  .string()
  .regex(/^[A-Za-z][\w-]{0,63}$/, "node ids start with a letter and use letters, digits, _ or - (≤ 64)");
const fieldNameSchema = z.string().min(1).max(100);

export const agentNodeSchema = z.object({
  id: nodeIdSchema,
  block: z.string().min(1).max(100).describe("The block's name"),
  input: z.record(z.string(), z.unknown()).default({}).describe("Constant input values by input name"),
  /** Where the web app draws the node; ignored by validation and runs. */
  position: z.object({ x: z.number(), y: z.number() }).optional(),
});
export type AgentNode = z.infer<typeof agentNodeSchema>;

export const agentLinkSchema = z.object({
  from: z.object({ node: nodeIdSchema, output: fieldNameSchema }),
  to: z.object({
    node: nodeIdSchema,
    input: fieldNameSchema,
    /** Set when `input` is a record (e.g. a template's `values`): the link fills this one key. */
    key: z.string().min(1).max(100).optional(),
  }),
});
export type AgentLink = z.infer<typeof agentLinkSchema>;

export const agentGraphSchema = z.object({
  nodes: z.array(agentNodeSchema).min(1).max(AGENT_MAX_NODES),
  links: z.array(agentLinkSchema).max(AGENT_MAX_LINKS).default([]),
});
export type AgentGraph = z.infer<typeof agentGraphSchema>;
export type AgentGraphInput = z.input<typeof agentGraphSchema>;

/** One refused rule: which rule, where (node and field when there is one), and why. */
export const graphIssueSchema = z.object({
  rule: z.enum([
    "duplicate_node",
    "duplicate_io_name",
    "unknown_block",
    "unknown_input",
    "unknown_output",
    "unknown_node",
    "invalid_value",
    "incompatible_types",
    "not_a_record",
    "duplicate_link",
    "self_link",
    "cycle",
    "missing_input",
  ]),
  node: z.string().nullable(),
  field: z.string().nullable(),
  message: z.string(),
});
export type GraphIssue = z.infer<typeof graphIssueSchema>;
export type GraphRule = GraphIssue["rule"];

export const agentSummarySchema = z.object({
  id: uuid,
  name: z.string(),
  description: z.string(),
  /** The current version: every change of the graph makes a new one. */
  version: z.number().int().positive(),
  node_count: z.number().int().nonnegative(),
  created_at: isoDateTime,
  updated_at: isoDateTime,
});
export type AgentSummary = z.infer<typeof agentSummarySchema>;

/** An agent input the run form asks for (an `agent_input` node of the graph). */
export const agentInputFieldSchema = z.object({
  name: z.string(),
  description: z.string(),
  default: z.string().nullable(),
});
export type AgentInputField = z.infer<typeof agentInputFieldSchema>;

export const agentSchema = agentSummarySchema.extend({
  graph: agentGraphSchema,
  inputs: z.array(agentInputFieldSchema),
});
export type Agent = z.infer<typeof agentSchema>;

const nameSchema = z.string().trim().min(1).max(200);
const descriptionSchema = z.string().trim().max(2_000);

export const createAgentSchema = z.object({
  name: nameSchema,
  description: descriptionSchema.default(""),
  graph: agentGraphSchema,
});
export type CreateAgentBody = z.input<typeof createAgentSchema>;

export const updateAgentSchema = z
  .object({
    name: nameSchema.optional(),
    description: descriptionSchema.optional(),
    graph: agentGraphSchema.optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: "give at least one of name, description, graph",
  });
export type UpdateAgentBody = z.input<typeof updateAgentSchema>;

export const listAgentsQuerySchema = listQuerySchema.extend({
  q: z.string().trim().max(200).optional().describe("Only agents whose name or description contains this"),
});

export const runStatusSchema = z.enum(["queued", "running", "completed", "failed", "cancelled"]);
export type RunStatus = z.infer<typeof runStatusSchema>;
export const nodeStatusSchema = z.enum(["pending", "running", "completed", "failed", "cancelled", "skipped"]);
export type NodeStatus = z.infer<typeof nodeStatusSchema>;

export const runErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** The node that failed, when a node did. */
  node: z.string().nullable(),
});
export type RunError = z.infer<typeof runErrorSchema>;

export const nodeResultSchema = z.object({
  status: nodeStatusSchema,
  started_at: isoDateTime.nullable(),
  ended_at: isoDateTime.nullable(),
  output: z.record(z.string(), z.unknown()).nullable(),
  error: runErrorSchema.nullable(),
});
export type NodeResult = z.infer<typeof nodeResultSchema>;

/** Run inputs are text by name, like form fields; blocks such as `parse_numbers` give them types. */
export const runInputsSchema = z.record(z.string().min(1).max(100), z.string().max(100_000));
export type RunInputs = z.infer<typeof runInputsSchema>;

export const agentRunSchema = z.object({
  id: uuid,
  agent_id: uuid,
  version: z.number().int().positive(),
  status: runStatusSchema,
  inputs: runInputsSchema,
  /** The values of the graph's `agent_output` nodes by name (filled as they finish). */
  outputs: z.record(z.string(), z.unknown()),
  nodes: z.record(z.string(), nodeResultSchema),
  error: runErrorSchema.nullable(),
  created_at: isoDateTime,
  started_at: isoDateTime.nullable(),
  ended_at: isoDateTime.nullable(),
});
export type AgentRun = z.infer<typeof agentRunSchema>;

export const startRunSchema = z.object({
  inputs: runInputsSchema.default({}),
  /** Run an older version of the graph; the current one when absent. */
  version: z.number().int().positive().optional(),
});
export type StartRunBody = z.input<typeof startRunSchema>;

export const runParamsSchema = z.object({ run_id: uuid });

/**
 * What long agent work reports as it goes (a run's nodes, the generator's steps): a step name,
 * how far along (0–1) and a line for a person. Part of the operation progress of docs/agents.md.
 */
export const agentProgressSchema = z.object({
  step: z.string(),
  fraction: z.number().min(0).max(1),
  message: z.string(),
  node: z.string().optional(),
  status: nodeStatusSchema.optional(),
  output: z.record(z.string(), z.unknown()).optional(),
});
export type AgentProgress = z.infer<typeof agentProgressSchema>;

/** A block as `GET /api/agents/blocks` describes it: its purpose and JSON Schemas of its fields. */
export const blockInfoSchema = z.object({
  name: z.string(),
  description: z.string(),
  input_schema: z.record(z.string(), z.unknown()),
  output_schema: z.record(z.string(), z.unknown()),
});
export type BlockInfo = z.infer<typeof blockInfoSchema>;
