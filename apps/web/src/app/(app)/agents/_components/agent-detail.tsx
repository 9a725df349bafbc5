"use client";

import type { NodeStatus } from "@copilot/protocol";
import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { isApiError } from "@/lib/api/client";
import { agentQueryOptions, agentRunsQueryOptions } from "@/lib/queries/agents";
import { NodeDetails } from "./node-details";
import { RunForm } from "./run-form";
import { RunList } from "./run-list";

// React Flow measures the page: drawn in the browser only, with a placeholder of the same size.
const AgentGraphView = dynamic(() => import("./agent-graph").then((module) => module.AgentGraphView), {
  ssr: false,
  loading: () => <Skeleton className="h-80 w-full" />,
});

/** One agent: its graph (nodes coloured by the newest run), node details on click, Run, and its runs. */
export function AgentDetail({ agentId }: { agentId: string }) {
  const agent = useQuery(agentQueryOptions(agentId));
  const runs = useQuery(agentRunsQueryOptions(agentId));
  const [selectedNode, setSelectedNode] = useState<string | null>(null);

  if (agent.isPending) return <Skeleton className="h-96 w-full" />;
  if (agent.isError) {
    const missing = isApiError(agent.error) && agent.error.status === 404;
    return (
      <div className="flex flex-col items-start gap-2 text-sm">
        <p className={missing ? "text-muted-foreground" : "text-destructive"}>
          {missing ? "This agent does not exist (any more)." : "The agent could not be loaded."}
        </p>
        {missing ? null : (
          <Button variant="outline" size="sm" onClick={() => void agent.refetch()}>
            Try again
          </Button>
        )}
      </div>
    );
  }
  const { data } = agent;
  const latest = runs.data?.[0] ?? null;
  const statuses = latest
    ? (Object.fromEntries(Object.entries(latest.nodes).map(([id, result]) => [id, result.status])) as Record<
        string,
        NodeStatus
      >)
    : null;

  return (
    <article aria-labelledby="agent-title" className="flex min-w-0 flex-col gap-5">
      <header className="flex flex-col gap-1">
        <h2 id="agent-title" className="font-semibold text-xl">
          {data.name}
        </h2>
        {data.description ? <p className="text-muted-foreground text-sm">{data.description}</p> : null}
        <p className="text-muted-foreground text-xs">
          Version {data.version} · {data.node_count} nodes
        </p>
      </header>
      {/* Details go under the graph, not beside it: a graph that changed width would need fitting again. */}
      <div className="flex flex-col gap-3">
        <AgentGraphView
          graph={data.graph}
          statuses={statuses}
          selected={selectedNode}
          onSelect={setSelectedNode}
        />
        {selectedNode ? (
          <NodeDetails
            graph={data.graph}
            nodeId={selectedNode}
            result={latest?.nodes[selectedNode] ?? null}
            onClose={() => setSelectedNode(null)}
          />
        ) : (
          <p className="text-muted-foreground text-xs">Click a node for its details.</p>
        )}
      </div>
      <section aria-label="Run" className="flex flex-col gap-2">
        <h3 className="font-semibold">Run</h3>
        <RunForm key={`${data.id}:${data.version}`} agent={data} />
      </section>
      <section aria-label="Runs" className="flex flex-col gap-2">
        <h3 className="font-semibold">Runs</h3>
        {runs.isPending ? (
          <Skeleton className="h-20" />
        ) : runs.isError ? (
          <p className="text-destructive text-sm">The runs could not be loaded.</p>
        ) : (
          <RunList agentId={data.id} runs={runs.data} />
        )}
      </section>
    </article>
  );
}
