import { agentGraphSchema } from "@copilot/protocol";
import { describe, expect, it } from "vitest";
import { COLUMN_WIDTH, layoutGraph, ROW_HEIGHT } from "./graph-layout";

const link = (from: string, to: string) => ({
  from: { node: from, output: "o" },
  to: { node: to, input: "i" },
});

describe("graph layout", () => {
  it("puts each node one column right of its furthest input, rows in graph order", () => {
    const graph = agentGraphSchema.parse({
      nodes: ["a", "b", "c", "d"].map((id) => ({ id, block: "x" })),
      links: [link("a", "b"), link("a", "c"), link("b", "d"), link("c", "d")],
    });
    const positions = layoutGraph(graph);
    expect(positions.get("a")).toEqual({ x: 0, y: 0 });
    expect(positions.get("b")).toEqual({ x: COLUMN_WIDTH, y: 0 });
    expect(positions.get("c")).toEqual({ x: COLUMN_WIDTH, y: ROW_HEIGHT });
    expect(positions.get("d")).toEqual({ x: 2 * COLUMN_WIDTH, y: 0 });
  });

  it("keeps positions the graph gives and survives a cycle", () => {
    const graph = agentGraphSchema.parse({
      nodes: [
        { id: "a", block: "x", position: { x: 5, y: 7 } },
        { id: "b", block: "x" },
        { id: "c", block: "x" },
      ],
      links: [link("b", "c"), link("c", "b")],
    });
    const positions = layoutGraph(graph);
    expect(positions.get("a")).toEqual({ x: 5, y: 7 });
    expect(positions.get("b")).toEqual({ x: COLUMN_WIDTH, y: 0 });
    expect(positions.get("c")).toEqual({ x: COLUMN_WIDTH, y: ROW_HEIGHT });
  });
});
