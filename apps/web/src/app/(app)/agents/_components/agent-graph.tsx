"use client";

import type { AgentGraph as Graph, NodeStatus } from "@copilot/protocol";
import {
  Background,
  Controls,
  type Edge,
  Handle,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useMemo } from "react";
import { cn } from "@/lib/cn";
import { layoutGraph } from "./graph-layout";
import { statusTone } from "./run-status";

type BlockNodeData = { label: string; block: string; status: NodeStatus | null; selected: boolean };
type BlockNode = Node<BlockNodeData, "block">;

/** One node: its id, its block, and (when a run is shown) how it went, by colour and in words. */
function BlockNodeView({ data }: NodeProps<BlockNode>) {
  return (
    <div
      data-testid="agent-node"
      data-node-id={data.label}
      data-status={data.status ?? undefined}
      className={cn(
        "w-48 rounded-md border bg-card px-3 py-2 text-left shadow-sm",
        data.status && statusTone[data.status].border,
        data.selected && "ring-2 ring-ring",
      )}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="truncate font-medium text-sm">{data.label}</div>
      <div className="flex items-center justify-between gap-2 text-muted-foreground text-xs">
        <span className="truncate font-mono">{data.block}</span>
        {data.status ? <span className={statusTone[data.status].text}>{data.status}</span> : null}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

const nodeTypes = { block: BlockNodeView };

/**
 * An agent's graph, read-only: nodes laid out left to right by dependency, links labelled
 * `output → input`. Clicking a node selects it (its details show beside the graph); clicking
 * the background clears the selection. `statuses` colours nodes by a run's results.
 */
export function AgentGraphView({
  graph,
  statuses,
  selected,
  onSelect,
}: {
  graph: Graph;
  statuses: Record<string, NodeStatus> | null;
  selected: string | null;
  onSelect(nodeId: string | null): void;
}) {
  const positions = useMemo(() => layoutGraph(graph), [graph]);
  const nodes: BlockNode[] = graph.nodes.map((node) => ({
    id: node.id,
    type: "block",
    position: positions.get(node.id) ?? { x: 0, y: 0 },
    data: {
      label: node.id,
      block: node.block,
      status: statuses?.[node.id] ?? null,
      selected: node.id === selected,
    },
    draggable: false,
    connectable: false,
  }));
  const edges: Edge[] = graph.links.map((link, index) => ({
    id: `link-${index}`,
    source: link.from.node,
    target: link.to.node,
    label: `${link.from.output} → ${link.to.input}${link.to.key ? `.${link.to.key}` : ""}`,
    labelStyle: { fontSize: 10 },
  }));
  return (
    <div data-testid="agent-graph" className="h-80 w-full overflow-hidden rounded-lg border bg-muted/30">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={{ padding: 0.15 }}
        nodesConnectable={false}
        nodesDraggable={false}
        edgesFocusable={false}
        onNodeClick={(_, node) => onSelect(node.id)}
        onPaneClick={() => onSelect(null)}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
