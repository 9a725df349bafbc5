import type { WorkspaceUsage } from "@copilot/protocol";
import Link from "next/link";
import { cn } from "@/lib/cn";
import { countFiles, formatBytes } from "@/lib/files/format";

/** "0%", "<1%", "42%", "100%": never says 0% while something is stored. */
function percentLabel(used: number, quota: number): string {
  if (quota <= 0) return used > 0 ? "100%" : "0%";
  const percent = (used / quota) * 100;
  if (percent > 0 && percent < 1) return "<1%";
  return `${Math.floor(percent)}%`;
}

/**
 * How much of the quota is used, as a meter with the same words for sight and for screen readers.
 * The bar turns amber above 90% and red when full, so running out never comes as a surprise.
 */
export function UsageBar({ usage, className }: { usage: WorkspaceUsage; className?: string }) {
  const {
    used_bytes: used,
    quota_bytes: quota,
    file_count: count,
    trash_bytes: trash,
    trash_count: trashCount,
  } = usage;
  const ratio = quota > 0 ? used / quota : 1;
  const summary = `${formatBytes(used)} of ${formatBytes(quota)} used`;
  const percent = percentLabel(used, quota);
  return (
    <div data-testid="usage-bar" className={cn("flex w-full min-w-48 flex-col gap-1.5", className)}>
      <div className="flex items-baseline justify-between gap-3 text-xs">
        <span className="font-medium">Storage</span>
        <span className="text-muted-foreground tabular-nums">{summary}</span>
      </div>
      {/* The native meter speaks to assistive tech; the bar below only draws it (meters style
          differently in every engine). */}
      <meter
        className="sr-only"
        aria-label="Workspace storage"
        min={0}
        max={Math.max(quota, 1)}
        value={Math.min(used, Math.max(quota, 1))}
        aria-valuetext={`${summary} (${percent}), ${countFiles(count)}`}
      />
      <div aria-hidden="true" className="h-2 w-full overflow-hidden rounded-full bg-primary/15">
        <div
          className={cn(
            "h-full rounded-full transition-[width] duration-300",
            ratio >= 1 ? "bg-destructive" : ratio >= 0.9 ? "bg-warning" : "bg-primary",
          )}
          style={{ width: `${Math.min(100, ratio * 100)}%` }}
        />
      </div>
      <p className="text-muted-foreground text-xs tabular-nums">
        {countFiles(count)} · {percent} ·{" "}
        <Link href="/files/trash" className="underline-offset-2 hover:underline" data-testid="trash-link">
          {trashCount > 0 ? `Trash: ${formatBytes(trash)}` : "Trash"}
        </Link>
      </p>
    </div>
  );
}
