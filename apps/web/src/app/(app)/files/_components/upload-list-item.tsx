"use client";

import { CheckCircleIcon, WarningCircleIcon } from "@phosphor-icons/react";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";
import { cn } from "@/lib/cn";
import { formatBytes } from "@/lib/files/format";
import { type UploadItem, uploadPercent } from "@/lib/files/upload-state";

export type UploadItemActions = {
  onCancel(id: string): void;
  onReplace(id: string): void;
  onRetry(id: string): void;
};

function statusText(item: UploadItem): string {
  const { status } = item;
  switch (status.kind) {
    case "queued":
      return "Waiting…";
    case "uploading":
      return `${uploadPercent(status)}% · ${formatBytes(status.loaded)} of ${formatBytes(item.size)}`;
    case "processing":
      return "Finishing…";
    case "done":
      return status.replaced ? `Replaced (version ${status.file.version})` : "Uploaded";
    case "failed":
      return status.problem.message;
  }
}

/**
 * One file being uploaded: name, destination, a progress bar with its percentage, and the way out
 * that fits its state (cancel while sending; replace or cancel when the name is taken; retry after
 * a dropped connection; dismiss when it is over).
 */
export function UploadListItem({ item, ...actions }: { item: UploadItem } & UploadItemActions) {
  const { status } = item;
  const failed = status.kind === "failed";
  const percent = uploadPercent(status);
  return (
    <li
      data-upload-status={status.kind}
      className={cn(
        "flex flex-col gap-2 rounded-md border bg-card p-3 text-sm",
        failed && "border-destructive/50 bg-destructive/5",
      )}
    >
      <div className="flex min-w-0 items-start gap-2">
        {status.kind === "done" ? (
          <CheckCircleIcon aria-hidden="true" weight="fill" className="mt-0.5 size-4 shrink-0 text-success" />
        ) : failed ? (
          <WarningCircleIcon
            aria-hidden="true"
            weight="fill"
            className="mt-0.5 size-4 shrink-0 text-destructive"
          />
        ) : null}
        <div className="flex min-w-0 flex-1 flex-col">
          <span className="truncate font-medium" title={item.path}>
            {item.name}
          </span>
          <span className="truncate text-muted-foreground text-xs">
            {formatBytes(item.size)} → {item.path.slice(0, item.path.lastIndexOf("/") + 1)}
          </span>
        </div>
        <UploadItemButtons item={item} {...actions} />
      </div>
      {failed ? null : (
        <Progress
          data-testid="upload-progress"
          value={percent}
          aria-label={`Uploading ${item.name}`}
          className="h-1.5"
        />
      )}
      <p className={cn("text-xs", failed ? "text-destructive" : "text-muted-foreground")}>
        {statusText(item)}
      </p>
    </li>
  );
}

function UploadItemButtons({ item, onCancel, onReplace, onRetry }: { item: UploadItem } & UploadItemActions) {
  const { status } = item;
  const name = item.name;
  if (status.kind === "failed" && status.problem.canReplace) {
    return (
      <div className="flex shrink-0 gap-1">
        <Button size="sm" onClick={() => onReplace(item.id)} aria-label={`Replace ${name}`}>
          Replace
        </Button>
        <Button size="sm" variant="outline" onClick={() => onCancel(item.id)} aria-label={`Cancel ${name}`}>
          Cancel
        </Button>
      </div>
    );
  }
  if (status.kind === "failed") {
    return (
      <div className="flex shrink-0 gap-1">
        {status.problem.canRetry ? (
          <Button size="sm" variant="outline" onClick={() => onRetry(item.id)} aria-label={`Retry ${name}`}>
            Retry
          </Button>
        ) : null}
        <Button size="sm" variant="ghost" onClick={() => onCancel(item.id)} aria-label={`Dismiss ${name}`}>
          Dismiss
        </Button>
      </div>
    );
  }
  const finished = status.kind === "done";
  return (
    <Button
      size="sm"
      variant="ghost"
      className="shrink-0"
      onClick={() => onCancel(item.id)}
      aria-label={finished ? `Dismiss ${name}` : `Cancel upload of ${name}`}
    >
      {finished ? "Dismiss" : "Cancel"}
    </Button>
  );
}
