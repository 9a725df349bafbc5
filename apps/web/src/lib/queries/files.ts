import {
  emptyTrashResponseSchema,
  type ListedFile,
  listedFileSchema,
  pageSchema,
  type TrashedFile,
  trashedFileSchema,
  type WorkspaceFile,
  type WorkspaceUsage,
  workspaceFileSchema,
  workspaceUsageSchema,
} from "@copilot/protocol";
import {
  type InfiniteData,
  infiniteQueryOptions,
  mutationOptions,
  type QueryClient,
  queryOptions,
} from "@tanstack/react-query";
import { api, expectOk, unwrap } from "../api/client";
import { TEXT_PREVIEW_BYTES } from "../files/file-kinds";
import { downloadUrl } from "../files/file-urls";
import { rangeOfFirst, readTextPreview, type TextPreview } from "../files/text-preview";

export const filePageSchema = pageSchema(listedFileSchema);
type FilePage = { items: ListedFile[]; next_cursor: string | null };
const trashPageSchema = pageSchema(trashedFileSchema);
type TrashPage = { items: TrashedFile[]; next_cursor: string | null };

/** What one listing shows: a folder (path prefix) and an optional name search inside it. */
export type FileListFilter = { folder: string; q: string };

/** Enough rows to fill a screen twice; the server allows 200. */
const FILES_PAGE_SIZE = 100;

const filesKeys = {
  all: ["workspace"] as const,
  usage: () => [...filesKeys.all, "usage"] as const,
  lists: () => [...filesKeys.all, "files"] as const,
  list: (filter: FileListFilter) => [...filesKeys.lists(), filter] as const,
  trash: () => [...filesKeys.all, "trash"] as const,
  // Keyed by content: an overwrite (same id, new bytes) is a new preview.
  preview: (file: Pick<WorkspaceFile, "id" | "sha256">) =>
    [...filesKeys.all, "preview", file.id, file.sha256] as const,
};

/** `{used_bytes, quota_bytes, file_count, trash_bytes, trash_count}`; the page seeds it on the server. */
export function usageQueryOptions() {
  return queryOptions({
    queryKey: filesKeys.usage(),
    queryFn: async ({ signal }): Promise<WorkspaceUsage> =>
      workspaceUsageSchema.parse(await unwrap(api.GET("/api/workspace", { signal }))),
  });
}

/** The query the list API takes for one page of `filter`. */
export function listFilesQuery(filter: FileListFilter, cursor: string | null) {
  return {
    prefix: filter.folder,
    q: filter.q === "" ? undefined : filter.q,
    limit: FILES_PAGE_SIZE,
    cursor: cursor ?? undefined,
  };
}

/** Files under a folder (every depth; folders are derived from paths), newest change first. */
export function fileListQueryOptions(filter: FileListFilter) {
  return infiniteQueryOptions({
    queryKey: filesKeys.list(filter),
    queryFn: async ({ pageParam, signal }): Promise<FilePage> =>
      filePageSchema.parse(
        await unwrap(
          api.GET("/api/workspace/files", { params: { query: listFilesQuery(filter, pageParam) }, signal }),
        ),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
}

/** The restorable trash, most recently deleted first. */
export function trashQueryOptions() {
  return infiniteQueryOptions({
    queryKey: filesKeys.trash(),
    queryFn: async ({ pageParam, signal }): Promise<TrashPage> =>
      trashPageSchema.parse(
        await unwrap(
          api.GET("/api/workspace/trash", {
            params: { query: { limit: FILES_PAGE_SIZE, cursor: pageParam ?? undefined } },
            signal,
          }),
        ),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
}

/** Deletes one trashed file for good. */
export function purgeTrashedMutationOptions() {
  return mutationOptions({
    mutationKey: [...filesKeys.all, "purge"],
    mutationFn: (file: Pick<TrashedFile, "id" | "name">): Promise<void> =>
      expectOk(api.DELETE("/api/workspace/trash/{id}", { params: { path: { id: file.id } } })),
  });
}

/** Deletes everything in the trash for good; resolves with how many files went. */
export function emptyTrashMutationOptions() {
  return mutationOptions({
    mutationKey: [...filesKeys.all, "empty-trash"],
    mutationFn: async (): Promise<number> =>
      emptyTrashResponseSchema.parse(await unwrap(api.DELETE("/api/workspace/trash"))).purged,
  });
}

/** The first 64 KiB of a text file, read by Range from the download route (never rendered as HTML). */
export function textPreviewQueryOptions(file: Pick<WorkspaceFile, "id" | "sha256" | "size_bytes">) {
  return queryOptions({
    queryKey: filesKeys.preview(file),
    queryFn: async ({ signal }): Promise<TextPreview> => {
      const response = await fetch(downloadUrl(file), {
        headers: { range: rangeOfFirst(TEXT_PREVIEW_BYTES) },
        credentials: "same-origin",
        signal,
      });
      return readTextPreview(response, TEXT_PREVIEW_BYTES, file.size_bytes);
    },
    // The key names the exact bytes, so the answer never goes stale.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Removes a file from every cached listing at once, so it disappears before the refetch lands. */
export function dropFromLists(queryClient: QueryClient, fileId: string) {
  queryClient.setQueriesData<InfiniteData<FilePage, string | null>>(
    { queryKey: filesKeys.lists() },
    (data) =>
      data
        ? {
            ...data,
            pages: data.pages.map((page) => ({
              ...page,
              items: page.items.filter((file) => file.id !== fileId),
            })),
          }
        : data,
  );
}

/**
 * Listings, the trash and usage change together after any upload, delete, restore or purge. Previews are keyed by
 * content and never need it.
 */
export function invalidateWorkspace(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: filesKeys.lists() }),
    queryClient.invalidateQueries({ queryKey: filesKeys.usage() }),
    queryClient.invalidateQueries({ queryKey: filesKeys.trash() }),
  ]);
}

/** Moves a file to the trash (restorable for WORKSPACE_TRASH_DAYS). */
export function deleteFileMutationOptions() {
  return mutationOptions({
    mutationKey: [...filesKeys.all, "delete"],
    mutationFn: (file: WorkspaceFile): Promise<void> =>
      expectOk(api.DELETE("/api/workspace/files/{id}", { params: { path: { id: file.id } } })),
  });
}

/** Brings a trashed file back; 409 file_exists when its path was reused meanwhile. */
export function restoreFileMutationOptions() {
  return mutationOptions({
    mutationKey: [...filesKeys.all, "restore"],
    mutationFn: async (file: Pick<WorkspaceFile, "id" | "name">): Promise<WorkspaceFile> =>
      workspaceFileSchema.parse(
        await unwrap(api.POST("/api/workspace/files/{id}/restore", { params: { path: { id: file.id } } })),
      ),
  });
}
