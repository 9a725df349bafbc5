"use client";

import {
  ArrowClockwiseIcon,
  FolderSimpleDashedIcon,
  MagnifyingGlassIcon,
  WarningCircleIcon,
} from "@phosphor-icons/react";
import { Button } from "@/components/ui/button";

/** Nothing in this folder, or nothing matching the search: say so, and what to do next. */
export function EmptyListing({ q, onClearSearch }: { q: string; onClearSearch(): void }) {
  if (q) {
    return (
      <div className="flex flex-col items-center gap-3 rounded-lg border border-dashed px-6 py-12 text-center">
        <MagnifyingGlassIcon aria-hidden="true" className="size-8 text-muted-foreground" />
        <p className="font-medium">No files named like “{q}” here</p>
        <p className="text-muted-foreground text-sm">
          The search covers this folder and the folders inside it.
        </p>
        <Button variant="outline" size="sm" onClick={onClearSearch}>
          Clear search
        </Button>
      </div>
    );
  }
  return (
    <div className="flex flex-col items-center gap-3 rounded-lg border border-dashed px-6 py-12 text-center">
      <FolderSimpleDashedIcon aria-hidden="true" className="size-8 text-muted-foreground" />
      <p className="font-medium">No files here yet</p>
      <p className="max-w-sm text-muted-foreground text-sm">
        Drop files on this page or use “Upload files”. Files the assistant saves for you show up here too.
      </p>
    </div>
  );
}

/** The first page failed to load: the message by error code, and a way to try again. */
export function ListingError({ message, onRetry }: { message: string; onRetry(): void }) {
  return (
    <div role="alert" className="flex flex-col items-center gap-3 rounded-lg border px-6 py-12 text-center">
      <WarningCircleIcon aria-hidden="true" className="size-8 text-destructive" />
      <p className="font-medium">{message}</p>
      <Button variant="outline" size="sm" onClick={onRetry}>
        <ArrowClockwiseIcon aria-hidden="true" className="size-4" />
        Try again
      </Button>
    </div>
  );
}
