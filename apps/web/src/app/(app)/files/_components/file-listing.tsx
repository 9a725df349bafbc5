"use client";

import type { WorkspaceFile } from "@copilot/protocol";
import type { Entry } from "@/lib/files/entries";
import { describeFileError } from "@/lib/files/file-errors";
import type { SortKey, SortState } from "@/lib/files/sort";
import type { useFileEntries } from "../_hooks/use-file-entries";
import { FileTable, FileTableSkeleton } from "./file-table";
import { EmptyListing, ListingError } from "./listing-states";
import { LoadMore } from "./load-more";

type ListQuery = ReturnType<typeof useFileEntries>["query"];

/** The listing in each of its states: loading, failed, empty, or rows with more to load. */
export function FileListing({
  query,
  entries,
  loadedCount,
  sort,
  onSort,
  folder,
  q,
  onClearSearch,
  onOpenFolder,
  onPreview,
  onDelete,
}: {
  query: ListQuery;
  entries: readonly Entry[];
  loadedCount: number;
  sort: SortState;
  onSort(column: SortKey): void;
  folder: string;
  q: string;
  onClearSearch(): void;
  onOpenFolder(folder: string): void;
  onPreview(file: WorkspaceFile): void;
  onDelete(file: WorkspaceFile): void;
}) {
  if (query.isPending) return <FileTableSkeleton />;
  if (query.isError && !query.data) {
    return (
      <ListingError message={describeFileError(query.error, "list")} onRetry={() => void query.refetch()} />
    );
  }
  if (entries.length === 0 && !query.hasNextPage) return <EmptyListing q={q} onClearSearch={onClearSearch} />;

  const loadNext = () => {
    if (!query.isFetchingNextPage) void query.fetchNextPage();
  };
  return (
    <div aria-busy={query.isFetching} className="flex flex-col">
      <FileTable
        entries={entries}
        sort={sort}
        onSort={onSort}
        caption={q ? `Files named like “${q}” in ${folder}` : `Contents of ${folder}`}
        showPaths={q !== ""}
        onOpenFolder={onOpenFolder}
        onPreview={onPreview}
        onDelete={onDelete}
      />
      {query.isFetchNextPageError ? (
        <p role="alert" className="py-2 text-center text-destructive text-sm">
          {describeFileError(query.error, "list")}
        </p>
      ) : null}
      {query.hasNextPage ? (
        // Keyed by the count: a fresh observer per page fires again if the end is still in view.
        <LoadMore
          key={loadedCount}
          loading={query.isFetchingNextPage}
          onLoad={loadNext}
          loadedCount={loadedCount}
        />
      ) : null}
    </div>
  );
}
