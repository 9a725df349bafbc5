"use client";

import type { AgentGraph, NodeResult } from "@copilot/protocol";
import { XIcon } from "@phosphor-icons/react";
import { useQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { blocksQueryOptions } from "@/lib/queries/agents";
import { isImageReference, RunValue } from "./run-value";

/** Images one by one (each through the safe image rendering), everything else as one JSON block. */
function NodeOutput({ output }: { output: Record<string, unknown> }) {
  const entries = Object.entries(output);
  const images = entries.filter(([, value]) => isImageReference(value));
  const rest = Object.fromEntries(entries.filter(([, value]) => !isImageReference(value)));
  return (
    <>
      {images.map(([name, value]) => (
        <RunValue key={name} name={name} value={value} />
      ))}
      {Object.keys(rest).length > 0 ? <RunValue name="output" value={rest} /> : null}
    </>
  );
}

/** A clicked node: its block and what it does, its constant inputs, its links, and its last result. */
export function NodeDetails({
  graph,
  nodeId,
  result,
  onClose,
}: {
  graph: AgentGraph;
  nodeId: string;
  result: NodeResult | null;
  onClose(): void;
}) {
  const blocks = useQuery(blocksQueryOptions());
  const node = graph.nodes.find((candidate) => candidate.id === nodeId);
  if (!node) return null;
  const block = blocks.data?.find((candidate) => candidate.name === node.block);
  const incoming = graph.links.filter((link) => link.to.node === node.id);
  return (
    <section
      aria-label={`Node ${node.id}`}
      data-testid="node-details"
      className="flex flex-col gap-2 rounded-lg border p-3 text-sm"
    >
      <div className="flex items-start justify-between gap-2">
        <div>
          <h3 className="font-semibold">{node.id}</h3>
          <p className="font-mono text-muted-foreground text-xs">{node.block}</p>
        </div>
        <Button variant="ghost" size="icon" aria-label="Close node details" onClick={onClose}>
          <XIcon aria-hidden="true" />
        </Button>
      </div>
      {block ? <p className="text-muted-foreground">{block.description}</p> : null}
      {Object.keys(node.input).length > 0 ? (
        <div>
          <h4 className="font-medium text-xs">Inputs</h4>
          <RunValue name="inputs" value={node.input} />
        </div>
      ) : null}
      {incoming.length > 0 ? (
        <ul className="text-xs">
          {incoming.map((link) => (
            <li
              key={`${link.from.node}.${link.from.output}.${link.to.input}.${link.to.key ?? ""}`}
              className="font-mono"
            >
              {link.from.node}.{link.from.output} → {link.to.input}
              {link.to.key ? `.${link.to.key}` : ""}
            </li>
          ))}
        </ul>
      ) : null}
      {result ? (
        <div className="flex flex-col gap-1">
          <h4 className="font-medium text-xs">Last run: {result.status}</h4>
          {result.error ? <p className="text-destructive text-xs">{result.error.message}</p> : null}
          {result.output ? <NodeOutput output={result.output} /> : null}
        </div>
      ) : null}
    </section>
  );
}
