"use client";

import type { OperationStatus } from "@copilot/protocol";
import {
  CheckCircleIcon,
  CircleNotchIcon,
  ProhibitIcon,
  RobotIcon,
  WarningCircleIcon,
} from "@phosphor-icons/react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatElapsed, generatedAgentSchema, type OperationRef, stepsOf } from "@/lib/chat/operation-view";
import { cn } from "@/lib/cn";
import {
  cancelOperationMutationOptions,
  operationQueryOptions,
  operationsKeys,
} from "@/lib/queries/operations";
import { AgentCard } from "./agent-card";
import { useOperationProgress } from "./use-operation-progress";

const labels: Record<string, string> = {
  generate_agent: "Agent generation",
  run_agent: "Agent run",
};

const statusText: Record<OperationStatus, string> = {
  running: "Running",
  completed: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
};

const statusVariant = {
  running: "outline",
  completed: "success",
  failed: "destructive",
  cancelled: "secondary",
} as const satisfies Record<OperationStatus, string>;

function StatusIcon({ status }: { status: OperationStatus }) {
  if (status === "running")
    return <CircleNotchIcon aria-hidden="true" className="animate-spin motion-reduce:animate-none" />;
  if (status === "completed") return <CheckCircleIcon aria-hidden="true" />;
  if (status === "failed") return <WarningCircleIcon aria-hidden="true" />;
  return <ProhibitIcon aria-hidden="true" />;
}

/** Re-renders every second while `running`, for the elapsed time. */
function useNow(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}

/**
 * A long-running tool call in the chat (docs/operations.md "Operations"): its steps, a progress bar,
 * the elapsed time and Cancel while it runs; its outcome once it ended (a generated agent as an
 * agent card). The state comes from the server, never from this tab alone: the operation's record
 * (read every second while running) and its progress log (replayed, then followed), so a reload
 * or another device shows the same card.
 */
export function OperationCard({ operation: initial }: { operation: OperationRef }) {
  const queryClient = useQueryClient();
  const record = useQuery(operationQueryOptions(initial.operationId));
  const status = record.data?.status ?? initial.status;
  const progressTaskId = record.data?.progress_task_id ?? initial.progressTaskId;
  const progress = useOperationProgress(progressTaskId);
  const now = useNow(status === "running");
  const cancel = useMutation({
    ...cancelOperationMutationOptions(),
    onSuccess: (operation) => queryClient.setQueryData(operationsKeys.detail(operation.id), operation),
  });

  const latest = progress.at(-1) ?? null;
  const fraction = status === "completed" ? 1 : (latest?.fraction ?? record.data?.progress?.fraction ?? 0);
  const steps = stepsOf(progress);
  const createdAt = record.data ? Date.parse(record.data.created_at) : null;
  const endedAt = record.data?.ended_at ? Date.parse(record.data.ended_at) : null;
  const elapsed = createdAt === null ? null : formatElapsed((endedAt ?? now) - createdAt);
  const error = record.data?.error ?? initial.error;
  const result = record.data?.result ?? initial.result;
  const agent = initial.toolName === "generate_agent" ? generatedAgentSchema.safeParse(result) : null;
  const label = labels[initial.toolName] ?? initial.toolName;

  return (
    <section
      data-testid="operation-card"
      data-status={status}
      data-operation-id={initial.operationId}
      aria-label={`Operation: ${label}`}
      className={cn("my-2 rounded-lg border bg-card text-sm", status === "failed" && "border-destructive/50")}
    >
      <header className="flex items-center gap-2 px-3 py-2">
        <RobotIcon aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
        <span className="font-medium">{label}</span>
        {elapsed ? <span className="text-muted-foreground text-xs tabular-nums">{elapsed}</span> : null}
        <Badge variant={statusVariant[status]} className="ml-auto" data-testid="operation-status">
          <StatusIcon status={status} />
          {statusText[status]}
        </Badge>
      </header>
      <div className="flex flex-col gap-2 border-t px-3 py-2">
        <div
          role="progressbar"
          aria-label={`${label}: progress`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(fraction * 100)}
          className="h-1.5 w-full overflow-hidden rounded-full bg-muted"
        >
          <div
            className={cn("h-full bg-primary transition-[width]", status === "failed" && "bg-destructive")}
            style={{ width: `${Math.round(fraction * 100)}%` }}
          />
        </div>
        {steps.length > 0 ? (
          <ol aria-label="Steps" className="flex flex-col gap-0.5 text-xs">
            {steps.map((step, index) => {
              const current = status === "running" && index === steps.length - 1;
              return (
                <li key={step.step} className="flex items-center gap-1.5">
                  {current ? (
                    <CircleNotchIcon
                      aria-hidden="true"
                      className="size-3 animate-spin motion-reduce:animate-none"
                    />
                  ) : (
                    <CheckCircleIcon aria-hidden="true" className="size-3 text-muted-foreground" />
                  )}
                  <span className="font-mono">{step.step}</span>
                  <span className="truncate text-muted-foreground">{step.message}</span>
                </li>
              );
            })}
          </ol>
        ) : null}
        {status === "running" ? (
          <div className="flex items-center justify-between gap-2">
            <p className="text-muted-foreground text-xs">
              You can close this tab: the result will appear in this chat.
            </p>
            <Button
              size="sm"
              variant="outline"
              data-testid="operation-cancel"
              disabled={cancel.isPending}
              onClick={() => cancel.mutate(initial.operationId)}
            >
              Cancel
            </Button>
          </div>
        ) : null}
        {status === "failed" && error ? (
          <p role="alert" className="text-destructive text-xs">
            {error.message}
          </p>
        ) : null}
        {cancel.isError ? (
          <p role="alert" className="text-destructive text-xs">
            {cancel.error.message}
          </p>
        ) : null}
        {status === "completed" && agent?.success ? <AgentCard agentId={agent.data.agent_id} /> : null}
      </div>
    </section>
  );
}
