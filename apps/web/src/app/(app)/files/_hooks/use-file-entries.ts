"use client";

import type { WorkspaceFile } from "@copilot/protocol";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { deriveEntries, type Entry, fileEntry } from "@/lib/files/entries";
import { compareEntries, type SortState } from "@/lib/files/sort";
import { type FileListFilter, fileListQueryOptions } from "@/lib/queries/files";

/** Keyset pages can overlap when a file changes between two page loads; show it once. */
function uniqueFiles(pages: ReadonlyArray<{ items: WorkspaceFile[] }>): WorkspaceFile[] {
  const seen = new Set<string>();
  const files: WorkspaceFile[] = [];
  for (const page of pages) {
    for (const file of page.items) {
      if (seen.has(file.id)) continue;
      seen.add(file.id);
      files.push(file);
    }
  }
  return files;
}

/**
 * The rows of the current view: loaded pages of the listing, folded into subfolders (or flat
 * while searching, where each hit shows its path), in the chosen order. The server pages newest
 * first; other orders apply to what is loaded so far.
 */
export function useFileEntries(filter: FileListFilter, sort: SortState) {
  const query = useInfiniteQuery({
    ...fileListQueryOptions(filter),
    // While typing a search in the same folder, keep the old rows instead of flashing skeletons;
    // another folder's rows would be wrong, so a folder change starts empty.
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[2].folder === filter.folder ? previous : undefined,
  });
  const files = useMemo(() => uniqueFiles(query.data?.pages ?? []), [query.data]);
  const entries = useMemo((): Entry[] => {
    const rows = filter.q ? files.map(fileEntry) : deriveEntries(files, filter.folder);
    return rows.sort(compareEntries(sort));
  }, [files, filter.folder, filter.q, sort]);
  return { query, entries, loadedCount: files.length };
}
