import type { AgentGraph } from "@copilot/protocol";

export const COLUMN_WIDTH = 300;
export const ROW_HEIGHT = 110;

/**
 * Where each node is drawn when the graph does not say: a column per step (a node sits one column
 * right of the furthest node it takes a link from) and the nodes of a column one under the other,
 * in graph order. Nodes on a cycle (an invalid graph) go in a last column. Pure, for tests.
 */
export function layoutGraph(graph: AgentGraph): Map<string, { x: number; y: number }> {
  const depth = new Map<string, number>();
  const incoming = new Map<string, string[]>(graph.nodes.map((node) => [node.id, []]));
  for (const link of graph.links) incoming.get(link.to.node)?.push(link.from.node);
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return Number.NaN;
    visiting.add(id);
    const parents = (incoming.get(id) ?? []).filter((parent) => incoming.has(parent)).map(depthOf);
    visiting.delete(id);
    const value = parents.length === 0 ? 0 : Math.max(...parents) + 1;
    depth.set(id, value);
    return value;
  };
  const columns = graph.nodes.map((node) => depthOf(node.id));
  const last = Math.max(0, ...columns.filter(Number.isFinite)) + 1;
  const rows = new Map<number, number>();
  const positions = new Map<string, { x: number; y: number }>();
  graph.nodes.forEach((node, index) => {
    const column = Number.isFinite(columns[index]) ? (columns[index] as number) : last;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    positions.set(node.id, node.position ?? { x: column * COLUMN_WIDTH, y: row * ROW_HEIGHT });
  });
  return positions;
}
