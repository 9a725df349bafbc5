import type { NodeStatus, RunStatus } from "@copilot/protocol";
import { Badge } from "@/components/ui/badge";

/** Colours per status, shared by the graph's nodes and the run list. */
export const statusTone: Record<NodeStatus | RunStatus, { border: string; text: string }> = {
  pending: { border: "border-border", text: "text-muted-foreground" },
  queued: { border: "border-border", text: "text-muted-foreground" },
  running: { border: "border-primary", text: "text-primary" },
  completed: { border: "border-success", text: "text-success" },
  failed: { border: "border-destructive", text: "text-destructive" },
  cancelled: { border: "border-warning", text: "text-foreground" },
  skipped: { border: "border-dashed", text: "text-muted-foreground" },
};

const variants = {
  queued: "secondary",
  running: "outline",
  completed: "success",
  failed: "destructive",
  cancelled: "warning",
} as const;

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return (
    <Badge variant={variants[status]} data-testid="run-status" data-status={status}>
      {status}
    </Badge>
  );
}
