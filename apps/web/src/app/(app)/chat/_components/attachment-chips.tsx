"use client";

import { formatBytes } from "@copilot/protocol";
import { ArrowClockwiseIcon, FileIcon, WarningCircleIcon, XIcon } from "@phosphor-icons/react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import { type UploadItem, uploadPercent } from "@/lib/files/upload-state";

/** The composer's files: name, size, progress while uploading, the error and a retry when it failed. */
export function AttachmentChips({
  items,
  onRemove,
  onRetry,
}: {
  items: readonly UploadItem[];
  onRemove(id: string): void;
  onRetry(id: string): void;
}) {
  if (items.length === 0) return null;
  return (
    <ul aria-label="Attached files" className="flex flex-wrap gap-2 px-3 pt-3">
      {items.map((item) => {
        const { status } = item;
        const failed = status.kind === "failed";
        const percent = uploadPercent(status);
        return (
          <li
            key={item.id}
            data-testid="attachment-chip"
            data-status={status.kind}
            className={cn(
              "relative flex max-w-64 items-center gap-2 overflow-hidden rounded-md border bg-muted/40 py-1 pr-1 pl-2 text-xs",
              failed && "border-destructive/50",
            )}
          >
            {failed ? (
              <WarningCircleIcon aria-hidden="true" className="size-4 shrink-0 text-destructive" />
            ) : (
              <FileIcon aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
            )}
            <span className="flex min-w-0 flex-col">
              <span className="truncate font-medium" title={item.name}>
                {item.name}
              </span>
              <span className={cn("truncate", failed ? "text-destructive" : "text-muted-foreground")}>
                {failed
                  ? status.problem.message
                  : status.kind === "done"
                    ? formatBytes(item.size)
                    : status.kind === "processing"
                      ? "Saving…"
                      : `${percent}% of ${formatBytes(item.size)}`}
              </span>
            </span>
            {failed && status.problem.canRetry ? (
              <Button
                type="button"
                variant="ghost"
                size="icon"
                className="size-6"
                onClick={() => onRetry(item.id)}
              >
                <ArrowClockwiseIcon aria-hidden="true" />
                <span className="sr-only">Retry {item.name}</span>
              </Button>
            ) : null}
            <Button
              type="button"
              variant="ghost"
              size="icon"
              className="size-6"
              onClick={() => onRemove(item.id)}
            >
              <XIcon aria-hidden="true" />
              <span className="sr-only">
                {status.kind === "done" || failed ? `Remove ${item.name}` : `Cancel upload of ${item.name}`}
              </span>
            </Button>
            {status.kind === "uploading" || status.kind === "processing" ? (
              <span
                aria-hidden="true"
                className="absolute bottom-0 left-0 h-0.5 bg-primary transition-[width]"
                style={{ width: `${percent}%` }}
              />
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
