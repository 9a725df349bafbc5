import { type AgentGraph, agentGraphSchema } from "@copilot/protocol";

/** numbers (default "2 4") → parse_numbers → number_stats → output `sum`: an agent that runs offline in milliseconds. */
export const sumGraph: AgentGraph = agentGraphSchema.parse({
  nodes: [
    { id: "numbers", block: "agent_input", input: { name: "numbers", default: "2 4" } },
    { id: "parse", block: "parse_numbers" },
    { id: "stats", block: "number_stats" },
    { id: "out", block: "agent_output", input: { name: "sum" } },
  ],
  links: [
    { from: { node: "numbers", output: "value" }, to: { node: "parse", input: "text" } },
    { from: { node: "parse", output: "numbers" }, to: { node: "stats", input: "numbers" } },
    { from: { node: "stats", output: "sum" }, to: { node: "out", input: "value" } },
  ],
});
