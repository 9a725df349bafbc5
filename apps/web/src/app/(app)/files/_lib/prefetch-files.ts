import { workspaceUsageSchema } from "@copilot/protocol";
import type { QueryClient } from "@tanstack/react-query";
import { toApiError } from "@/lib/api/api-error";
import { requestApi } from "@/lib/api/server";
import {
  type FileListFilter,
  fileListQueryOptions,
  filePageSchema,
  listFilesQuery,
  usageQueryOptions,
} from "@/lib/queries/files";

/**
 * Fills `queryClient` with the usage and the first page of `filter`, fetched on the server with
 * the browser's cookie, under the same keys the client components subscribe to. A failure is not
 * dehydrated (TanStack keeps only successful queries), so the browser retries on its own and shows
 * its error state instead of the whole page failing.
 */
export async function prefetchFiles(queryClient: QueryClient, filter: FileListFilter): Promise<void> {
  const api = await requestApi();
  await Promise.all([
    queryClient.prefetchQuery({
      ...usageQueryOptions(),
      retry: false,
      queryFn: async () => {
        const { data, error, response } = await api.GET("/api/workspace");
        if (error !== undefined || !response.ok) throw toApiError(error, response);
        return workspaceUsageSchema.parse(data);
      },
    }),
    queryClient.prefetchInfiniteQuery({
      ...fileListQueryOptions(filter),
      retry: false,
      queryFn: async ({ pageParam }) => {
        const { data, error, response } = await api.GET("/api/workspace/files", {
          params: { query: listFilesQuery(filter, pageParam) },
        });
        if (error !== undefined || !response.ok) throw toApiError(error, response);
        return filePageSchema.parse(data);
      },
    }),
  ]);
}
