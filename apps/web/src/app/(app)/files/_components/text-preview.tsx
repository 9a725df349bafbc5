"use client";

import type { WorkspaceFile } from "@copilot/protocol";
import { useQuery } from "@tanstack/react-query";
import { Skeleton } from "@/components/ui/skeleton";
import { describeFileError } from "@/lib/files/file-errors";
import { TEXT_PREVIEW_BYTES } from "@/lib/files/file-kinds";
import { formatBytes } from "@/lib/files/format";
import { textPreviewQueryOptions } from "@/lib/queries/files";

/**
 * The first 64 KiB of a text file as plain text. It goes into a <pre> as a React text node, so
 * HTML, SVG or script in the file is shown as characters and never interpreted.
 */
export function TextPreview({ file }: { file: WorkspaceFile }) {
  const preview = useQuery({ ...textPreviewQueryOptions(file), enabled: file.size_bytes > 0 });
  if (file.size_bytes === 0) return <p className="text-muted-foreground text-sm">This file is empty.</p>;
  if (preview.isError) {
    return (
      <p role="alert" className="text-destructive text-sm">
        {describeFileError(preview.error, "preview", file.name)}
      </p>
    );
  }
  if (!preview.data) {
    return (
      <div role="status" aria-busy="true" className="flex flex-col gap-2">
        <span className="sr-only">Loading preview…</span>
        <Skeleton className="h-4 w-3/4" />
        <Skeleton className="h-4 w-2/3" />
        <Skeleton className="h-4 w-1/2" />
      </div>
    );
  }
  return (
    <div className="flex min-h-0 flex-col gap-2">
      <pre
        data-testid="text-preview"
        className="max-h-[55vh] overflow-auto whitespace-pre-wrap break-words rounded-md border bg-muted/40 p-3 font-mono text-xs leading-relaxed outline-none focus-visible:ring-2 focus-visible:ring-ring"
      >
        {preview.data.text}
      </pre>
      {preview.data.truncated ? (
        <p className="text-muted-foreground text-xs">
          Showing the first {formatBytes(TEXT_PREVIEW_BYTES)} of {formatBytes(file.size_bytes)}. Download the
          file to see all of it.
        </p>
      ) : null}
    </div>
  );
}
