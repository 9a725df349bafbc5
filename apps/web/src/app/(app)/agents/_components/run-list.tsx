"use client";

import type { AgentRun } from "@copilot/protocol";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { agentsKeys, cancelRunMutationOptions } from "@/lib/queries/agents";
import { RunStatusBadge } from "./run-status";
import { RunValue } from "./run-value";

const time = (iso: string) => new Date(iso).toLocaleString();

/** The newest runs: status, when, the error of a failed one, and the outputs (images inline). */
export function RunList({ agentId, runs }: { agentId: string; runs: AgentRun[] }) {
  const queryClient = useQueryClient();
  const cancel = useMutation({
    ...cancelRunMutationOptions(),
    onSettled: () => queryClient.invalidateQueries({ queryKey: agentsKeys.runs(agentId) }),
    onError: () => toast.error("The run could not be cancelled"),
  });
  if (runs.length === 0) return <p className="text-muted-foreground text-sm">No runs yet: press Run.</p>;
  return (
    <ol aria-label="Runs" className="flex flex-col gap-3">
      {runs.map((run) => (
        <li
          key={run.id}
          data-testid="agent-run-item"
          data-run-id={run.id}
          className="flex flex-col gap-2 rounded-lg border p-3"
        >
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <RunStatusBadge status={run.status} />
            <span className="text-muted-foreground">
              {time(run.created_at)} · version {run.version}
            </span>
            <div className="flex-1" />
            {run.status === "running" || run.status === "queued" ? (
              <Button
                variant="outline"
                size="sm"
                disabled={cancel.isPending}
                onClick={() => cancel.mutate(run)}
              >
                Cancel
              </Button>
            ) : null}
          </div>
          {run.error ? (
            <p className="text-destructive text-sm">
              {run.error.node ? `${run.error.node}: ` : ""}
              {run.error.message}
            </p>
          ) : null}
          {Object.entries(run.outputs).map(([name, value]) => (
            <div key={name} data-output-name={name} className="flex flex-col gap-1">
              <span className="font-medium text-xs">{name}</span>
              <RunValue name={name} value={value} />
            </div>
          ))}
        </li>
      ))}
    </ol>
  );
}
