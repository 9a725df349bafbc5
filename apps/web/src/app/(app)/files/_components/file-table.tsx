"use client";

import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCaption, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { Entry } from "@/lib/files/entries";
import type { SortKey, SortState } from "@/lib/files/sort";
import { type FileRowActions, FileTableRow } from "./file-table-row";
import { SortHeader } from "./sort-header";

const SORT_WORDS: Record<SortKey, string> = {
  name: "name",
  size: "size",
  type: "type",
  modified: "date modified",
};

function Columns({ sort, onSort }: { sort: SortState; onSort(column: SortKey): void }) {
  return (
    <TableHeader>
      <TableRow className="hover:bg-transparent">
        <SortHeader column="name" label="Name" sort={sort} onSort={onSort} />
        <SortHeader column="size" label="Size" sort={sort} onSort={onSort} align="right" />
        <SortHeader column="type" label="Type" sort={sort} onSort={onSort} className="hidden md:table-cell" />
        <SortHeader
          column="modified"
          label="Modified"
          sort={sort}
          onSort={onSort}
          className="hidden sm:table-cell"
        />
        <TableHead className="w-0">
          <span className="sr-only">Actions</span>
        </TableHead>
      </TableRow>
    </TableHeader>
  );
}

/** The listing: sortable columns, one row per folder or file. */
export function FileTable({
  entries,
  sort,
  onSort,
  caption,
  showPaths,
  ...actions
}: {
  entries: readonly Entry[];
  sort: SortState;
  onSort(column: SortKey): void;
  /** Names the table for screen readers: which folder or search it shows. */
  caption: string;
  showPaths: boolean;
} & FileRowActions) {
  const direction = sort.direction === "asc" ? "ascending" : "descending";
  return (
    <Table>
      <TableCaption className="sr-only">
        {caption}, sorted by {SORT_WORDS[sort.key]}, {direction}
      </TableCaption>
      <Columns sort={sort} onSort={onSort} />
      <TableBody>
        {entries.map((entry) => (
          <FileTableRow key={entry.key} entry={entry} showPath={showPaths} {...actions} />
        ))}
      </TableBody>
    </Table>
  );
}

/** Placeholder rows while the first page of a folder loads; announced once by the wrapper. */
export function FileTableSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <div role="status" aria-busy="true" className="flex flex-col">
      <span className="sr-only">Loading files…</span>
      {Array.from({ length: rows }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <div key={index} className="flex items-center gap-3 border-b px-2 py-3">
          <Skeleton className="size-5 rounded-sm" />
          <Skeleton className="h-4 flex-1" />
          <Skeleton className="hidden h-4 w-16 sm:block" />
          <Skeleton className="hidden h-4 w-24 md:block" />
        </div>
      ))}
    </div>
  );
}
