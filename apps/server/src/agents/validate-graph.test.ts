import type { AgentGraphInput, GraphRule } from "@copilot/protocol";
import { agentGraphSchema, graphIssueSchema } from "@copilot/protocol";
import { describe, expect, it } from "vitest";
import { agentBlocks } from "../blocks/library/catalog";
import { createBlockRegistry } from "../blocks/registry";
import { codeOf } from "../testing/workspace-fixtures";
import { assertValidGraph, validateGraph } from "./validate-graph";

const registry = createBlockRegistry(agentBlocks(null));
const validate = (graph: AgentGraphInput) => validateGraph(agentGraphSchema.parse(graph), registry);

/** numbers → parse → chart → output: valid, and the base each row below breaks in one way. */
const chartGraph = (): AgentGraphInput => ({
  nodes: [
    { id: "numbers", block: "agent_input", input: { name: "numbers", default: "3,1,4" } },
    { id: "parse", block: "parse_numbers" },
    { id: "chart", block: "chart_png", input: { title: "Demo" } },
    { id: "out", block: "agent_output", input: { name: "chart" } },
  ],
  links: [
    { from: { node: "numbers", output: "value" }, to: { node: "parse", input: "text" } },
    { from: { node: "parse", output: "numbers" }, to: { node: "chart", input: "values" } },
    { from: { node: "chart", output: "image" }, to: { node: "out", input: "value" } },
  ],
});

type Row = {
  rule: GraphRule;
  node: string | null;
  field: string | null;
  message: RegExp;
  graph: () => AgentGraphInput;
};
const edit = (change: (graph: Required<AgentGraphInput>) => void) => () => {
  const graph = chartGraph() as Required<AgentGraphInput>;
  change(graph);
  return graph;
};
const link = (from: string, output: string, to: string, input: string, key?: string) => ({
  from: { node: from, output },
  to: key ? { node: to, input, key } : { node: to, input },
});

const rows: Row[] = [
  {
    rule: "duplicate_node",
    node: "parse",
    field: null,
    message: /node id "parse" is used twice/,
    graph: edit((g) => g.nodes.push({ id: "parse", block: "text_stats", input: { text: "x" } })),
  },
  {
    rule: "unknown_block",
    node: "chart",
    field: null,
    message: /unknown block "pie_chart"/,
    graph: edit((g) => {
      g.nodes[2] = { id: "chart", block: "pie_chart", input: {} };
    }),
  },
  {
    rule: "unknown_input",
    node: "chart",
    field: "colour",
    message: /block chart_png has no input "colour" \(it has values, labels, title\)/,
    graph: edit((g) => {
      g.nodes[2] = { id: "chart", block: "chart_png", input: { colour: "red" } };
    }),
  },
  {
    rule: "unknown_input",
    node: "chart",
    field: "numbers",
    message: /link 4 .*no input "numbers"/,
    graph: edit((g) => g.links.push(link("parse", "numbers", "chart", "numbers"))),
  },
  {
    rule: "unknown_output",
    node: "parse",
    field: "values",
    message: /block parse_numbers has no output "values" \(it has numbers\)/,
    graph: edit((g) => {
      g.links[1] = link("parse", "values", "chart", "values");
    }),
  },
  {
    rule: "unknown_node",
    node: "ghost",
    field: null,
    message: /there is no node "ghost"/,
    graph: edit((g) => g.links.push(link("ghost", "text", "out", "value"))),
  },
  {
    rule: "invalid_value",
    node: "chart",
    field: "title",
    message: /node "chart" input "title": .*string/,
    graph: edit((g) => {
      g.nodes[2] = { id: "chart", block: "chart_png", input: { title: 42 } };
    }),
  },
  {
    rule: "incompatible_types",
    node: "chart",
    field: "values",
    message: /string output does not fit list of number input/,
    graph: edit((g) => {
      g.links[1] = link("numbers", "value", "chart", "values");
    }),
  },
  {
    rule: "not_a_record",
    node: "chart",
    field: "title",
    message: /input "title" is string, not a record/,
    graph: edit((g) => g.links.push(link("numbers", "value", "chart", "title", "x"))),
  },
  {
    rule: "duplicate_link",
    node: "parse",
    field: "text",
    message: /link 1 already fills this input/,
    graph: edit((g) => g.links.push(link("numbers", "value", "parse", "text"))),
  },
  {
    rule: "self_link",
    node: "out",
    field: "name",
    message: /a node cannot feed its own input/,
    graph: edit((g) => g.links.push(link("out", "value", "out", "name"))),
  },
  {
    rule: "cycle",
    node: "a",
    field: null,
    message: /cycle through "a", "b"/,
    graph: () => ({
      nodes: [
        { id: "a", block: "text_template", input: { template: "{{x}}" } },
        { id: "b", block: "text_template", input: { template: "{{x}}" } },
      ],
      links: [link("a", "text", "b", "values", "x"), link("b", "text", "a", "values", "x")],
    }),
  },
  {
    rule: "missing_input",
    node: "parse",
    field: "text",
    message: /required input "text" of parse_numbers has no value and no link/,
    graph: edit((g) => g.links.splice(0, 1)),
  },
  {
    rule: "duplicate_io_name",
    node: "again",
    field: "name",
    message: /agent_input "numbers" is also node "numbers"/,
    graph: edit((g) =>
      g.nodes.push({ id: "again", block: "agent_input", input: { name: "numbers", default: "1" } }),
    ),
  },
];

describe("graph validation", () => {
  it("accepts a valid graph", () => {
    expect(validate(chartGraph())).toEqual([]);
  });

  it.each(rows)("refuses $rule ($message)", (row) => {
    const issues = validate(row.graph());
    expect(issues, JSON.stringify(issues)).toHaveLength(1);
    expect(issues[0]).toMatchObject({ rule: row.rule, node: row.node, field: row.field });
    expect(issues[0]?.message).toMatch(row.message);
  });

  it("covers every rule of the protocol", () => {
    const rules = new Set(rows.map((row) => row.rule));
    expect([...rules].sort()).toEqual([...graphIssueSchema.shape.rule.options].sort());
  });

  it("reports every broken rule at once and throws bad_request with the issues", async () => {
    const graph = agentGraphSchema.parse({
      nodes: [
        { id: "a", block: "nope" },
        { id: "b", block: "parse_numbers" },
      ],
    });
    const issues = validateGraph(graph, registry);
    expect(issues.map((found) => found.rule)).toEqual(["unknown_block", "missing_input"]);
    const error = await Promise.resolve()
      .then(() => assertValidGraph(graph, registry))
      .catch((reason: unknown) => reason);
    expect(await codeOf(Promise.reject(error))).toBe("bad_request");
    expect((error as { details: { issues: unknown[] } }).details.issues).toHaveLength(2);
  });

  it("lets a link fill a required input that has no constant, and a key link fill a record", () => {
    expect(
      validate({
        nodes: [
          { id: "n", block: "agent_input", input: { name: "n", default: "1 2" } },
          { id: "p", block: "parse_numbers" },
          { id: "s", block: "number_stats" },
          { id: "t", block: "text_template", input: { template: "sum {{sum}} of {{raw}}" } },
        ],
        links: [
          link("n", "value", "p", "text"),
          link("p", "numbers", "s", "numbers"),
          link("s", "sum", "t", "values", "sum"),
          link("n", "value", "t", "values", "raw"),
        ],
      }),
    ).toEqual([]);
  });
});
