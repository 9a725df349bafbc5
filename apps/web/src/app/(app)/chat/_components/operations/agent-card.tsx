"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import {
  agentQueryOptions,
  agentRunsQueryOptions,
  agentsKeys,
  startRunMutationOptions,
} from "@/lib/queries/agents";
import { RunStatusBadge } from "../../../agents/_components/run-status";
import { RunValue } from "../../../agents/_components/run-value";

// React Flow measures the page: drawn in the browser only, with a placeholder of the same size.
const AgentGraphView = dynamic(
  () => import("../../../agents/_components/agent-graph").then((module) => module.AgentGraphView),
  { ssr: false, loading: () => <Skeleton className="h-80 w-full" /> },
);

/**
 * A generated agent in the chat: its graph, a Run button (with the inputs' defaults) and the
 * newest run's status and outputs, plus a link to the Agents page for everything else.
 */
export function AgentCard({ agentId }: { agentId: string }) {
  const queryClient = useQueryClient();
  const agent = useQuery(agentQueryOptions(agentId));
  const runs = useQuery({ ...agentRunsQueryOptions(agentId), enabled: agent.isSuccess });
  const [selected, setSelected] = useState<string | null>(null);
  const start = useMutation({
    ...startRunMutationOptions(),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agentsKeys.runs(agentId) }),
  });

  if (agent.isPending) return <Skeleton className="h-40 w-full" />;
  if (agent.isError) {
    return <p className="text-muted-foreground text-xs">This agent is no longer available.</p>;
  }
  const latest = runs.data?.[0] ?? null;
  return (
    <div data-testid="agent-card" className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{agent.data.name}</span>
        <span className="text-muted-foreground text-xs">{agent.data.description}</span>
      </div>
      <AgentGraphView graph={agent.data.graph} statuses={null} selected={selected} onSelect={setSelected} />
      <div className="flex flex-wrap items-center gap-2">
        <Button
          size="sm"
          data-testid="agent-run"
          disabled={start.isPending}
          onClick={() => start.mutate({ id: agentId, inputs: {} })}
        >
          Run
        </Button>
        <Button asChild size="sm" variant="outline">
          <Link href={`/agents?agent=${agentId}`}>Open in Agents</Link>
        </Button>
        {latest ? <RunStatusBadge status={latest.status} /> : null}
        {start.isError ? (
          <span role="alert" className="text-destructive text-xs">
            {start.error.message}
          </span>
        ) : null}
      </div>
      {latest?.status === "completed" ? (
        <ul aria-label="Run outputs" className="flex flex-col gap-2">
          {Object.entries(latest.outputs).map(([name, value]) => (
            <li key={name} data-output-name={name} className="flex flex-col gap-1">
              <span className="font-mono text-muted-foreground text-xs">{name}</span>
              <RunValue name={name} value={value} />
            </li>
          ))}
        </ul>
      ) : null}
      {latest?.status === "failed" && latest.error ? (
        <p role="alert" className="text-destructive text-xs">
          {latest.error.message}
        </p>
      ) : null}
    </div>
  );
}
