import {
  CheckCircleIcon,
  CircleNotchIcon,
  ClockIcon,
  FileTextIcon,
  ProhibitIcon,
  PuzzlePieceIcon,
  WarningCircleIcon,
  WrenchIcon,
} from "@phosphor-icons/react";
import { Badge } from "@/components/ui/badge";
import type { ToolPart } from "@/lib/chat/message-parts";
import { type ToolCardState, toolView } from "@/lib/chat/tool-view";
import { cn } from "@/lib/cn";
import { FileRow } from "./file-row";

const stateText: Record<ToolCardState, string> = {
  preparing: "Preparing",
  running: "Running",
  "awaiting-approval": "Awaiting approval",
  done: "Done",
  failed: "Failed",
  denied: "Not run",
};

const stateVariant = {
  preparing: "outline",
  running: "outline",
  "awaiting-approval": "warning",
  done: "success",
  failed: "destructive",
  denied: "secondary",
} as const satisfies Record<ToolCardState, string>;

function StateIcon({ state }: { state: ToolCardState }) {
  switch (state) {
    case "preparing":
    case "running":
      return <CircleNotchIcon aria-hidden="true" className="animate-spin motion-reduce:animate-none" />;
    case "awaiting-approval":
      return <ClockIcon aria-hidden="true" />;
    case "done":
      return <CheckCircleIcon aria-hidden="true" />;
    case "failed":
      return <WarningCircleIcon aria-hidden="true" />;
    case "denied":
      return <ProhibitIcon aria-hidden="true" />;
  }
}

function ToolIcon({ name }: { name: string }) {
  const className = "size-4 shrink-0 text-muted-foreground";
  if (name === "run_block") return <PuzzlePieceIcon aria-hidden="true" className={className} />;
  if (name.endsWith("workspace_file") || name.endsWith("workspace_files"))
    return <FileTextIcon aria-hidden="true" className={className} />;
  return <WrenchIcon aria-hidden="true" className={className} />;
}

/** One tool call: what was called with what, how it is going, and what came back (files with links). */
export function ToolCard({ part }: { part: ToolPart }) {
  const view = toolView(part);
  return (
    <section
      data-slot="tool-card"
      data-tool-name={view.name}
      data-state={view.state}
      aria-label={`Tool: ${view.label}`}
      className={cn(
        "my-2 rounded-lg border bg-card text-sm",
        view.state === "failed" && "border-destructive/50",
      )}
    >
      <header className="flex items-center gap-2 px-3 py-2">
        <ToolIcon name={view.name} />
        <span className="font-medium">{view.label}</span>
        <code className="truncate text-muted-foreground text-xs">{view.name}</code>
        <Badge variant={stateVariant[view.state]} className="ml-auto">
          <StateIcon state={view.state} />
          {stateText[view.state]}
        </Badge>
      </header>
      {view.inputSummary || view.outputSummary || view.errorText || view.files.length > 0 ? (
        <div className="flex flex-col gap-1.5 border-t px-3 py-2">
          {view.inputSummary ? (
            <p className="truncate font-mono text-muted-foreground text-xs" title={view.inputSummary}>
              {view.inputSummary}
            </p>
          ) : null}
          {view.outputSummary ? <p className="text-xs">{view.outputSummary}</p> : null}
          {view.errorText ? (
            <p role="alert" className="text-destructive text-xs">
              {view.errorText}
            </p>
          ) : null}
          {view.files.length > 0 ? (
            <ul aria-label="Files" className="flex flex-col gap-1.5">
              {view.files.map((file, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a listing may name one file twice.
                <FileRow key={`${file.id ?? file.name}-${index}`} file={file} />
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
